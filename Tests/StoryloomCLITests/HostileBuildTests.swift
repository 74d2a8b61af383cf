import Foundation
import Testing

/// `storyloom build` against hostile projects, brands, plugins and output folders, run as a
/// user runs it: each case ends with a clear error and its documented exit code, or with
/// outputs that carry nothing injected, and never with a half-written output folder.
@Suite struct HostileBuildTests {
    /// A fresh project from `storyloom new` (full-report, overview, sector-diagram), with
    /// `edit` applied to its storyloom.yml and `brand` (if given) as its brand.yml.
    func project(_ edit: (String) -> String = { $0 }, brand: String? = nil) throws -> URL {
        let folder = try Storyloom.temporaryFolder().appendingPathComponent("study")
        let made = try Storyloom.run(["new", folder.path])
        #expect(made.status == 0, "\(made.stderr)")
        let file = folder.appendingPathComponent("storyloom.yml")
        try edit(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
        if let brand { try brand.write(to: folder.appendingPathComponent("brand.yml"), atomically: true, encoding: .utf8) }
        return folder
    }

    func build(_ folder: URL, _ arguments: [String] = [], environment: [String: String]? = nil) throws -> Storyloom.Result {
        try Storyloom.run(["build", folder.path, "--out", folder.appendingPathComponent("out").path] + arguments, environment: environment)
    }

    /// Every file under `folder`, hidden ones included, with its bytes.
    func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        for name in FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [] {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            files[name] = isFolder.boolValue ? Data("<folder>".utf8) : FileManager.default.contents(atPath: path)
        }
        return files
    }

    // MARK: All or nothing

    @Test func aFolderWhereAnOutputShouldGoLeavesTheEarlierSetIntact() throws {
        let folder = try project()
        let first = try build(folder)
        #expect(first.status == 0, "\(first.stderr)")
        let out = folder.appendingPathComponent("out")
        // The overview's HTML (written after the full report's files) is now a folder.
        try FileManager.default.removeItem(at: out.appendingPathComponent("overview.html"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("overview.html"), withIntermediateDirectories: false)
        let before = snapshot(folder)
        #expect(before["out/full-report.txt"] != nil)
        let second = try build(folder, ["--param", "quotes=1"])
        #expect(second.status == 73)
        #expect(second.stderr.contains("overview.html: it is a folder"))
        // Every earlier file has its old bytes, the folder is where it was, nothing was added
        // (no staging folder beside or inside the output folder).
        #expect(snapshot(folder) == before)
    }

    // MARK: Brand and page chrome

    @Test func hostileBrandWordsAreEscapedOrCleanedInEveryOutput() throws {
        let brand = """
        meta: { name: "Evil <script>alert(1)</script>\\u001b[2J\\u202eeman" }
        report:
          footer: "Footer <img src=x onerror=alert(1)>\\u0007 end"
          contact: "Contact \\u009b31m \\u2066here\\u2069"
          partners: ["Acme <b>Trust</b>", "Bee\\u001b]8;;https://evil.example\\u0007 Org"]
        """
        let folder = try project({ $0 }, brand: brand)
        let corpus = folder.appendingPathComponent("corpus.json")
        let text = try String(contentsOf: corpus, encoding: .utf8)
            .replacingOccurrences(of: "\"title\": \"Generated corpus\"", with: "\"title\": \"Study </title><script>x()</script>\\u001b[31m\\u202e\"")
        try text.write(to: corpus, atomically: true, encoding: .utf8)
        let result = try build(folder, ["--report", "overview"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("out/overview.html"), encoding: .utf8)
        let txt = try String(contentsOf: folder.appendingPathComponent("out/overview.txt"), encoding: .utf8)
        for output in [html, txt] {
            for control in ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}", "\u{2066}", "\u{2069}"] {
                #expect(!output.contains(control), "a control character reached an output")
            }
        }
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>Trust"))
        #expect(html.contains("Evil &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<title>Study &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;"))
        // Partners show in HTML as in text.
        #expect(html.contains("In partnership with Acme &lt;b&gt;Trust&lt;/b&gt;, Bee]8;;https://evil.example Org.</p>"))
        #expect(txt.contains("In partnership with Acme <b>Trust</b>, Bee]8;;https://evil.example Org."))
    }

