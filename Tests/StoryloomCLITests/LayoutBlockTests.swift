import Foundation
import Testing

/// A page places a layout's block, and a layout places another's: the organisation's own prose
/// mixed with the computed sections of the built-in layouts.
@Suite struct LayoutBlockTests {
    /// Writes the project's own plugin `name` of `kind` (the folder is the kind's plural).
    private func plugin(_ project: URL, _ kind: String, _ name: String, _ source: String) throws {
        let folder = project.appendingPathComponent("plugins/" + (kind == "analysis" ? "analyses" : kind + "s"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try source.write(to: folder.appendingPathComponent("\(name).lua"), atomically: true, encoding: .utf8)
    }

    private func build(_ project: URL) throws -> (status: Int32, stderr: String, md: String) {
        let out = project.appendingPathComponent("out")
        let result = try Storyloom.run(["build", project.path, "--out", out.path])
        let md = (try? String(contentsOf: out.appendingPathComponent("notes.md"), encoding: .utf8)) ?? ""
        return (result.status, result.stderr, md)
    }

    @Test func aPagePlacesABuiltInLayoutsBlockWithItsParams() throws {
        let project = try pageProject(["a.md": """
        # Our findings

        In our own words first.

        {{< block full-report who-told level=2 >}}

        {{< block overview key-findings level=2 count=2 quotes=1 attribution=none >}}

        And our own words last.
        """])
        let built = try build(project)
        #expect(built.status == 0, "\(built.stderr)")
        let md = built.md
        // The blocks' headings sit one level under the page's, in the order the page gives (in
        // Markdown the report's title is the one top heading, so a level 1 heading is "##").
        let own = try #require(md.range(of: "\n## Our findings")), who = try #require(md.range(of: "\n### Who told the stories"))
        let findings = try #require(md.range(of: "\n### Key findings")), last = try #require(md.range(of: "And our own words last."))
        #expect(own.lowerBound < who.lowerBound && who.lowerBound < findings.lowerBound && findings.lowerBound < last.lowerBound)
        #expect(md.contains("of the 100 storytellers"), "the who-told block's figures")
        // count=2: two findings, each a section one level further down.
        let sections = md.components(separatedBy: "\n#### ").count - 1
        #expect(sections == 2, "\(md)")
    }

    @Test func aQuoteThePageShowsIsNotShownAgainByABlock() throws {
        // q001's theme is the first chapter's: with every quote shown (quotes=0), the themes
        // block would show it, but the page already has.
        let project = try pageProject(["a.md": """
        # Ours

        {{< quote q001 >}}

        {{< block full-report themes level=2 quotes=0 attribution=none >}}
        """])
        let built = try build(project)
        #expect(built.status == 0, "\(built.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: project.appendingPathComponent("out/notes.json"))) as? [String: Any]
        let text = String(decoding: try JSONSerialization.data(withJSONObject: json ?? [:]), as: UTF8.self)
        #expect(text.components(separatedBy: "\"q001\"").count - 1 == 1, "q001 is placed once")
        #expect(text.components(separatedBy: "\"q002\"").count - 1 == 1, "the block shows the other quotes")
    }

    @Test func aLayoutPlacesAnotherLayoutsBlockAndItsOwn() throws {
        let project = try pageProject(["a.md": "# Intro\n\nOur words.\n"], report: "    layout: ours")
        try plugin(project, "layout", "ours", """
        local blocks = {}
        blocks.greeting = function(ctx, params) ctx.doc:paragraph("Hello from " .. params.who .. ".") end
        return { name = "ours", kind = "layout", summary = "ours", uses = {},
          params = { who = { type = "string", default = "us" } },
          blocks = blocks,
          run = function(ctx)
            ctx.doc:title("Ours")
            ctx.narrative("a")
            ctx.block("sector-diagram", "diagram")
            ctx.block("ours", "greeting", { who = "a layout" })
          end }
        """)
        let built = try build(project)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.md.contains("Our words."))
        #expect(built.md.contains("the numbers count stories"), "the sector diagram block's text")
        #expect(built.md.contains("Hello from a layout."))
        // A block that places itself would never end: it is stopped with the loop named.
        try plugin(project, "layout", "ours", """
        local blocks = {}
        blocks.again = function(ctx) ctx.narrative("a") end
        return { name = "ours", kind = "layout", summary = "ours", blocks = blocks,
          run = function(ctx) ctx.narrative("a") end }
        """)
        try "# Intro\n\n{{< block ours again >}}\n".write(to: project.appendingPathComponent("pages/a.md"), atomically: true, encoding: .utf8)
        let loop = try build(project)
        #expect(loop.status == 1)
        #expect(loop.stderr.contains("block 'again' of layout 'ours' places itself: 'ours again' → 'ours again'"), "\(loop.stderr)")
    }

    @Test func mistakesInPlacingABlockAreFoundOnThePage() throws {
        let cases: [(page: String, says: String)] = [
            ("{{< block full-reprot themes >}}", "no layout plugin is named 'full-reprot'; did you mean 'full-report'?"),
            ("{{< block full-report theme >}}", "layout 'full-report' has no block 'theme'; did you mean 'themes'?"),
            ("{{< block feature themes >}}", "layout 'feature' has no block 'themes'; it offers none"),
            ("{{< block full-report >}}", "'block' takes a layout and one of its blocks"),
            ("{{< block full-report themes quotes=many >}}", "parameter 'quotes' must be an integer, not 'many'"),
            ("{{< block full-report themes qoutes=2 >}}", "has no parameter 'qoutes'"),
            ("Inside {{< block full-report themes >}} a sentence.", "cannot stand inside a sentence"),
        ]
        for item in cases {
            let project = try pageProject(["a.md": "# A\n\n" + item.page + "\n"])
            let built = try build(project)
            #expect(built.status == 1, "\(item.page): \(built.stderr)")
            #expect(built.stderr.contains("pages/a.md:3:"), "\(item.page): \(built.stderr)")
            #expect(built.stderr.contains(item.says), "\(item.page): \(built.stderr)")
        }
    }

    @Test func badBlocksAreRefusedWhenThePluginsLoad() throws {
        let cases: [(kind: String, source: String, says: String)] = [
            ("layout", #"return { name = "ours", kind = "layout", summary = "s", blocks = { a = 1 }, run = function() end }"#,
             "in 'blocks', 'a' is not a name = function(ctx, params)"),
            ("layout", #"return { name = "ours", kind = "layout", summary = "s", blocks = { function() end }, run = function() end }"#,
             "in 'blocks', 'a number key' is not a name = function(ctx, params)"),
            ("analysis", #"return { name = "ours", kind = "analysis", summary = "s", blocks = { a = function() end }, run = function() return {} end }"#,
             "only a layout has 'blocks'"),
            ("shortcode", #"return { name = "block", kind = "shortcode", summary = "s", run = function() end }"#,
             "the shortcode name 'block' is Storyloom's own"),
        ]
        for item in cases {
            let project = try pageProject(["a.md": "# A\n"])
            try plugin(project, item.kind, item.kind == "shortcode" ? "block" : "ours", item.source)
            let built = try build(project)
            #expect(built.status != 0, "\(item.source)")
            #expect(built.stderr.contains(item.says), "\(item.source): \(built.stderr)")
        }
    }
}
