import Foundation
import Testing

/// A project of narrative pages over the sample corpus, in a fresh folder: `pages` maps file
/// names to their text; `report` is the report's entry after its name.
func pageProject(_ pages: [String: String], report: String = "", extra: String = "") throws -> URL {
    let project = try Storyloom.temporaryFolder()
    try FileManager.default.createDirectory(at: project.appendingPathComponent("pages"), withIntermediateDirectories: true)
    for (name, text) in pages {
        try text.write(to: project.appendingPathComponent("pages/" + name), atomically: true, encoding: .utf8)
    }
    let list = pages.keys.sorted().map { "      - pages/\($0)" }.joined(separator: "\n")
    try """
    corpus: \(Storyloom.root.path)/reports/copro/corpus.json
    \(extra)
    reports:
      - name: notes
        formats: [txt, md, html, json]
        pages:
    \(list)
    \(report)
    """.write(to: project.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
    return project
}

/// How many records of a kind the sample has under `filter`, as the REPL counts them.
func count(_ kind: String, _ filter: String) throws -> Int {
    let result = try Storyloom.run(["repl", "reports/copro", "--eval", "query.count(\"\(kind)\", \(filter))"])
    return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
}

@Suite struct NarrativePageTests {
    @Test func aPageBecomesAReportWithItsFiguresAndQuotes() throws {
        let project = try pageProject(["a.md": """
        ---
        title: Notes on the stories
        subtitle: A test
        ---

        # What we *heard*

        We heard {{< count stories >}} stories from {{< count storytellers as=words >}} storytellers;
        {{< share storytellers sector=research >}} of them work in research;
        {{< share storytellers attribute.gender=female of="attribute.gender sector=research" as=fraction >}} researchers who gave their gender are women, and
        {{< count quotes theme=key-learning.trust >}} quotes speak of trust.
        One storyteller said {{< quote q001 >}} in passing.

        {{< quote q002 >}}

        | Sector | Note |
        | :-- | --: |
        | research | *many* |

        <script>alert(1)</script>
        """])
        let result = try Storyloom.run(["build", project.path, "--out", project.appendingPathComponent("out").path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: project.appendingPathComponent("out/notes.txt"), encoding: .utf8)
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("Notes on the stories"))
        #expect(flat.contains("We heard \(try count("stories", "{}")) stories from one hundred storytellers"))
        #expect(flat.contains("\(try count("quotes", "{ theme = \"key-learning.trust\" }")) quotes speak of trust"))
        // `of` is a filter parameter: the whole is the researchers who gave their gender.
        let women = try count("storytellers", "{ sector = {\"research\"}, attribute = { gender = \"female\" } }")
        let researchersGiving = try count("storytellers", "{ sector = {\"research\"}, attribute = { gender = true } }")
        #expect(women > 0 && researchersGiving > women)
        #expect(flat.contains("\(women) of \(researchersGiving) researchers who gave their gender are women"), "\(flat)")
        let corpus = try JSONSerialization.jsonObject(with: Data(contentsOf: Storyloom.root.appendingPathComponent("reports/copro/corpus.json"))) as? [String: Any]
        let quotes = (corpus?["quotes"] as? [[String: Any]]) ?? []
        let first = try #require(quotes.first { $0["id"] as? String == "q001" }?["text"] as? String)
        let second = try #require(quotes.first { $0["id"] as? String == "q002" }?["text"] as? String)
        #expect(flat.contains("One storyteller said \u{201C}\(first.split(whereSeparator: \.isWhitespace).joined(separator: " "))\u{201D} in passing"))
        #expect(flat.contains(second.split(whereSeparator: \.isWhitespace).joined(separator: " ")))
        let html = try String(contentsOf: project.appendingPathComponent("out/notes.html"), encoding: .utf8)
        #expect(html.contains("<em>heard</em>"))
        #expect(html.contains("&lt;script&gt;") && !html.contains("<script>alert"))
        #expect(html.contains("<table"))
        let json = try String(contentsOf: project.appendingPathComponent("out/notes.json"), encoding: .utf8)
        #expect(json.contains("\"source\": \"q002\""), "the pull quote keeps its corpus id")
        // The same pages give the same bytes.
        let again = try Storyloom.run(["build", project.path, "--out", project.appendingPathComponent("again").path])
        #expect(again.status == 0)
        for name in ["notes.txt", "notes.md", "notes.html", "notes.json"] {
            #expect(try Data(contentsOf: project.appendingPathComponent("out/" + name)) == Data(contentsOf: project.appendingPathComponent("again/" + name)), "\(name)")
        }
    }

    @Test func underAWhereEveryFigureIsOfTheSelectionAndSaysSo() throws {
        let page = """
        # Figures

        Stories: {{< count stories >}}. Research: {{< share storytellers sector=research >}}.
        """
        let whole = try pageProject(["a.md": page])
        let part = try pageProject(["a.md": page], report: "    where: { sector: policy }")
        #expect(try Storyloom.run(["build", whole.path, "--out", whole.appendingPathComponent("out").path]).status == 0)
        let result = try Storyloom.run(["build", part.path, "--out", part.appendingPathComponent("out").path])
        #expect(result.status == 0, "\(result.stderr)")
        let all = try String(contentsOf: whole.appendingPathComponent("out/notes.txt"), encoding: .utf8)
        let some = try String(contentsOf: part.appendingPathComponent("out/notes.txt"), encoding: .utf8)
        let policyStories = try count("stories", "{ sector = \"policy\" }")
        #expect(all.contains("Stories: \(try count("stories", "{}"))."))
        #expect(!all.contains("in this selection"))
        #expect(some.contains("Stories: \(policyStories) (in this selection)."), "\(some)")
        #expect(some.contains("covers part of the study"))
    }

    @Test func aShortcodeErrorNamesThePageLineAndColumnAndTheNearestQuote() throws {
        let project = try pageProject(["intro.md": """
        # Intro

        Fine so far.

        Then a quote:   {{< quote q0001 >}} and more.
        """])
        let result = try Storyloom.run(["build", project.path, "--out", project.appendingPathComponent("out").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("pages/intro.md:5:17: {{< quote q0001 >}}"), "\(result.stderr)")
        #expect(result.stderr.contains("the corpus has no quote 'q0001'; did you mean 'q001'?"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("out/notes.txt").path))
    }

    @Test func mistakesInAPageAreFoundWhereTheyAre() throws {
        let cases: [(page: String, status: Int32, says: String)] = [
            ("# A\n\nText {{< count stories\n", 65, "pages/a.md:3:6:"),
            ("---\ntitle: [unclosed\n---\n# A\n", 65, "front matter is not valid YAML"),
            ("# A\n\n![a chart](chart.png)\n", 65, "pages/a.md:3:1:"),
            ("# A\n\n{{< nosuch >}}\n", 1, "no shortcode plugin is named 'nosuch'"),
            ("# A\n\n{{< count stories sectr=research >}}\n", 1, "did you mean 'sector'?"),
            ("# A\n\nIn a sentence {{< chart storytellers >}} here.\n", 1, "cannot stand inside a sentence"),
            ("# A\n\n{{< count people >}}\n", 1, "counts storytellers, stories or quotes"),
            ("# A\n\n{{< share storytellers of=\"sectr=research\" >}}\n", 1, "in 'of', no filter 'sectr'; did you mean 'sector'?"),
            ("# A\n\n{{< share storytellers of=\"gender\" >}}\n", 1, "in 'of', 'gender' is not a filter; write key=value, or attribute.NAME"),
        ]
        for item in cases {
            let project = try pageProject(["a.md": item.page])
            let result = try Storyloom.run(["build", project.path, "--out", project.appendingPathComponent("out").path])
            #expect(result.status == item.status, "\(item.page): \(result.stderr)")
            #expect(result.stderr.contains(item.says), "\(item.page): \(result.stderr)")
        }
    }

    @Test func pagesMustBeMarkdownFilesInTheProject() throws {
        let project = try Storyloom.temporaryFolder()
        for (pages, status, says) in [("[../secret.md]", Int32(65), "is not a Markdown page in the project's folder"),
                                      ("[/etc/passwd]", 65, "is not a Markdown page"),
                                      ("[pages/missing.md]", 66, "cannot read the page 'pages/missing.md'")] {
            try """
            corpus: \(Storyloom.root.path)/reports/copro/corpus.json
            reports:
              - name: notes
                pages: \(pages)
            """.write(to: project.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
            let result = try Storyloom.run(["build", project.path])
            #expect(result.status == status, "\(pages): \(result.stderr)")
            #expect(result.stderr.contains(says), "\(pages): \(result.stderr)")
        }
    }

    /// ctx.params, ctx.plugin and ctx.publication are made once and shared while they stay the
    /// same: each run still sees its own options, and none can change what the next sees.
    @Test func eachShortcodeRunSeesItsOwnReadOnlyContext() throws {
        let project = try pageProject(["a.md": """
        # Runs

        {{< echo >}} {{< echo word=loud >}} {{< echo >}} {{< echo word=loud >}} {{< echo word=soft >}}
        """], extra: "")
        let plugins = project.appendingPathComponent("plugins/shortcodes")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try """
        return { name = "echo", kind = "shortcode", summary = "its own options",
          params = { word = { type = "string", default = "plain" } },
          run = function(ctx, params)
            local changed = pcall(function() ctx.params.word = "changed" end)
            local renamed = pcall(function() ctx.plugin.name = "other" end)
            params.word = params.word .. "!"
            return ctx.params.word .. "/" .. params.word .. "/" .. ctx.plugin.name .. "/" .. ctx.publication.report
              .. (changed and "/changed" or "") .. (renamed and "/renamed" or "")
          end }
        """.write(to: plugins.appendingPathComponent("echo.lua"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["build", project.path, "--format", "txt", "--out", project.appendingPathComponent("out").path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: project.appendingPathComponent("out/notes.txt"), encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("plain/plain!/echo/notes loud/loud!/echo/notes plain/plain!/echo/notes loud/loud!/echo/notes soft/soft!/echo/notes"), "\(text)")
    }

    @Test func aLayoutPlacesPagesAndSectionsAndAPageUsesTheProjectsShortcode() throws {
        let project = try pageProject(["intro.md": """
        # Welcome

        Our own words, {{< stories-told >}}.

        # Details

        ## Kept

        This section is placed alone.

        ## Left out

        Not placed.
        """], report: "    layout: ours")
        let plugins = project.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins.appendingPathComponent("shortcodes"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: plugins.appendingPathComponent("layouts"), withIntermediateDirectories: true)
        try """
        return { name = "stories-told", kind = "shortcode", summary = "the stories told",
          run = function(ctx) return "**" .. ctx.query.count("stories", {}) .. " stories**" end }
        """.write(to: plugins.appendingPathComponent("shortcodes/stories-told.lua"), atomically: true, encoding: .utf8)
        try """
        return { name = "ours", kind = "layout", summary = "pages and a computed section",
          run = function(ctx)
            ctx.doc:title("Ours")
            ctx.narrative("intro", "welcome")
            ctx.doc:heading(1, "Computed")
            ctx.doc:paragraph("Pages: " .. #ctx.pages .. "; sections: " .. table.concat(ctx.pages[1].sections, ","))
            ctx.narrative("intro", "kept")
          end }
        """.write(to: plugins.appendingPathComponent("layouts/ours.lua"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["build", project.path, "--out", project.appendingPathComponent("out").path])
        #expect(result.status == 0, "\(result.stderr)")
        let md = try String(contentsOf: project.appendingPathComponent("out/notes.md"), encoding: .utf8)
        #expect(md.contains("Our own words, **\(try count("stories", "{}")) stories**."))
        #expect(md.contains("Pages: 1; sections: welcome,details,kept,left-out"))
        #expect(md.contains("This section is placed alone."))
        #expect(!md.contains("Not placed."))
        let welcome = try #require(md.range(of: "Welcome")), computed = try #require(md.range(of: "# Computed")), kept = try #require(md.range(of: "## Kept"))
        #expect(welcome.lowerBound < computed.lowerBound && computed.lowerBound < kept.lowerBound)
        // An unknown section is named with the ones there are.
        try """
        return { name = "ours", kind = "layout", summary = "a section that is not there",
          run = function(ctx) ctx.narrative("intro", "kep") end }
        """.write(to: plugins.appendingPathComponent("layouts/ours.lua"), atomically: true, encoding: .utf8)
        let wrong = try Storyloom.run(["build", project.path, "--out", project.appendingPathComponent("out").path])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("page 'intro'") && wrong.stderr.contains("has no section 'kep'; did you mean 'kept'?"), "\(wrong.stderr)")
    }
}
