import Foundation
import Testing

/// `storyloom test`: the built-in specs pass on every example project, a failing spec fails
/// the command at its line, golden files are written and compared, and a spec is bounded.
@Suite struct SpecCommandTests {
    @Test func theBuiltInSpecsPassOnTheExampleProjects() throws {
        for project in ["reports/copro", "reports/services-summary", "reports/youth-voices"] {
            let result = try Storyloom.run(["test", project])
            #expect(result.status == 0, "\(project): \(result.stdout)\(result.stderr)")
            #expect(result.stdout.hasSuffix(" passed, 0 failed\n"), "\(result.stdout)")
            #expect(!result.stdout.contains("FAIL"))
        }
    }

    /// A project made by `storyloom new` with one spec file.
    private func project(spec: String) throws -> URL {
        let folder = try Storyloom.temporaryFolder()
        let created = try Storyloom.run(["new", folder.appendingPathComponent("p").path, "--corpus", "reports/copro/corpus.json"])
        #expect(created.status == 0, "\(created.stderr)")
        let analyses = folder.appendingPathComponent("p/plugins/analyses")
        try FileManager.default.createDirectory(at: analyses, withIntermediateDirectories: true)
        try spec.write(to: analyses.appendingPathComponent("mine_spec.lua"), atomically: true, encoding: .utf8)
        return folder.appendingPathComponent("p")
    }

    @Test func aFailingSpecFailsTheCommandAtItsLine() throws {
        let p = try project(spec: """
            local spec = require("lib.spec")
            spec.describe("mine", function()
              spec.it("passes", function(ctx) spec.expect(ctx.corpus.counts.stories).to_be(85) end)
              spec.it("fails", function(ctx)
                spec.expect(ctx.corpus.counts.stories).to_be(3)
              end)
              spec.it("runs a missing analysis", function() spec.analysis("nope") end)
            end)
            """)
        let result = try Storyloom.run(["test", p.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("FAIL") && $0.contains("mine_spec.lua:5: mine fails: expectation failed: expected 3, got 85") }, "\(result.stdout)")
        #expect(lines.contains { $0.contains("mine_spec.lua:7: mine runs a missing analysis: no analysis plugin is named 'nope'") }, "\(result.stdout)")
        #expect(lines.last?.hasSuffix("passed, 2 failed") == true)
    }

    @Test func goldenFilesAreWrittenThenCompared() throws {
        let p = try project(spec: """
            local spec = require("lib.spec")
            spec.it("who told", function() spec.expect(spec.analysis("who-told")).to_match_golden("who-told") end)
            """)
        let missing = try Storyloom.run(["test", p.path])
        #expect(missing.status == 1 && missing.stdout.contains("no golden file"), "\(missing.stdout)")
        #expect(try Storyloom.run(["test", p.path, "--update"]).status == 0)
        let golden = p.appendingPathComponent("plugins/analyses/golden/who-told.json")
        #expect(FileManager.default.fileExists(atPath: golden.path))
        #expect(try Storyloom.run(["test", p.path]).status == 0)
        let changed = try String(contentsOf: golden, encoding: .utf8).replacingOccurrences(of: "\"total\": 100", with: "\"total\": 101")
        try changed.write(to: golden, atomically: true, encoding: .utf8)
        let differs = try Storyloom.run(["test", p.path])
        #expect(differs.status == 1 && differs.stdout.contains("differs from"), "\(differs.stdout)")
    }

    @Test func aSpecThatNeverEndsIsStoppedByTheLimits() throws {
        let p = try project(spec: """
            local spec = require("lib.spec")
            spec.it("loops", function() while true do end end)
            """)
        let result = try Storyloom.run(["test", p.path, "--instructions", "1000000"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("exceeded"), "\(result.stdout)")
    }

    @Test func specFilesAreNotPlugins() throws {
        let listed = try Storyloom.run(["plugins", "--json"])
        #expect(listed.status == 0)
        #expect(!listed.stdout.contains("_spec"))
    }
}
