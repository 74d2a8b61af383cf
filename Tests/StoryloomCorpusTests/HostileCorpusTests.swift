import Foundation
import Testing
@testable import StoryloomCorpus

/// Corpora built to crash, hang or fool the loader: each gives located problems, never a crash.
@Suite struct HostileCorpusTests {
    /// The valid fixture with `extra` added as an unknown top-level key.
    func withExtra(_ extra: String) -> String {
        Fixtures.validJSON.replacingOccurrences(of: "\"format\": \"storyloom-corpus/1\",", with: "\"format\": \"storyloom-corpus/1\", \"deep\": \(extra),")
    }

    @Test func a100kDeepArrayIsRefusedNotAStackOverflow() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let problems = Fixtures.problems(withExtra(deep))
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("nested more than 256 deep") == true)
        #expect(problems.first?.line == 2)
    }

    @Test func nestingJustUnderTheLimitLoads() throws {
        let deep = String(repeating: "[", count: 250) + String(repeating: "]", count: 250)
        _ = try Fixtures.load(withExtra(deep))
    }

    @Test func aDeepYAMLFlowIsRefused() {
        let deep = "format: storyloom-corpus/1\nx: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n"
        let problems = Fixtures.problems(bytes: Array(deep.utf8), form: .yaml)
        #expect(problems.count == 1)
        #expect(problems.first.map { $0.message.contains("nested more than") || $0.message.contains("invalid YAML") } == true)
    }

    @Test func aYAMLAliasBombStopsQuickly() {
        // Nine levels of nine aliases: 9^9 (387 million) values from 700 bytes.
        var yaml = "format: storyloom-corpus/1\na0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1 ... 9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 9).joined(separator: ", "))]\n"
        }
        let start = Date()
        let problems = Fixtures.problems(bytes: Array(yaml.utf8), form: .yaml)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("aliases here expand the file") == true)
    }

    @Test func mergesOfMergesAreBoundedLikeAliases() {
        var lines = ["format: storyloom-corpus/1", "m0: &m0 { a: 1, b: 2 }"]
        for i in 1 ... 40 { lines.append("m\(i): &m\(i) { <<: [*m\(i - 1), *m\(i - 1)], x\(i): 1 }") }
        let start = Date()
        let problems = Fixtures.problems(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), form: .yaml)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(problems.first?.message.contains("merge keys here expand the file") == true, "\(problems)")
    }

    @Test func yamlMergeKeysAreHonoured() throws {
        let yaml = """
        format: storyloom-corpus/1
        project: { title: Merged, date: "2022-01-01" }
        vocabularies:
          sectors: [{ id: research, label: Research }]
          roles: [{ id: r, label: R }]
          fields: [{ id: f, label: F }]
        themes:
          - &base { id: trust, title: Trust }
          - { <<: *base, id: trust.more, parent: trust }
        storytellers: [{ id: st1, sectors: [research], roles: [], fields: [] }]
        stories: [{ id: s1, storytellers: [st1], format: one-to-one }]
        quotes: [{ id: q1, story: s1, text: Said., themes: [trust.more] }]
        """
        let corpus = try CorpusLoader.load(bytes: Array(yaml.utf8), file: "corpus.yml", form: .yaml)
        let more = try #require(corpus.theme(id: "trust.more"))
        #expect(corpus.themes[more].title == "Trust")
        #expect(corpus.themes[more].parent == corpus.theme(id: "trust"))
    }

    /// Found by fuzzing: a mapping used as a key made the YAML library trap.
    @Test func aMappingOrListAsAKeyIsAnErrorNotACrash() {
        for yaml in ["format: storyloom-corpus/1\n? { a: 1 }\n: x\n", "format: storyloom-corpus/1\n? [a, { b: 2 }]\n: x\n"] {
            let problems = Fixtures.problems(bytes: Array(yaml.utf8), form: .yaml)
            #expect(problems.first?.message == "invalid YAML: a key must be plain text, not a mapping or a list")
            #expect(problems.first?.line == 2)
        }
    }

    @Test func aMergeKeyOnAScalarIsAnError() {
        let yaml = "format: storyloom-corpus/1\nproject: { <<: 3, title: x }\n"
        let problems = Fixtures.problems(bytes: Array(yaml.utf8), form: .yaml)
        #expect(problems.first?.message.contains("a merge key '<<' takes a mapping") == true)
    }

    @Test func numbersOutOfRangeAreRefusedWithTheirPlace() {
        let problems = Fixtures.problems(withExtra("{ \"big\": -1e999, \"fine\": 1e10 }"))
        #expect(problems.count == 1)
        #expect(problems.first?.message == "the number -1e999 is too large to hold")
        #expect(problems.first?.suggestion == "write a number between -1.7e308 and 1.7e308")
        #expect(problems.first?.line == 2)
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-fifo-\(UUID().uuidString).json").path
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        do {
            _ = try CorpusLoader.load(path: path)
            Issue.record("a FIFO loaded")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.diagnostics.first?.message == "is a FIFO (named pipe), not a regular file")
        }
    }
}

