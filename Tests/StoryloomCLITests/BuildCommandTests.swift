import Foundation
import Testing

/// A small project whose quotes hold characters every format must escape.
private func escapingProject() throws -> URL {
    let folder = try Storyloom.temporaryFolder()
    let themes = ["key-learning", "key-learning.trust", "challenges", "challenges.time", "impacts", "impacts.individuals",
                  "conditions", "conditions.time", "values", "values.human", "future", "future.spaces", "about", "about.what", "about.why"]
    let themeJSON = themes.map { id -> String in
        let parent = id.contains(".") ? ", \"parent\": \"\(id.split(separator: ".")[0])\"" : ""
        return "{\"id\": \"\(id)\", \"title\": \"Title of \(id)\", \"summary\": \"About \(id).\"\(parent)}"
    }.joined(separator: ",\n")
    let corpus = """
    {"format": "storyloom-corpus/1",
     "project": {"title": "Escaping <study>", "key_findings": ["One."]},
     "vocabularies": {"sectors": [{"id": "research", "label": "Research"}, {"id": "policy", "label": "Policy"}, {"id": "services", "label": "Services"}],
                      "roles": [{"id": "lived-experience", "label": "Lived experience"}]},
     "themes": [\(themeJSON)],
     "storytellers": [{"id": "a", "sectors": ["research", "policy"], "roles": ["lived-experience"]}, {"id": "b", "sectors": ["services"]}],
     "stories": [{"id": "s1", "storytellers": ["a"]}, {"id": "s2", "storytellers": ["b"]}],
     "quotes": [
       {"id": "q1", "story": "s1", "text": "<script>alert(\\"x\\")</script> is \\"text\\"", "themes": ["key-learning.trust", "challenges.time"], "key": true},
       {"id": "q2", "story": "s2", "text": "a back\\\\slash \\\\ and \\"quotes\\" in a label", "themes": ["key-learning.trust"]},
       {"id": "q3", "story": "s2", "text": "plain words", "themes": ["values.human", "about.what"]}]}
    """
    try corpus.write(to: folder.appendingPathComponent("corpus.json"), atomically: true, encoding: .utf8)
    try """
    corpus: corpus.json
    output: out
    reports:
      - name: full-report
        layout: full-report
        formats: [txt, html, md, json]
      - name: overview
        layout: overview
      - name: sector-diagram
        layout: sector-diagram
        formats: [dot]
    """.write(to: folder.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
    return folder
}

private func read(_ url: URL) -> String {
    (try? String(contentsOf: url, encoding: .utf8)) ?? ""
}

@Suite struct BuildCommandTests {
    @Test func buildsTheSampleProject() throws {
        let out = try Storyloom.temporaryFolder()
        let result = try Storyloom.run(["build", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["overview", "full-report"] {
            for ext in ["txt", "html", "md", "json"] {
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(name).\(ext)").path), "\(name).\(ext)")
                #expect(result.stdout.contains("/\(name).\(ext) ("))
            }
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("sector-diagram.dot").path))
        if Storyloom.hasGraphviz {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("sector-diagram.svg").path))
        }
        #expect(result.stdout.split(separator: "\n").last?.hasPrefix("built 4 reports, ") == true)
    }

    @Test func timingsNameEveryStepAndPlugin() throws {
        let out = try Storyloom.temporaryFolder()
        let result = try Storyloom.run(["build", "--out", out.path, "--report", "full-report", "--format", "txt", "--timings"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        for step in ["load the corpus", "load the brand and plugins", "full-report: analysis sector-regions",
                     "full-report: layout pages", "full-report: shortcode quote", "full-report: render txt", "write the files"] {
            #expect(lines.contains { $0.hasPrefix(step + " ") && $0.contains(" s") }, "\(step) in \(result.stderr)")
        }
        #expect(lines.contains { $0.hasPrefix("full-report: layout pages") && $0.contains("Lua ") })
        // A shortcode's runs in a report are one line, with how many there were.
        #expect(lines.filter { $0.hasPrefix("full-report: shortcode quote ") }.count == 1)
        #expect(lines.contains { $0.hasPrefix("full-report: shortcode quote ×") })
        #expect(lines.last?.hasPrefix("total ") == true)
        // The shortcodes ran inside the layout: said so, and counted once in the total.
        #expect(lines.contains { $0.hasPrefix("full-report: shortcode quote ×") && $0.hasSuffix("(within the layout)") })
        func seconds(_ line: String) -> Double? {
            line.firstMatch(of: /(\d+\.\d{3}) s/).flatMap { Double($0.1) }
        }
        let steps = lines.dropLast().filter { !$0.hasSuffix("(within the layout)") && !$0.hasSuffix("(side by side)") }
        let sum = steps.compactMap(seconds).reduce(0, +)
        let total = try #require(lines.last.flatMap(seconds))
        #expect(abs(sum - total) < 0.002 * Double(steps.count), "\(result.stderr)")
        // Without the flag, nothing is printed to standard error.
        #expect(try Storyloom.run(["build", "--out", out.path, "--report", "full-report", "--format", "txt"]).stderr.isEmpty)
    }

    @Test func fullReportFollowsThePublishedContentsPage() throws {
        let out = try Storyloom.temporaryFolder()
        try Storyloom.run(["build", "--report", "full-report", "--format", "md", "--out", out.path])
        let headings = read(out.appendingPathComponent("full-report.md")).split(separator: "\n")
            .filter { $0.hasPrefix("## ") || $0.hasPrefix("### ") }
            .map { String($0.replacing(#/\s\{#.*\}$/#, with: "")) }
        // The contents page of the published full report: every entry, in its order (the report
        // also has sub-headings the contents page leaves out).
        let contentsPage = [
            "## Introduction", "## What is Community Reporting?", "### Probing: gathering stories",
            "### Sense-making: curating stories", "### Responding: mobilising stories", "## Who is telling the stories?",
            "## Key learning from the stories", "### Diversity of perspectives",
            "### Difficult to achieve same results without lived experience", "### Depth of insights", "### Co-learning",
            "### Sharing roles, sharing power, striving for equity", "### People driving change",
            "### Collective action and connections",
            "### Enhanced ability to create change organisationally and in the community", "### Trust", "## Challenges",
            "## Value for all - individuals, organisation and society", "### Impacts on individuals",
            "### Impacts on organisations", "### Impacts on society", "## Impacts by sector: research, policy, services",
            "## The Conditions of Co-Production", "## Conclusion",
        ]
        var remaining = contentsPage[...]
        for heading in headings where heading == remaining.first { remaining.removeFirst() }
        #expect(remaining.isEmpty, "missing or out of order: \(Array(remaining)); headings: \(headings)")
        #expect(headings.filter { $0.hasPrefix("## ") } == contentsPage.filter { $0.hasPrefix("## ") })
    }

    @Test func everyQuoteAppearsOnceAndEscaped() throws {
        let project = try escapingProject()
        let result = try Storyloom.run(["build", project.path])
        #expect(result.status == 0, "\(result.stderr)")
        let out = project.appendingPathComponent("out")
        let html = read(out.appendingPathComponent("full-report.html"))
        #expect(!html.contains("<script"))
        #expect(html.components(separatedBy: "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; is &quot;text&quot;").count == 2, "once")
        #expect(html.components(separatedBy: "a back\\slash \\ and &quot;quotes&quot; in a label").count == 2, "once")
        let text = read(out.appendingPathComponent("full-report.txt"))
        #expect(text.components(separatedBy: "<script>alert(\"x\")</script> is \"text\"").count == 2)
        let dot = read(out.appendingPathComponent("sector-diagram.dot"))
        #expect(dot.hasPrefix("graph \"sector-diagram\" {"))  // the Venn diagram, drawn by neato
        if Storyloom.hasGraphviz {
            let check = try Storyloom.runTool("dot", ["-Tsvg", out.appendingPathComponent("sector-diagram.dot").path])
            #expect(check.status == 0, "\(check.stderr)")
        }
    }

    @Test func everyDOTOutputIsValidGraphviz() throws {
        guard Storyloom.hasGraphviz else {
            print("skipped: Graphviz is not installed")
            return
        }
        let out = try Storyloom.temporaryFolder()
        try Storyloom.run(["build", "--out", out.path])
        let dots = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".dot") }
        #expect(!dots.isEmpty)
        for name in dots {
            let check = try Storyloom.runTool("dot", ["-Tsvg", out.appendingPathComponent(name).path])
            #expect(check.status == 0, "\(name): \(check.stderr)")
        }
    }

    @Test func htmlParsesAndLoadsNothingExternal() throws {
        let out = try Storyloom.temporaryFolder()
        try Storyloom.run(["build", "--format", "html", "--out", out.path])
        for name in ["overview.html", "full-report.html", "feature-diversity.html"] {
            let html = read(out.appendingPathComponent(name))
            for external in [" src=", "<link", "@import", "url(", "<script", "<iframe"] { #expect(!html.contains(external), "\(name): \(external)") }
            #expect(html.components(separatedBy: "<h1").count == 2)
            if let errors = try Storyloom.html5Errors(out.appendingPathComponent(name)) {
                #expect(errors.isEmpty, "\(name): \(errors)")
            } else {
                print("skipped: python3 with html5lib is not available")
            }
        }
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let a = try Storyloom.temporaryFolder(), b = try Storyloom.temporaryFolder()
        try Storyloom.run(["build", "--out", a.path])
        try Storyloom.run(["build", "--out", b.path])
        let names = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: b.path).sorted()))
        for name in names {
            #expect(FileManager.default.contents(atPath: a.appendingPathComponent(name).path)
                == FileManager.default.contents(atPath: b.appendingPathComponent(name).path), "\(name)")
        }
    }

    @Test func aFailingLayoutLeavesEarlierOutputsIntact() throws {
        let out = try Storyloom.temporaryFolder()
        try Storyloom.run(["build", "--out", out.path])
        let before = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        let contents = before.map { FileManager.default.contents(atPath: out.appendingPathComponent($0).path) }
        let plugins = try Storyloom.temporaryFolder()
        try """
        return {
          name = "feature", kind = "layout", summary = "breaks half way",
          params = { theme = { type = "string", default = "" } },
          run = function(ctx, params)
            ctx.doc:heading(1, "Started")
            local missing = ctx.corpus.theme("no-such-theme")
            ctx.doc:paragraph(missing.summary)
          end,
        }
        """.write(to: plugins.appendingPathComponent("feature.lua"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["build", "--out", out.path, "--plugin-path", plugins.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("feature.lua:7: attempt to index a nil value (local 'missing')"))
        #expect(result.stderr.contains("stack traceback:"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == before, "no partial or new file")
        #expect(before.map { FileManager.default.contents(atPath: out.appendingPathComponent($0).path) } == contents)
    }

    @Test func badCorpusExits65AndWritesNothing() throws {
        let project = try escapingProject()
        try "{\"format\": \"storyloom-corpus/9\", \"project\": {}}".write(to: project.appendingPathComponent("corpus.json"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["build", project.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("error at /format: unsupported format 'storyloom-corpus/9'"))
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("out").path))
    }

    @Test func badProjectFileIsLocated() throws {
        let project = try escapingProject()
        try "corpus: corpus.json\nreports:\n  - name: overview\n    formats: [html, doc]\n".write(to: project.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["build", project.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("storyloom.yml:4:21: error at /reports/0/formats/1: unknown format 'doc'"))
    }
}

extension Storyloom {
    static var hasGraphviz: Bool { (try? runTool("dot", ["-V"]).status) == 0 }

    static func runTool(_ tool: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// html5lib's strict parse errors for a file, or nil when html5lib is not installed.
    static func html5Errors(_ file: URL) throws -> String? {
        guard try runTool("python3", ["-c", "import html5lib"]).status == 0 else { return nil }
        let script = """
        import sys, html5lib
        parser = html5lib.HTMLParser(strict=True)
        try:
            parser.parse(open(sys.argv[1], 'rb').read())
        except Exception as e:
            print(e)
        """
        return try runTool("python3", ["-c", script, file.path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
