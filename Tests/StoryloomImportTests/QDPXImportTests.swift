import Foundation
import StoryloomCorpus
import StoryloomShared
import Testing
@testable import StoryloomImport

@Suite struct QDPXImportTests {
    func load(_ result: Importer.Result) throws -> Corpus {
        try CorpusLoader.load(bytes: Array(result.json.utf8), file: "imported.json", form: .json)
    }

    @Test func importsAHandMadeProject() throws {
        let path = try Fixture.qdpx("handmade")
        let map = try ImportMap.load(path: Fixture.path("handmade-map.yml"))
        let result = try Importer.run(path: path, map: map)
        let corpus = try load(result)
        #expect(corpus.project.title == "Hand-made study")
        // Codes nested five deep; the key code is no theme.
        #expect(corpus.themes.map(\.title) == ["Trust", "Impacts", "On individuals", "Wellbeing", "Confidence", "Speaking up", "Learning together"])
        let deepest = try #require(corpus.theme(id: "impacts.on-individuals.wellbeing.confidence.speaking-up"))
        #expect(corpus.themes[deepest].depth == 4)
        #expect(corpus.themes[0].summary == "Who people trust, and why.")
        // CRLF text with emoji, from a file under a lower-case sources/ with an upper-case name,
        // sliced by Unicode scalar.
        #expect(corpus.quotes.map(\.text) == ["about trust", "we learnt together", "Third 🎉 line, speaking up", "about care & kindness"])
        #expect(corpus.quotes.map(\.key) == [false, true, false, false])
        #expect(corpus.quotes[1].note == "Said with a smile.")
        #expect(corpus.quotes[2].themes == [deepest])
        // Inline text.
        #expect(corpus.stories[1].title == "Interview 2")
        #expect(corpus.quotes[3].story == 1)
        // Case names become opaque ids; variables become vocabularies and attributes.
        #expect(corpus.storytellers.map(\.id) == ["storyteller-001", "storyteller-002"])
        #expect(corpus.vocabularies.sectors.map(\.id) == ["research", "policy", "services"])
        #expect(corpus.vocabularies.sectors.map(\.label) == ["Research", "Policy", "Services"])
        #expect(corpus.storytellers[0].attribute("Age") == .number(54))
        #expect(corpus.storytellers[0].attribute("Disability") == .strings(["physical", "mental health"]))
        #expect(corpus.storytellers[0].attribute("Carer") == .bool(true))
        #expect(corpus.stories[0].reporter == "reporter-01")
        #expect(corpus.stories[0].recorded == "2022-05-01")
        #expect(corpus.stories[0].storytellers == [0])
        #expect(result.warnings.isEmpty, "\(result.warnings)")
    }

    @Test func keepsNamesOnlyWhenTheMapSaysSo() throws {
        let path = try Fixture.qdpx("handmade")
        let result = try Importer.run(path: path, map: try Fixture.map("keep_names: true\nkey: Key quotes\n"))
        let corpus = try load(result)
        #expect(corpus.storytellers.map(\.id) == ["jane-smith", "bob-jones"])
        #expect(corpus.stories.map(\.id) == ["interview-1", "interview-2"])
        #expect(corpus.stories[0].reporter == "Ann Reporter")
    }

    @Test func aSelectionOffByOneAroundCRLFIsLocatedAndExplained() throws {
        let path = try Fixture.qdpx("offbyone")
        do {
            _ = try Importer.run(path: path)
            Issue.record("the import should have failed")
        } catch {
            #expect(error.kind == .invalid)
            let problem = try #require(error.problems.first { !$0.isWarning })
            #expect(problem.file.hasSuffix("offbyone.qdpx/project.qde"))
            #expect(problem.line == 6)
            #expect(problem.pointer == "/Project/Sources[1]/TextSource[1]/PlainTextSelection[1]")
            #expect(problem.message.contains("CRLF"), "\(problem)")
            #expect(problem.suggestion?.contains("positions: crlf-as-one") == true, "\(problem)")
        }
        // Read as the program counted, the quote is right.
        let result = try Importer.run(path: path, map: try Fixture.map("positions: crlf-as-one"))
        #expect(result.draft.quotes.map(\.text) == ["The quote"])
    }

    @Test func aMissingSourceFileIsLocated() throws {
        let path = try Fixture.qdpx("missingsource")
        do {
            _ = try Importer.run(path: path)
            Issue.record("the import should have failed")
        } catch {
            let problem = try #require(error.problems.first { !$0.isWarning })
            #expect(problem.line == 5)
            #expect(problem.message.contains("which is not in the archive"), "\(problem)")
            #expect(error.errorCount == 1)
        }
    }

    @Test func reportsEveryProblemInOneRun() throws {
        // A CodeRef to no code, a selection past the end, a variable value with no variable.
        let path = try Fixture.qdpx("handmade", replacing: [
            "<CodeRef targetGUID=\"00000000-0000-4000-8000-000000000010\"/>": "<CodeRef targetGUID=\"00000000-0000-4000-8000-000000000099\"/>",
            "endPosition=\"84\"": "endPosition=\"9999\"",
            "<VariableRef targetGUID=\"00000000-0000-4000-8000-000000000024\"/>": "<VariableRef targetGUID=\"00000000-0000-4000-8000-000000000098\"/>",
        ])
        let map = try Fixture.map("key: Key quotes")
        do {
            _ = try Importer.run(path: path, map: map)
            Issue.record("the import should have failed")
        } catch {
            let messages = error.problems.filter { !$0.isWarning }.map(\.message)
            #expect(messages.contains { $0.contains("names no code") }, "\(error.text)")
            #expect(messages.contains { $0.contains("outside the source's text") }, "\(error.text)")
            #expect(messages.contains { $0.contains("names no variable") }, "\(error.text)")
            #expect(error.problems.allSatisfy { $0.line != nil })
        }
    }

    @Test func aKeyThatNamesNothingSaysSo() throws {
        let path = try Fixture.qdpx("handmade")
        let map = try Fixture.map("title: T\nkey: Key quote\n")
        do {
            _ = try Importer.run(path: path, map: map)
            Issue.record("the import should have failed")
        } catch {
            #expect(error.text.contains("map.yml:2: error at /key: no code or set is named 'Key quote'; did you mean 'Key quotes'?"), "\(error.text)")
        }
    }

    @Test func aSetOfCodesCanMarkKeyQuotes() throws {
        let path = try Fixture.qdpx("handmade", replacing: [
            "</Sources>": "</Sources>\n  <Sets><Set guid=\"00000000-0000-4000-8000-000000000070\" name=\"Publish first\"><MemberCode targetGUID=\"00000000-0000-4000-8000-000000000015\"/></Set></Sets>",
        ])
        let result = try Importer.run(path: path, map: try Fixture.map("key: publish first"))
        let corpus = try load(result)
        // The set's codes stay themes; the quotes coded to them are key.
        #expect(corpus.quotes.map(\.key) == [false, false, true, false])
        #expect(corpus.themes.contains { $0.title == "Speaking up" })
        #expect(corpus.themes.contains { $0.title == "Key quotes" })
    }

    @Test func theSameProjectGivesTheSameBytes() throws {
        let path = try Fixture.qdpx("handmade")
        let map = try ImportMap.load(path: Fixture.path("handmade-map.yml"))
        #expect(try Importer.run(path: path, map: map).json == (try Importer.run(path: path, map: map).json))
    }
}
