import Foundation
import StoryloomCorpus
import Testing
import ZIPFoundation
@testable import StoryloomImport

/// A corpus exported to REFI-QDA and imported again is the same corpus.
@Suite struct RoundTripTests {
    func roundTrip(_ corpusPath: String) throws -> (before: Corpus, after: Corpus, archive: Data) {
        let before = try CorpusLoader.load(path: corpusPath)
        let archive = try Exporter.run(before, format: .qdpx)
        let file = try Fixture.temporary().appendingPathComponent("export.qdpx")
        try archive.write(to: file)
        let result = try Importer.run(path: file.path)
        let after = try CorpusLoader.load(bytes: Array(result.json.utf8), file: "back.json", form: .json)
        return (before, after, archive)
    }

    /// The loaded models, compared through their canonical drafts (every field, every
    /// extra, in corpus order), and their display orders.
    func expectSame(_ a: Corpus, _ b: Corpus) {
        #expect(CorpusDraft(a).json == CorpusDraft(b).json)
        #expect(a.themesInDisplayOrder.map { a.themes[$0].id } == b.themesInDisplayOrder.map { b.themes[$0].id })
        #expect(a.stories.map { $0.quotes.map { a.quotes[$0].id } } == b.stories.map { $0.quotes.map { b.quotes[$0].id } })
        #expect(a.storytellers.map { $0.attributes.map(\.value) } == b.storytellers.map { $0.attributes.map(\.value) })
    }

    @Test func theSmallCorpusComesBackTheSame() throws {
        let (before, after, _) = try roundTrip(Fixture.path("small-corpus.json"))
        expectSame(before, after)
        #expect(after.quotes[0].note == "A memo with a control \u{1} character")
        #expect(after.quotes[0].text.contains("\r\n"))
    }

    @Test func theSampleCorpusComesBackTheSame() throws {
        let (before, after, _) = try roundTrip(Fixture.repository.appendingPathComponent("reports/copro/corpus.json").path)
        expectSame(before, after)
    }

    @Test func theExportIsTheSameBytesEveryTime() throws {
        let corpus = try CorpusLoader.load(path: Fixture.path("small-corpus.json"))
        let first = try Exporter.run(corpus, format: .qdpx)
        let second = try Exporter.run(try CorpusLoader.load(path: Fixture.path("small-corpus.json")), format: .qdpx)
        #expect(first == second)
        // The committed export of the small corpus: any change to the bytes shows here.
        let golden = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("small-corpus.qdpx")))
        #expect(first == golden, "the export changed; if on purpose, write it again to Fixtures/small-corpus.qdpx")
    }

    @Test func theExportIsAProjectOtherProgramsRead() throws {
        let (_, _, data) = try roundTrip(Fixture.path("small-corpus.json"))
        let archive = try Archive(data: data, accessMode: .read)
        let paths = archive.map(\.path)
        #expect(paths == paths.sorted())
        #expect(paths.contains("project.qde"))
        #expect(paths.filter { $0.hasPrefix("Sources/") }.count == 3)
        var qde = Data()
        _ = try archive.extract(archive["project.qde"]!) { qde.append($0) }
        let text = String(decoding: qde, as: UTF8.self)
        #expect(text.contains("<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"A small study\""))
        #expect(text.contains("name=\"Trust &amp; safety\""))
        // Offsets are Unicode scalars: the quote after the emoji and CRLF starts where it should.
        #expect(text.contains("startPosition=\"0\" endPosition=\"48\""))
        #expect(text.contains("startPosition=\"50\" endPosition=\"71\""))
    }

    @Test func withoutTheSidecarTheCodingStillComesBack() throws {
        let corpus = try CorpusLoader.load(path: Fixture.path("small-corpus.json"))
        let data = try Exporter.run(corpus, format: .qdpx)
        let archive = try Archive(data: data, accessMode: .read)
        var files: [(String, Data)] = []
        for entry in archive where entry.path != REFIConventions.sidecar {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            files.append((entry.path, bytes))
        }
        let path = try Fixture.zip(files, name: "plain.qdpx")
        let result = try Importer.run(path: path)
        let back = try CorpusLoader.load(bytes: Array(result.json.utf8), file: "back.json", form: .json)
        #expect(back.quotes.map(\.text).sorted() == corpus.quotes.map(\.text).sorted())
        #expect(Set(back.themes.map(\.title)) == Set(corpus.themes.map(\.title)))
        #expect(back.quotes.filter(\.key).count == 2)
        #expect(back.storytellers.map { $0.attribute("age") } == [.number(54), .number(61), nil])
        #expect(back.stories[0].storytellers.count == 2)
        #expect(back.stories[0].recorded == "2022-05-01")
        #expect(back.stories[0].format == "group")
        #expect(back.stories[0].themes.map { back.themes[$0].title } == ["Trust & safety", "Learning"])
    }
}