/// A theme tree thousands of levels deep loads in linear time and memory.
@Suite struct DeepThemeTreeTests {
    @Test func aTwentyThousandDeepChainLoads() throws {
        let count = 20_000
        var themes: [String] = ["{ \"id\": \"t0\", \"title\": \"T0\" }"]
        for i in 1 ..< count { themes.append("{ \"id\": \"t\(i)\", \"title\": \"T\(i)\", \"parent\": \"t\(i - 1)\" }") }
        let json = Fixtures.validJSON
            .replacingOccurrences(of: "{ \"id\": \"trust\", \"title\": \"Trust\", \"order\": 2 },", with: themes.joined(separator: ",\n") + ",\n{ \"id\": \"trust\", \"title\": \"Trust\", \"order\": 2 },")
        let start = Date()
        let corpus = try Fixtures.load(json)
        #expect(Date().timeIntervalSince(start) < 30)
        let root = try #require(corpus.theme(id: "t0"))
        #expect(corpus.descendants(of: root).count == count - 1)
        #expect(corpus.descendants(of: try #require(corpus.theme(id: "t19998"))) == [try #require(corpus.theme(id: "t19999"))])
        #expect(corpus.ancestors(of: try #require(corpus.theme(id: "t19999"))).count == count - 1)
    }
}

/// Keys that look like misspellings of the format's own are warnings, or errors when strict.
@Suite struct MisspeltKeyTests {
    let json = Fixtures.validJSON
        .replacingOccurrences(of: "\"parent\": \"learning\"", with: "\"parent\": \"learning\", \"parnet\": \"trust\"")
        .replacingOccurrences(of: "\"key\": true", with: "\"Key\": true")

    func file() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-misspelt-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theyAreWarningsWithTheKeyMeant() throws {
        let path = try file()
        defer { unlink(path) }
        let (corpus, warnings) = try CorpusLoader.loadReporting(path: path)
        #expect(warnings.map(\.message) == ["unknown key 'parnet', kept as extra data", "unknown key 'Key', kept as extra data"])
        #expect(warnings.map(\.suggestion) == ["did you mean 'parent'?", "did you mean 'key'?"])
        #expect(warnings.allSatisfy { $0.isWarning && $0.description.contains(": warning at /") })
        // Kept as extra data, as the format promises for keys it does not define.
        #expect(corpus.quotes[0].extra.contains { $0.key == "Key" })
    }

    @Test func strictMakesThemErrors() throws {
        let path = try file()
        defer { unlink(path) }
        do {
            _ = try CorpusLoader.loadReporting(path: path, strict: true)
            Issue.record("loaded")
        } catch {
            #expect(error.diagnostics.count == 2)
            #expect(error.diagnostics.allSatisfy { !$0.isWarning })
        }
    }

    @Test func deliberateExtrasAreQuiet() throws {
        let path = try file()
        defer { unlink(path) }
        try Fixtures.validJSON.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CorpusLoader.loadReporting(path: path).warnings.isEmpty)  // the fixture's "team" extra
    }
}

/// Records that repeat their extra members share them; each record must still read as its own.
@Suite struct RepeatedExtrasTests {
    @Test func eachRecordKeepsItsOwnExtras() throws {
        let quotes = [
            #"{"id": "q1", "story": "s1", "text": "a", "inline": true, "mood": "calm"}"#,
            #"{"id": "q2", "story": "s1", "text": "b", "inline": true, "mood": "calm"}"#,
            #"{"id": "q3", "story": "s1", "text": "c", "inline": true, "mood": "angry"}"#,
            #"{"id": "q4", "story": "s1", "text": "d", "inline": true}"#,
            #"{"id": "q5", "story": "s1", "text": "e"}"#,
            #"{"id": "q6", "story": "s1", "text": "f", "inline": false, "n": 3, "tags": ["x"]}"#,
            #"{"id": "q7", "story": "s1", "text": "g", "inline": false, "n": 3, "tags": ["x"]}"#,
            #"{"id": "q8", "story": "s1", "text": "h", "mood": null, "inline": true}"#,
            #"{"id": "q9", "story": "s1", "text": "i", "Key": true}"#,
            #"{"id": "q10", "story": "s1", "text": "j", "Key": true}"#,
        ]
        let start = Fixtures.validJSON.range(of: "\"quotes\": [")!.upperBound
        let end = Fixtures.validJSON.range(of: "]\n}", options: .backwards)!.lowerBound
        let json = Fixtures.validJSON.replacingCharacters(in: start ..< end, with: quotes.joined(separator: ",\n"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-extras-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let (corpus, warnings) = try CorpusLoader.loadReporting(path: path, cache: .off)
        func shown(_ n: Int) -> String { corpus.quotes[n].extra.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
        #expect(shown(0) == shown(1))
        #expect(shown(0) != shown(2) && shown(2).contains("angry"))
        #expect(corpus.quotes[3].extra.map(\.key) == ["inline"])
        #expect(corpus.quotes[4].extra.isEmpty)
        #expect(corpus.quotes[5].extra.map(\.key) == ["inline", "n", "tags"] && shown(5) == shown(6))
        #expect(corpus.quotes[7].extra.map(\.key) == ["mood", "inline"] && corpus.quotes[7].extra[0].value == .null)
        // A misspelt key is warned about at every record that has it.
        #expect(warnings.map(\.pointer) == ["/quotes/8/Key", "/quotes/9/Key"])
    }
}