    @Test func withoutPartnersThePageSaysNothingAboutThem() throws {
        let folder = try project()
        let result = try build(folder, ["--report", "overview"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("out/overview.html"), encoding: .utf8)
        #expect(!html.contains("In partnership"))
        #expect(html.contains("<footer"))
    }

    @Test func aScriptLinkInTheBrandIsAnErrorAtItsPlace() throws {
        let folder = try project({ $0 }, brand: "meta:\n  name: X\n  link: \"javascript:alert(1)\"\n")
        let result = try build(folder)
        #expect(result.status == 65)
        #expect(result.stderr.contains("brand.yml:3:9: error at /meta/link: 'javascript:alert(1)' is not an http, https or mailto link"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func logosAreJudgedByTheirBytes() throws {
        let folder = try project({ $0 }, brand: "meta: { name: X }\nlogo:\n  small: text.png\n")
        try Data("just text".utf8).write(to: folder.appendingPathComponent("text.png"))
        let text = try build(folder)
        #expect(text.status == 65)
        #expect(text.stderr.contains("brand.yml:3:10: error at /logo/small: 'text.png' is not a PNG, JPEG, GIF, WebP or SVG image"))

        let other = try project({ $0 }, brand: "meta: { name: X }\nlogo:\n  small: folder.svg\n")
        try FileManager.default.createDirectory(at: other.appendingPathComponent("folder.svg"), withIntermediateDirectories: false)
        let folderLogo = try build(other)
        #expect(folderLogo.status == 65)
        #expect(folderLogo.stderr.contains("'folder.svg' is a folder, not an image"))
    }

    // MARK: Writer plugins

    @Test func writerOutputLosesTerminalAndBidiControlsButKeepsLineEndsAndTabs() throws {
        let folder = try project { $0.replacingOccurrences(of: "formats: [txt, html]\n  # The most-told", with: "formats: [txt, evil]\n  # The most-told") }
        let writers = folder.appendingPathComponent("plugins/writers")
        try FileManager.default.createDirectory(at: writers, withIntermediateDirectories: true)
        try """
        return {
          name = "evil", kind = "writer", extension = "evil", summary = "controls in every form",
          run = function(ctx, params)
            return "a\\27[31mred\\27[0m\\tb\\r\\n" .. "c\\194\\155" .. "2J\\226\\128\\174rev\\226\\129\\166iso\\226\\129\\169\\0\\7\\8 end\\n"
          end,
        }
        """.write(to: writers.appendingPathComponent("evil.lua"), atomically: true, encoding: .utf8)
        let result = try build(folder, ["--report", "full-report", "--format", "evil"])
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try Data(contentsOf: folder.appendingPathComponent("out/full-report.evil"))
        #expect(String(decoding: bytes, as: UTF8.self) == "a[31mred[0m\tb\r\nc2Jreviso end\n")
    }

    // MARK: Numbers

    @Test(arguments: [("memory: 256MB", "memory: 1e999MB", "/limits/memory", "'1e999MB' is not a size from 1 MB to 1 TB"),
                      ("memory: 256MB", "memory: -1e999MB", "/limits/memory", "is not a size"),
                      ("memory: 256MB", "memory: .nan", "/limits/memory", "is not a size"),
                      ("instructions: 200000000", "instructions: 1e999", "/limits/instructions", "expected a whole number above 0"),
                      ("instructions: 200000000", "instructions: 99999999999999999999999", "/limits/instructions", "expected a whole number above 0"),
                      ("instructions: 200000000", "instructions: -1", "/limits/instructions", "expected a whole number above 0")])
    func outOfRangeLimitsInTheProjectAre65AtTheirPlace(old: String, new: String, pointer: String, message: String) throws {
        let folder = try project { $0.replacingOccurrences(of: old, with: new) }
        let result = try build(folder)
        #expect(result.status == 65, "\(new): \(result.stderr)")
        let located = try Regex("storyloom\\.yml:[0-9]+:[0-9]+: error at \(pointer): ")
        #expect(result.stderr.firstMatch(of: located) != nil, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test(arguments: [["--memory", "1e999MB"], ["--memory", "nan"], ["--memory=-5MB"], ["--memory", "1e12TB"],
                      ["--instructions", "1e999"], ["--instructions=-1"], ["--instructions", "0"],
                      ["--instructions", "99999999999999999999999"]])
    func outOfRangeLimitFlagsAre64(flag: [String]) throws {
        let folder = try project()
        let result = try build(folder, flag)
        #expect(result.status == 64, "\(flag): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    // MARK: YAML

    @Test func mergeKeysInTheProjectFileAreHonoured() throws {
        let folder = try project { text in
            text.replacingOccurrences(of: "  - name: full-report\n    layout: full-report\n    formats: [txt, html]\n",
                                      with: "  - &shared\n    name: full-report\n    layout: full-report\n    formats: [txt]\n")
                .replacingOccurrences(of: "  - name: overview\n    layout: overview\n    formats: [txt, html]\n",
                                      with: "  - <<: *shared\n    name: overview\n    layout: overview\n")
        }
        let result = try build(folder, ["--report", "full-report", "--report", "overview"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).sorted()
        #expect(files == ["full-report.txt", "overview.txt"])
    }

    @Test func anAliasBombInTheProjectFileStopsQuicklyWith65() throws {
        var lines = ["x0: &x0 [a, a, a, a, a, a, a, a, a]"]
        for n in 1 ..< 12 { lines.append("x\(n): &x\(n) [" + Array(repeating: "*x\(n - 1)", count: 9).joined(separator: ", ") + "]") }
        let folder = try project { $0.replacingOccurrences(of: "    layout: overview\n", with: "    layout: overview\n    where:\n" + lines.map { "      " + $0 + "\n" }.joined()) }
        let start = Date()
        let result = try build(folder)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("aliases here expand the file to far more values than it holds"))
        #expect(Date().timeIntervalSince(start) < 10)
    }

    // MARK: Graphviz

    /// A folder holding only a fake `dot` that runs `script`.
    func fakeGraphviz(_ script: String) throws -> URL {
        let bin = try Storyloom.temporaryFolder()
        let dot = bin.appendingPathComponent("dot")
        try "#!/bin/sh\n\(script)\n".write(to: dot, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dot.path)
        return bin
    }

    func svgProject() throws -> URL {
        try project { $0.replacingOccurrences(of: "formats: [html, dot]", with: "formats: [html, dot, svg]") }
    }

    @Test func aGraphvizCrashFailsAnSVGBuildWithoutTouchingEarlierFiles() throws {
        guard Storyloom.hasGraphviz else { return }
        let folder = try svgProject()
        let first = try build(folder, ["--report", "sector-diagram"])
        #expect(first.status == 0, "\(first.stderr)")
        let before = snapshot(folder)
        #expect(before["out/sector-diagram.svg"] != nil)
        let crashing = try fakeGraphviz("/bin/cat >/dev/null; kill -SEGV $$")
        let result = try build(folder, ["--report", "sector-diagram"],
                               environment: ["PATH": crashing.path, "HOME": NSTemporaryDirectory()])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("report 'sector-diagram': Graphviz (dot)"), "\(result.stderr)")
        #expect(snapshot(folder) == before)
    }

