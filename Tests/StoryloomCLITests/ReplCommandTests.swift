import Foundation
import Testing

/// `storyloom repl`: entries run in the sandbox with the corpus, globals stay for the session,
/// errors are reported without ending it, and limits apply to each entry.
@Suite struct ReplCommandTests {
    /// Stories with at least one storyteller in `sector`, counted from the corpus file itself.
    private func stories(in sector: String) throws -> Int {
        let data = try Data(contentsOf: Storyloom.root.appendingPathComponent("reports/copro/corpus.json"))
        let corpus = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let tellers = (corpus["storytellers"] as? [[String: Any]] ?? []).filter { ($0["sectors"] as? [String] ?? []).contains(sector) }
        let ids = Set(tellers.compactMap { $0["id"] as? String })
        return (corpus["stories"] as? [[String: Any]] ?? []).filter { ($0["storytellers"] as? [String] ?? []).contains(where: ids.contains) }.count
    }

    @Test func answersAsAnalyseAndTheCorpusDo() throws {
        let result = try Storyloom.run(["repl", "--eval", #"query.count("stories", { sector = "policy" })"#,
                                        "--eval", #"query.count("storytellers", { sector = "policy" })"#])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == String(try stories(in: "policy")))
        let analysed = try Storyloom.run(["analyse", "who-told", "--format", "json"])
        let rows = try #require((try JSONSerialization.jsonObject(with: Data(analysed.stdout.utf8)) as? [String: Any])?["rows"] as? [[String: Any]])
        let policy = try #require(rows.first { $0["key"] as? String == "policy" })
        #expect(lines.count == 2 && lines[1] == "\(policy["count"]!)")
    }

    @Test func aSessionKeepsItsGlobalsAndSurvivesErrors() throws {
        let input = """
        x = query.select("quotes", { key = true })
        x
        nope(
        x:count() + 1
        analyse("who-told").total
        while true do end
        corpus.theme("values").title
        """
        let folder = try Storyloom.temporaryFolder()
        let file = folder.appendingPathComponent("entries.lua")
        try input.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = Storyloom.binary
        process.arguments = ["repl", "--instructions", "2000000"]
        process.currentDirectoryURL = Storyloom.root
        process.standardInput = try FileHandle(forReadingFrom: file)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(text)")
        guard lines.count == 6 else { return }
        #expect(lines[0] == "<selection of 84 quotes>")
        #expect(lines[1].hasPrefix("error: ") && lines[1].contains("near <eof>"))
        #expect(lines[2] == "85")
        #expect(lines[3] == "100")
        #expect(lines[4].hasPrefix("error: ") && lines[4].contains("exceeded"))
        #expect(lines[5] == "\"The values of co-production\"")
    }

    @Test func anErrorInEvalExitsOne() throws {
        let result = try Storyloom.run(["repl", "--eval", "error('stop here')"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("stop here"))
    }
}
