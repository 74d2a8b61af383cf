import Foundation
import Testing
@testable import StoryloomDocument

private let evil = "<script>alert(\"x\")</script> it's \"quoted\" and back\\slashed \u{1B}[31mred\u{9B}2J\u{202E}rev\u{07}"

private func sampleDocument() throws -> Document {
    let b = DocumentBuilder(title: "A <Report> & \"more\"")
    b.addMetadata("Organisation", "Co-Production Collective")
    try b.contents(depth: 2)
    try b.heading(1, "Who told the stories?")
    b.paragraph("Some *emphasis*, **strong**, `code` and a [link](https://example.org/a?b=1&c=2).")
    b.addQuote(evil, attribution: "A co-producer")
    try b.heading(2, "Who told the stories?")
    b.list(["one", "two"], ordered: true)
    try b.table(header: ["Sector", "%"], rows: [["Research", "64"], ["Policy | Services", "43"]], alignments: ["left", "right"], caption: nil)
    b.beginCallout(kind: "key-finding", title: "Key finding")
    b.paragraph("Inside the call-out.")
    try b.endCallout()
    try b.figure(id: "chart", content: .barChart(BarChart(unit: "%", maximum: 100, bars: [.init(label: "Research", value: 64, group: "Sector"), .init(label: evil, value: 43, group: "Sector")])),
                 caption: "Shares", alt: "A chart of shares")
    try b.figure(id: "graph", content: .graph(Graph(nodes: [.init(id: "a\"b", label: evil), .init(id: "c\\d", label: "C\nD", color: "primary")],
                                                     clusters: [.init(id: "x", label: "Cluster \"x\"", nodes: ["a\"b"])],
                                                     edges: [.init(from: "c\\d", to: "a\"b", toCluster: "x")])),
                 caption: "A graph", alt: "A graph of two nodes")
    return try b.finish()
}

@Suite struct InlineAndAnchorTests {
    @Test func parsesInlineMarkdown() {
        #expect(Inline.parse("a *b* **c** `d` [e](http://f) _g_") == [
            .text("a "), .emphasis([.text("b")]), .text(" "), .strong([.text("c")]), .text(" "), .code("d"), .text(" "),
            .link(text: [.text("e")], url: "http://f"), .text(" "), .emphasis([.text("g")]),
        ])
        #expect(Inline.parse("2 * 3 and snake_case_name and *open") == [.text("2 * 3 and snake_case_name and *open")])
        #expect(Inline.parse("\\*not emphasis\\*") == [.text("*not emphasis*")])
    }

    @Test func anchorsAreStableAndUnique() {
        var anchors = Anchors()
        #expect(Anchors.slug("Who is telling the stories?") == "who-is-telling-the-stories")
        #expect(Anchors.slug("Value for all – individuals") == "value-for-all-individuals")
        #expect(anchors.unique("trust") == "trust")
        #expect(anchors.unique("trust") == "trust-2")
        #expect(anchors.unique("trust") == "trust-3")
    }

    @Test func builderChecksWhatItIsGiven() {
        let b = DocumentBuilder(title: "T")
        #expect(throws: DocumentError("heading level must be 1 to 6, not 7")) { try b.heading(7, "x") }
        #expect(throws: DocumentError("table row 1 has 1 cells, but the header has 2")) { try b.table(header: ["a", "b"], rows: [["x"]], alignments: nil, caption: nil) }
        #expect(throws: DocumentError("a figure needs alt text saying what it shows, for readers who cannot see it")) {
            try b.figure(id: "f", content: .barChart(BarChart(bars: [.init(label: "a", value: 1)])), caption: "c", alt: " ")
        }
        b.beginCallout(kind: "k", title: nil)
        #expect(throws: DocumentError("a callout was begun but not ended")) { try b.finish() }
    }
}