    @Test func withoutGraphvizAnSVGIs69AndHTMLAloneStillBuilds() throws {
        let folder = try svgProject()
        let empty = try Storyloom.temporaryFolder()
        let environment = ["PATH": empty.path, "HOME": NSTemporaryDirectory()]
        let svg = try build(folder, ["--report", "sector-diagram"], environment: environment)
        #expect(svg.status == 69, "\(svg.stderr)")
        #expect(svg.stderr.contains("needs Graphviz (dot)"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        let html = try build(folder, ["--report", "sector-diagram", "--format", "html"], environment: environment)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stderr.contains("Graphviz (dot) is not installed"))
    }

    /// A project whose one report draws a `doc:graph` (drawn by Graphviz in HTML and as .svg).
    func graphProject(formats: String) throws -> URL {
        let folder = try project { _ in
            "corpus: corpus.json\nreports:\n  - name: chart\n    layout: chart\n    formats: [\(formats)]\n"
        }
        let layouts = folder.appendingPathComponent("plugins/layouts")
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        try """
        return {
          name = "chart", kind = "layout", summary = "one diagram",
          run = function(ctx, params)
            ctx.doc:title("Chart")
            ctx.doc:graph{ id = "flow", label = "Flow", nodes = { { id = "a", label = "A" }, { id = "b", label = "B" } },
                           edges = { { from = "a", to = "b" } }, caption = "A to B", alt = "A leads to B" }
          end,
        }
        """.write(to: layouts.appendingPathComponent("chart.lua"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func whenGraphvizFailsHTMLShowsTheDOTSourceButAnSVGFailsTheBuild() throws {
        let crashing = try fakeGraphviz("/bin/cat >/dev/null; kill -SEGV $$")
        let environment = ["PATH": crashing.path, "HOME": NSTemporaryDirectory()]
        let htmlOnly = try graphProject(formats: "html, dot")
        let page = try build(htmlOnly, environment: environment)
        #expect(page.status == 0, "\(page.stderr)")
        let html = try String(contentsOf: htmlOnly.appendingPathComponent("out/chart.html"), encoding: .utf8)
        #expect(html.contains("Graphviz could not draw this diagram; the diagram&#39;s DOT source follows."))
        #expect(FileManager.default.fileExists(atPath: htmlOnly.appendingPathComponent("out/chart.dot").path))

        let withSVG = try graphProject(formats: "html, svg")
        let svg = try build(withSVG, environment: environment)
        #expect(svg.status == 1, "\(svg.stderr)")
        #expect(svg.stderr.contains("report 'chart': Graphviz (dot)"), "\(svg.stderr)")
        #expect(!FileManager.default.fileExists(atPath: withSVG.appendingPathComponent("out").path))
    }

    // MARK: Outputs and inputs

    @Test func anOutputThatWouldReplaceAnInputIsRefused() throws {
        let folder = try project { _ in "corpus: corpus.json\noutput: .\nreports:\n  - name: corpus\n    layout: overview\n    formats: [json]\n" }
        let before = try Data(contentsOf: folder.appendingPathComponent("corpus.json"))
        let result = try Storyloom.run(["build", folder.path])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("corpus.json would replace the corpus"), "\(result.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("corpus.json")) == before)
    }

    @Test func twoOutputsWithOnePathAreRefused() throws {
        // Report "chart" draws two diagrams, written as chart.flow.dot and chart.other.dot; a
        // report named "chart.flow" with one diagram is written as chart.flow.dot too.
        let folder = try graphProject(formats: "dot")
        try """
        return {
          name = "two", kind = "layout", summary = "two diagrams",
          run = function(ctx, params)
            ctx.doc:title("Two")
            for _, id in ipairs({ "flow", "other" }) do
              ctx.doc:graph{ id = id, label = id, nodes = { { id = "a", label = "A" } }, caption = id, alt = "one box" }
            end
          end,
        }
        """.write(to: folder.appendingPathComponent("plugins/layouts/two.lua"), atomically: true, encoding: .utf8)
        try """
        corpus: corpus.json
        reports:
          - name: chart
            layout: two
            formats: [dot]
          - name: chart.flow
            layout: chart
            formats: [dot]
        """.write(to: folder.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
        let result = try build(folder)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("two outputs of this build would both be written to"), "\(result.stderr)")
        #expect(result.stderr.contains("chart.flow.dot"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func aPipeOrADeviceAsAnInputFileNeverBlocks() throws {
        let folder = try project({ $0.replacingOccurrences(of: "brand: brand.yml", with: "brand: brand.yml\ntemplate: page.fifo") },
                                 brand: "meta: { name: X }\nlogo:\n  small: /dev/zero\n")
        #expect(mkfifo(folder.appendingPathComponent("page.fifo").path, 0o600) == 0)
        let start = Date()
        let logo = try build(folder)
        #expect(logo.status == 65, "\(logo.stderr)")
        #expect(logo.stderr.contains("error at /logo/small: '/dev/zero' cannot be read"), "\(logo.stderr)")
        try "meta: { name: X }\n".write(to: folder.appendingPathComponent("brand.yml"), atomically: true, encoding: .utf8)
        let template = try build(folder)
        #expect(template.status == 66, "\(template.stderr)")
        #expect(template.stderr.contains("page.fifo: error: the HTML template cannot be read"), "\(template.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
    }
}
