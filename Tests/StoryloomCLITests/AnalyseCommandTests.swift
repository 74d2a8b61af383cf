import Foundation
import Testing

@Suite struct AnalyseCommandTests {
    struct WhoTold: Decodable {
        struct Row: Decodable { var group: String; var key: String; var percent: Int }
        var total: Int
        var rows: [Row]
        func percent(_ group: String, _ key: String) -> Int? { rows.first { $0.group == group && $0.key == key }?.percent }
    }

    @Test func whoToldPrintsThePublishedShares() throws {
        let result = try Storyloom.run(["analyse", "who-told", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let value = try JSONDecoder().decode(WhoTold.self, from: Data(result.stdout.utf8))
        #expect(value.total == 100)
        #expect(value.percent("sector", "research") == 64)
        #expect(value.percent("sector", "services") == 63)
        #expect(value.percent("sector", "policy") == 43)
        #expect(value.percent("role", "lived-experience") == 55)
        #expect(value.percent("role", "facilitator") == 62)
        #expect(value.percent("role", "professional") == 55)
        // Self-described shares are of those who described themselves: 13 of the 27 gave "white".
        #expect(value.percent("attribute:ethnicity", "white") == 48)
    }

    @Test func everyBuiltInAndExampleAnalysisRuns() throws {
        let list = try Storyloom.run(["plugins", "--json"])
        struct Plugin: Decodable { var name: String; var kind: String; var origin: String }
        let plugins = try JSONDecoder().decode([Plugin].self, from: Data(list.stdout.utf8))
        // The sample project's own: its two example analyses, and the layouts of its feature and
        // diagram, which replace the generic built-in ones (its overview and full report are pages).
        #expect(plugins.filter { $0.origin == "project" }.map(\.name).sorted()
            == ["feature", "lived-experience-voices", "sector-diagram", "services-not-policy"])
        #expect(plugins.filter { $0.origin == "project" && $0.kind == "analysis" }.map(\.name).sorted() == ["lived-experience-voices", "services-not-policy"])
        for plugin in plugins where plugin.kind == "analysis" {
            for format in ["table", "json", "csv"] {
                let result = try Storyloom.run(["analyse", plugin.name, "--format", format])
                #expect(result.status == 0, "\(plugin.name) \(format): \(result.stderr)")
                #expect(!result.stdout.isEmpty)
            }
        }
    }

    @Test func sameAnalysisTwiceIsByteIdentical() throws {
        for name in ["key-quotes", "word-frequency", "sector-regions", "lived-experience-voices"] {
            let first = try Storyloom.run(["analyse", name, "--format", "json"])
            let second = try Storyloom.run(["analyse", name, "--format", "json"])
            #expect(first.stdout == second.stdout)
        }
    }

    @Test func pluginErrorExitsOneWithFileLineAndTraceback() throws {
        let folder = try Storyloom.temporaryFolder()
        try """
        return {
          name = "broken", kind = "analysis", summary = "fails on purpose",
          run = function(ctx, params)
            local theme = ctx.corpus.theme("no-such-theme")
            return { title = theme.title }
          end,
        }
        """.write(to: folder.appendingPathComponent("broken.lua"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["analyse", "broken", "--plugin-path", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken.lua:5: attempt to index a nil value (local 'theme')"))
        #expect(result.stderr.contains("stack traceback:"))
        #expect(result.stdout.isEmpty)
    }

    @Test func badParameterExitsOne() throws {
        let result = try Storyloom.run(["analyse", "key-quotes", "--param", "per_theme=lots"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("plugin 'key-quotes': parameter 'per_theme' must be an integer, not 'lots'"))
    }

    @Test func unknownAnalysisSuggests() throws {
        let result = try Storyloom.run(["analyse", "who-tld"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no analysis plugin is named 'who-tld'; did you mean 'who-told'?"))
    }
}
