import Foundation
import Testing

/// The ids GitHub gives headings, worked out here independently of Storyloom's own code: the
/// heading's text lower-cased, everything but letters, marks, digits, `_`, `-` and spaces
/// dropped, spaces made hyphens, repeats numbered -1, -2, ….
private func githubIDs(ofHeadingsIn markdown: String) -> [String] {
    var seen: [String: Int] = [:]
    var ids: [String] = []
    var inFence = false
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("```") { inFence.toggle() }
        guard !inFence, let match = line.firstMatch(of: /^#{1,6} (.*)$/) else { continue }
        // The heading's text as a reader sees it: backslash escapes resolved.
        let text = String(match.output.1).replacing(/\\([!-\/:-@\[-`{-~])/) { String($0.output.1) }
        let base = text.trimmingCharacters(in: .whitespaces).lowercased()
            .replacing(/[^\p{L}\p{M}\p{Nd}\p{Pc}\- ]/, with: "").replacingOccurrences(of: " ", with: "-")
        var id = base
        while seen[id] != nil {
            seen[base, default: 0] += 1
            id = "\(base)-\(seen[base]!)"
        }
        seen[id] = 0
        ids.append(id)
    }
    return ids
}

@Suite struct PortableMarkdownTests {
    @Test func theSampleReportReadsOnGitHub() throws {
        let out = try Storyloom.temporaryFolder()
        let result = try Storyloom.run(["build", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = try String(contentsOf: out.appendingPathComponent("full-report.md"), encoding: .utf8)
        #expect(!markdown.contains("{#"), "no Pandoc attributes")
        let ids = Set(githubIDs(ofHeadingsIn: markdown))
        let targets = markdown.matches(of: /\]\(#([^)]*)\)/).map { String($0.output.1) }
        #expect(targets.count > 40, "the contents list")
        for target in targets { #expect(ids.contains(target), "#\(target) is no heading's GitHub id") }
        // Headings GitHub numbers or strips differently from the document's own anchors.
        #expect(markdown.contains("](#value-for-all---individuals-organisation-and-society)"))
        #expect(markdown.contains("](#time-1)"))
        // The sector diagram: the image the same build writes, not DOT source.
        #expect(!markdown.contains("```"))
        if Storyloom.hasGraphviz {
            #expect(markdown.contains("](sector-diagram.svg)\n"))
        }
        // Pandoc's GitHub reader, when installed, gives the headings the same ids.
        if (try? Storyloom.runTool("pandoc", ["--version"]).status) == 0 {
            let html = try Storyloom.runTool("pandoc", ["-f", "gfm", "-t", "html", out.appendingPathComponent("full-report.md").path])
            let pandocIDs = Set(html.stdout.matches(of: /<h[1-6]\s+id="([^"]*)"/).map { String($0.output.1) })
            for target in targets { #expect(pandocIDs.contains(target), "#\(target) per pandoc") }
        }
    }

    @Test func aReportMayAskForPandocMarkdown() throws {
        let folder = try Storyloom.temporaryFolder()
        try """
        corpus: \(Storyloom.root.appendingPathComponent("reports/copro/corpus.json").path)
        output: out
        reports:
          - name: overview
            formats: [md]
            markdown: pandoc
        """.write(to: folder.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["build", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = try String(contentsOf: folder.appendingPathComponent("out/overview.md"), encoding: .utf8)
        #expect(markdown.contains("## Key findings {#key-findings}"))

        try "corpus: corpus.json\nreports:\n  - name: overview\n    markdown: commonmark\n"
            .write(to: folder.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
        let wrong = try Storyloom.run(["build", folder.path])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("error at /reports/0/markdown: unknown Markdown flavour 'commonmark'"), "\(wrong.stderr)")
    }
}
