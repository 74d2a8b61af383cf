import Foundation
import Testing

@Suite struct CorpusCommandTests {
    @Test func validateReportsEveryProblemAndExits65() throws {
        let folder = try Storyloom.temporaryFolder()
        let file = folder.appendingPathComponent("broken.json")
        try """
        {"format": "storyloom-corpus/1", "project": {"title": "Broken"},
         "themes": [{"id": "trust", "title": "Trust"}],
         "storytellers": [{"id": "a"}],
         "stories": [{"id": "s1", "storytellers": ["a"]}],
         "quotes": [{"id": "q1", "story": "s2", "text": "x", "themes": ["trsut", "\\u001B[2Jevil"]},
                    {"id": "q1", "story": "s1", "text": "x", "key": "\\u001B[2Jyes"}]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["validate", file.path])
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix("error at /quotes/0/story: unknown story 's2'; did you mean 's1'?") })
        #expect(lines.contains { $0.hasSuffix("error at /quotes/0/themes/0: unknown theme 'trsut'; did you mean 'trust'?") })
        #expect(lines.contains { $0.contains("error at /quotes/1/id: duplicate quote id 'q1'") })
        #expect(lines.contains { $0.contains("error at /quotes/1/key: expected a boolean but found a string") })
        #expect(lines.contains { $0.hasSuffix("error at /quotes/0/themes/1: unknown theme '\u{FFFD}[2Jevil'; define it first, or fix the id") })
        #expect(lines.last == "5 problems found; nothing was written.")
        #expect(!result.stderr.contains("\u{1B}"), "no terminal control character from the data reaches the terminal")
        #expect(result.stdout.isEmpty)
    }

    @Test func missingCorpusExits66() throws {
        let result = try Storyloom.run(["validate", "/nonexistent/corpus.json"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/corpus.json: error: no such file or folder"))
    }

    @Test func validateSampleCorpus() throws {
        let result = try Storyloom.run(["validate"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("OK: 100 storytellers, "))
    }

    @Test func generateIsDeterministicAndValid() throws {
        let folder = try Storyloom.temporaryFolder()
        let a = folder.appendingPathComponent("a.json").path, b = folder.appendingPathComponent("b.json").path
        try Storyloom.run(["generate", "--stories", "300", "--seed", "9", "--out", a])
        try Storyloom.run(["generate", "--stories", "300", "--seed", "9", "--out", b])
        #expect(FileManager.default.contents(atPath: a) == FileManager.default.contents(atPath: b))
        let result = try Storyloom.run(["validate", a])
        #expect(result.status == 0)
        #expect(result.stdout.contains("300 stories, 1500 quotes"))
    }

    @Test func helpHasExamples() throws {
        for command in ["validate", "stats", "generate"] {
            let result = try Storyloom.run([command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("Examples:"))
        }
    }
}
