import Foundation
import Testing
@testable import StoryloomCorpus

@Suite struct LoadingTests {
    @Test func loadsTheValidCorpus() throws {
        let corpus = try Fixtures.load(Fixtures.validJSON)
        #expect(corpus.project.title == "Test study")
        #expect(corpus.project.links == [ProjectMetadata.Link(label: "Site", url: "https://example.org")])
        #expect(corpus.themes.map(\.id) == ["trust", "learning", "learning.co"])
        // Roots are in display order: `order` 1 before 2.
        #expect(corpus.roots.map { corpus.themes[$0].id } == ["learning", "trust"])
        #expect(corpus.themesInDisplayOrder.map { corpus.themes[$0].id } == ["learning", "learning.co", "trust"])
        #expect(corpus.themes[2].depth == 1)
        #expect(corpus.storytellers[0].attribute("age") == .number(54))
        #expect(corpus.storytellers[0].attribute("disability") == .strings(["physical"]))
        #expect(corpus.storytellers[1].extra.first?.key == "team")
        #expect(corpus.storytellers[0].stories == [0, 1])
        #expect(corpus.stories[1].quotes == [1])
        #expect(corpus.stories[0].recordedDay == ISODate.day("2022-05-01"))
        #expect(corpus.quotes[1].text == "We learnt together — “always”.")
        #expect(corpus.quotes[0].key && !corpus.quotes[1].key)
    }

    @Test func buildsMembershipBitSets() throws {
        let corpus = try Fixtures.load(Fixtures.validJSON)
        let research = corpus.vocabulary(.sector, id: "research")!
        let policy = corpus.vocabulary(.sector, id: "policy")!
        #expect(Array(corpus.index.storytellers[.sector]![research]) == [0])
        // A story's sectors are the union of its storytellers' sectors.
        #expect(Array(corpus.index.stories[.sector]![research]) == [0, 1])
        #expect(Array(corpus.index.stories[.sector]![policy]) == [1])
        #expect(Array(corpus.index.quotes[.sector]![policy]) == [1])
        let learning = corpus.theme(id: "learning")!
        let trust = corpus.theme(id: "trust")!
        #expect(corpus.index.themeQuotes[learning].isEmpty)
        #expect(Array(corpus.index.themeQuotesDeep[learning]) == [1])
        #expect(Array(corpus.index.themeStories[trust]) == [0, 1])
        #expect(Array(corpus.index.keyQuotes) == [0])
    }

    @Test func yamlLoadsToTheSameModel() throws {
        let yaml = """
        format: storyloom-corpus/1
        project:
          title: Test study
          version: 1.0
        vocabularies:
          sectors:
            - { id: research, label: Research }
        themes:
          - { id: trust, title: Trust }
        storytellers:
          - id: st1
            sectors: [research]
            attributes: { age: 54, gender: female, carer: true }
        stories:
          - { id: s1, storytellers: [st1], recorded: 2022-05-01 }
        quotes:
          - id: q1
            story: s1
            text: "We built trust."
            themes: [trust]
            key: true
        """
        let corpus = try CorpusLoader.load(bytes: Array(yaml.utf8), file: "corpus.yml", form: .yaml)
        #expect(corpus.project.version == "1.0")
        #expect(corpus.storytellers[0].attribute("age") == .number(54))
        #expect(corpus.storytellers[0].attribute("carer") == .bool(true))
        #expect(corpus.stories[0].recorded == "2022-05-01")
        #expect(corpus.quotes[0].key)
    }

    @Test func keepsUnknownKeysAsExtra() throws {
        let json = Fixtures.validJSON.replacingOccurrences(of: "\"format\": \"storyloom-corpus/1\",",
            with: "\"format\": \"storyloom-corpus/1\", \"sections\": {\"intro\": [\"a\", 1, true, null]},")
        let corpus = try Fixtures.load(json)
        #expect(corpus.extra.first?.key == "sections")
        #expect(corpus.extra.first?.value == .object([("intro", .array([.string("a"), .number(1), .bool(true), .null]))]))
    }

    @Test func decodesEscapes() throws {
        let json = Fixtures.validJSON.replacingOccurrences(of: "We built trust.", with: #"Tab\there \"q\" \u00e9 \ud83d\ude00 \/"#)
        let corpus = try Fixtures.load(json)
        #expect(corpus.quotes[0].text == "Tab\there \"q\" é 😀 /")
    }
}

@Suite struct LongStringTests {
    /// The reader scans strings eight bytes at a time; quotes, escapes, non-ASCII text and
    /// bad bytes must be found at every offset within a word.
    @Test(arguments: 0 ..< 9)
    func specialBytesAtEveryOffset(offset: Int) throws {
        let padding = String(repeating: "a", count: 16 + offset)
        let text = padding + #"\"é\\"# + padding + "ü"
        let json = Fixtures.validJSON.replacingOccurrences(of: "We built trust.", with: text)
        let corpus = try Fixtures.load(json)
        #expect(corpus.quotes[0].text == padding + "\"é\\" + padding + "ü")
        var bytes = Array(Fixtures.validJSON.replacingOccurrences(of: "We built trust.", with: padding + "xx").utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "x"))!
        bytes[at] = 0xC3  // a lead byte followed by an ASCII 'x': ill-formed
        let problems = Fixtures.problems(bytes: bytes)
        #expect(problems.map(\.message) == ["text is not valid UTF-8 (byte 0xC3)"])
    }
}