@Suite struct TextRendererTests {
    @Test func wrapsAtTheWidthExactly() throws {
        let b = DocumentBuilder(title: "Title")
        try b.heading(1, "Heading")
        b.paragraph("The quick brown fox jumps over the lazy dog and keeps running far away.")
        b.addQuote("Short quote.", attribution: "Someone")
        let text = TextRenderer(options: RenderOptions(width: 40)).render(try b.finish())
        #expect(text == """
        Title
        =====

        Heading
        =======

        The quick brown fox jumps over the lazy
        dog and keeps running far away.

            “Short quote.”
              — Someone

        """)
    }

    @Test func noLineIsWiderThanTheWidth() throws {
        let text = TextRenderer().render(try sampleDocument())
        for line in text.split(separator: "\n") { #expect(TextCleaning.width(String(line)) <= 80, "\(line)") }
    }

    @Test func noControlCharactersReachTheText() throws {
        let text = TextRenderer().render(try sampleDocument())
        for forbidden in ["\u{1B}", "\u{9B}", "\u{202E}", "\u{07}"] { #expect(!text.contains(forbidden)) }
        #expect(text.contains("[31mred"))
        #expect(text.contains("[1] https://example.org/a?b=1&c=2"))
    }
}

@Suite struct HTMLRendererTests {
    let html: String

    init() throws {
        html = HTMLRenderer().render(try sampleDocument())
    }

    @Test func escapesEverything() {
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; it&#39;s &quot;quoted&quot;"))
        #expect(html.contains("<title>A &lt;Report&gt; &amp; &quot;more&quot;</title>"))
        #expect(!html.contains("\u{1B}"))
    }

    @Test func isAccessibleAndSelfContained() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.components(separatedBy: "<h1").count == 2, "exactly one h1")
        #expect(html.contains("<h2 id=\"who-told-the-stories\">"))
        #expect(html.contains("<h3 id=\"who-told-the-stories-2\">"))
        #expect(html.contains("<a href=\"#who-told-the-stories\">"))
        #expect(html.contains("<figure class=\"sl-figure\" id=\"chart\">"))
        #expect(html.contains("<figcaption>Shares</figcaption>"))
        #expect(html.contains("role=\"img\" aria-labelledby=\"fig-chart-title\""))
        #expect(html.contains("@media print"))
        for external in ["src=", "<link", "@import", "url(", "<script"] { #expect(!html.contains(external), "\(external)") }
        // Without Graphviz the diagram is a clear notice with its DOT source.
        #expect(html.contains("Graphviz is not installed, so this diagram is shown as its DOT source."))
    }

    @Test func parsesAsHTML5() throws {
        guard let checker = try? html5Checker() else {
            print("skipped: python3 with html5lib is not available")
            return
        }
        let errors = try checker(html)
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test func defaultColoursPassWCAGAA() {
        let style = Style()
        for colour in [style.foreground, style.link, style.primary, style.secondary, style.accent, style.muted] {
            #expect((Contrast.ratio(colour, style.background) ?? 0) >= 4.5, "\(colour)")
            #expect((Contrast.ratio(colour, style.tint) ?? 0) >= 4.5, "\(colour) on tint")
        }
    }
}

/// Runs html5lib's strict parser; nil when it is not installed.
func html5Checker() throws -> ((String) throws -> String)? {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", "import html5lib"]
    probe.standardError = FileHandle.nullDevice
    try probe.run()
    probe.waitUntilExit()
    guard probe.terminationStatus == 0 else { return nil }
    return { html in
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-\(UUID().uuidString).html")
        try html.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
        import sys, html5lib
        parser = html5lib.HTMLParser(strict=True)
        try:
            parser.parse(open(sys.argv[1], 'rb').read())
        except Exception as e:
            print(e)
        print(''.join(str(x) for x in parser.errors))
        """, file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

@Suite struct DOTAndOtherRendererTests {
    @Test func dotEscapesLabelsAndGraphvizAcceptsIt() throws {
        guard case let .figure(figure)? = try sampleDocument().blocks.last, case let .graph(graph) = figure.content else {
            Issue.record("no graph")
            return
        }
        let dot = DOTRenderer().render(graph, name: "g\"1")
        #expect(dot.hasPrefix("digraph \"g\\\"1\" {"))
        #expect(dot.contains("\"a\\\"b\" [label=\"&lt;".replacingOccurrences(of: "&lt;", with: "<")))
        #expect(dot.contains("\"c\\\\d\" [label=\"C\\nD\""))
        #expect(!dot.contains("\u{1B}"))
        guard let executable = GraphvizSVG.dotExecutable() else {
            print("skipped: Graphviz is not installed")
            return
        }
        let svg = GraphvizSVG.render(dot, executable: executable)
        #expect(svg?.hasPrefix("<svg") == true)
        #expect(svg?.contains("<!--") == false)
    }

    @Test func markdownEscapes() throws {
        let md = MarkdownRenderer().render(try sampleDocument())
        #expect(md.hasPrefix("# A \\<Report\\> & \"more\"\n"))
        #expect(md.contains("| Policy \\| Services | 43 |"))
        #expect(md.contains("> \\<script\\>alert(\"x\")\\</script\\>"))
        #expect(md.contains("```dot"))
    }

    @Test func jsonIsStableAndDeclaresItsSchema() throws {
        let document = try sampleDocument()
        let first = JSONRenderer().render(document), second = JSONRenderer().render(document)
        #expect(first == second)
        let object = try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any]
        #expect(object?["schema"] as? String == "storyloom-document/1")
        #expect((object?["blocks"] as? [Any])?.count == document.blocks.count)
    }
}

@Suite struct JSONTextTests {
    @Test func escapesWhatJSONNeeds() {
        #expect(JSONValue.quoted("plain é") == "\"plain é\"")
        #expect(JSONValue.quoted("a\"b\\c\nd\u{1}e\u{2028}") == "\"a\\\"b\\\\c\\nd\\u0001e\\u2028\"")
    }

    @Test func sortsKeysAndKeepsIntegers() {
        let value = JSONValue.object([("b", .integer(2)), ("a", .array([.number(1.5), .number(3), .null, .bool(true)]))])
        #expect(value.text(pretty: false) == "{\"a\": [1.5, 3, null, true], \"b\": 2}")
        #expect(value.text() == "{\n  \"a\": [\n    1.5,\n    3,\n    null,\n    true\n  ],\n  \"b\": 2\n}")
    }

    @Test func cleaningLeavesCleanTextAlone() {
        let clean = "Plain text — with “quotes”, é and 漢字\nand a newline"
        #expect(TextCleaning.clean(clean) == clean)
        #expect(TextCleaning.clean("a\u{FEFF}b\u{200E}c\u{85}d\u{7F}e") == "abcde")
        #expect(TextCleaning.width("漢字ab") == 6)
    }
}
