import Foundation
import Testing
@testable import StoryloomCorpus

/// Each rule of the format, broken on its own, gives one exact, located diagnostic.
@Suite struct ValidationTests {
    private func only(_ json: String) -> CorpusDiagnostic? {
        let problems = Fixtures.problems(json)
        #expect(problems.count == 1, "expected one problem, got \(problems.map(\.description))")
        return problems.first
    }

    private func broken(_ from: String, _ to: String) -> String {
        precondition(Fixtures.validJSON.contains(from), "fixture lacks \(from)")
        return Fixtures.validJSON.replacingOccurrences(of: from, with: to)
    }

    @Test func wrongFormat() {
        let problem = only(broken("\"storyloom-corpus/1\"", "\"storyloom-corpus/2\""))
        #expect(problem?.description == "corpus.json:2:13: error at /format: unsupported format 'storyloom-corpus/2'; this version of Storyloom reads \"storyloom-corpus/1\"")
    }

    @Test func missingRequiredKeyWithMisspelling() {
        let problem = only(broken("\"title\": \"Test study\"", "\"titel\": \"Test study\""))
        #expect(problem?.pointer == "/project")
        #expect(problem?.message == "missing required key 'title'")
        #expect(problem?.suggestion == "found 'titel': did you mean 'title'?")
        #expect(problem?.line == 3)
    }

    @Test func wrongType() {
        let problem = only(broken("\"key\": true", "\"key\": \"yes\""))
        #expect(problem?.description == "corpus.json:23:89: error at /quotes/0/key: expected a boolean but found a string")
    }

    @Test func duplicateID() {
        let problem = only(broken("{ \"id\": \"q2\"", "{ \"id\": \"q1\""))
        #expect(problem?.pointer == "/quotes/1/id")
        #expect(problem?.message == "duplicate quote id 'q1'")
        #expect(problem?.suggestion == "it is already used at /quotes/0; ids must be unique")
    }

    @Test func danglingThemeWithSuggestion() {
        let problem = only(broken("\"themes\": [\"trust\"], \"key\"", "\"themes\": [\"trsut\"], \"key\""))
        #expect(problem?.pointer == "/quotes/0/themes/0")
        #expect(problem?.message == "unknown theme 'trsut'")
        #expect(problem?.suggestion == "did you mean 'trust'?")
    }

    @Test func danglingStoryStorytellerAndVocabulary() {
        var json = broken("\"story\": \"s1\"", "\"story\": \"s9\"")
        json = json.replacingOccurrences(of: "\"storytellers\": [\"st1\"]", with: "\"storytellers\": [\"st7\"]")
        json = json.replacingOccurrences(of: "\"sectors\": [\"research\"]", with: "\"sectors\": [\"reserch\"]")
        json = json.replacingOccurrences(of: "\"parent\": \"learning\"", with: "\"parent\": \"lerning\"")
        let problems = Fixtures.problems(json)
        #expect(problems.map(\.pointer) == ["/themes/2/parent", "/storytellers/0/sectors/0", "/stories/0/storytellers/0", "/quotes/0/story"])
        #expect(problems.map(\.suggestion) == ["did you mean 'learning'?", "did you mean 'research'?", "did you mean 'st1'?", "did you mean 's1'?"])
    }

    @Test func themeCycle() {
        var json = broken("{ \"id\": \"trust\", \"title\": \"Trust\", \"order\": 2 }", "{ \"id\": \"trust\", \"title\": \"Trust\", \"parent\": \"learning.co\" }")
        json = json.replacingOccurrences(of: "{ \"id\": \"learning\", \"title\": \"Learning\", \"order\": 1 }",
                                         with: "{ \"id\": \"learning\", \"title\": \"Learning\", \"parent\": \"trust\" }")
        let problem = only(json)
        #expect(problem?.pointer == "/themes/0/parent")
        #expect(problem?.message == "the theme tree has a cycle: 'trust' → 'learning.co' → 'learning' → 'trust'")
    }

    @Test func invalidUTF8IsLocated() {
        var bytes = Array(Fixtures.validJSON.utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "W"))!  // "We built trust."
        bytes[at + 1] = 0xFF
        let problems = Fixtures.problems(bytes: bytes)
        #expect(problems.count == 1)
        #expect(problems.first?.message == "text is not valid UTF-8 (byte 0xFF)")
        #expect(problems.first?.line == 23)
    }

    @Test func invalidUTF8InYAMLIsLocated() {
        var bytes = Array("format: storyloom-corpus/1\nproject:\n  title: Caf".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\n".utf8)
        let problems = Fixtures.problems(bytes: bytes, form: .yaml)
        #expect(problems.map(\.line) == [3])
        #expect(problems.first?.message == "text is not valid UTF-8")
    }

    @Test func badDateAndStoryFormat() {
        var json = broken("\"recorded\": \"2022-05-01\"", "\"recorded\": \"2022-13-01\"")
        json = json.replacingOccurrences(of: "\"format\": \"group\"", with: "\"format\": \"panel\"")
        let problems = Fixtures.problems(json)
        #expect(problems.map(\.message) == ["'2022-13-01' is not an ISO 8601 date", "unknown story format 'panel'"])
    }

    @Test func syntaxErrorHasLineAndColumn() {
        let problem = only(broken("\"order\": 2 }", "\"order\": 2, }"))
        #expect(problem?.line == 10)
        #expect(problem?.message == "invalid JSON: expected a quoted key but found '}'")
    }

    @Test func storytellersHoldNoNames() {
        let problem = only(broken("\"id\": \"st2\",", "\"id\": \"st2\", \"name\": \"Ann\","))
        #expect(problem?.pointer == "/storytellers/1/name")
    }

    @Test func reportsEveryProblemInOneRun() {
        var json = broken("\"storyloom-corpus/1\"", "\"v2\"")
        json = json.replacingOccurrences(of: "{ \"id\": \"q2\"", with: "{ \"id\": \"q1\"")
        json = json.replacingOccurrences(of: "\"themes\": [\"trust\"], \"key\": true", with: "\"themes\": [\"trsut\"], \"key\": 1")
        json = json.replacingOccurrences(of: "\"storytellers\": [\"st1\"]", with: "\"storytellers\": []")
        let problems = Fixtures.problems(json)
        #expect(problems.map(\.pointer) == ["/format", "/stories/0/storytellers", "/quotes/0/themes/0", "/quotes/0/key", "/quotes/1/id"])
        // In document order, each with a line.
        #expect(problems.allSatisfy { $0.line != nil })
        #expect(problems.map { $0.line! } == problems.map { $0.line! }.sorted())
    }
}
