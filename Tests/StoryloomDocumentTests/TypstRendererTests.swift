import Foundation
import Testing
@testable import StoryloomDocument

/// Text that is markup in Typst: a function call that reads a file, a heading, math, a label, a
/// reference, comments, a raw block, brackets and a string's own quote and backslash.
private let typstHostile = "#read(\"/etc/passwd\") = Heading $x^2$ <lbl> @ref // comment /* block */ ```raw``` ] [ \\ \" *bold* _em_"

/// A Typst that can compile, if this machine has one (the checkout's .venv-typst, typst, or a
/// Python that imports typst).
private let engine: TypstEngine? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try? TypstEngine.find(folders: [root.path]).get()
}()

/// The text of a PDF (poppler's pdftotext), or nil without it.
private func pdfText(_ pdf: [UInt8]) throws -> String? {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-typst-\(UUID().uuidString).pdf")
    try Data(pdf).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    guard let run = ChildProcess.run("/bin/sh", ["-c", "command -v pdftotext >/dev/null || exit 127; exec pdftotext \"$0\" -", file.path],
                                     input: [], timeout: 60), run.status == 0 else { return nil }
    return String(decoding: run.output, as: UTF8.self)
}

@Suite struct TypstRendererTests {
    @Test func stringsEscapeOnlyWhatEndsThem() {
        #expect(TypstRenderer.string("a\"b\\c\nd") == #""a\"b\\c\nd""#)
        #expect(TypstRenderer.string("red\u{1B}[31m \u{202E}x") == #""red[31m x""#, "controls removed")
        #expect(TypstRenderer.text("") == "")
        #expect(TypstRenderer.text("two\nlines") == #"#"two lines""#)
    }

    @Test func everyTextIsAStringLiteral() throws {
        let typst = TypstRenderer().render(try sampleDocument())
        #expect(typst.contains(#"#"<script>alert(\"x\")</script> it's \"quoted\" and back\\slashed [31mred2Jrev""#))
        #expect(typst.contains(#"#heading(level: 1)[#"Who told the stories?"] <who-told-the-stories>"#))
        #expect(typst.contains(#"#heading(level: 2)[#"Who told the stories?"] <who-told-the-stories-2>"#))
        #expect(typst.contains(#"#link("https://example.org/a?b=1&c=2")[#"link"]"#))
        #expect(typst.contains(#"#outline(title: [#"Contents"], depth: 2)"#))
        #expect(typst.contains(#"#sl-callout(title: [#"Key finding"])["#))
        #expect(typst.contains(#"table.header([#"Sector"], [#"%"])"#))
        #expect(typst.contains("image(bytes("), "charts as SVG")
        for forbidden in controlCharacters { #expect(!typst.contains(forbidden)) }
    }

    @Test func linksAreWebMailOrLabelsTheDocumentHas() throws {
        let b = DocumentBuilder(title: "T")
        try b.heading(1, "Here")
        b.paragraph("[a](javascript:alert(1)) [b](#here) [c](#nowhere) [d](mailto:x@example.org) [e](data:text/html,x)")
        let typst = TypstRenderer().render(try b.finish())
        #expect(typst.contains(##"#"a"#"##) && !typst.contains("javascript"))
        #expect(typst.contains(##"#link(<here>)[#"b"]"##))
        #expect(typst.contains(##"#"c"#"##) && !typst.contains("<nowhere>"), "Typst refuses a link to a missing label")
        #expect(typst.contains(##"#link("mailto:x@example.org")[#"d"]"##))
        #expect(!typst.contains("data:"))
    }

    @Test func anchorsThatCannotBeLabelsAreLeftOut() {
        let document = Document(title: "T", blocks: [.heading(level: 1, text: [.text("x")], anchor: "x> #read(\"/etc\") <y")])
        let typst = TypstRenderer().render(document)
        #expect(typst.contains(#"#heading(level: 1)[#"x"]"# + "\n"))
        #expect(!typst.contains("#read"))
        #expect(TypstRenderer.isLabel("who-told-2") && !TypstRenderer.isLabel("-x") && !TypstRenderer.isLabel("a b"))
        // A document read from JSON may repeat an anchor: neither gets the label, no link points at it.
        let twice = Document(title: "T", blocks: [.heading(level: 1, text: [.text("a")], anchor: "same"),
                                                   .heading(level: 1, text: [.text("b")], anchor: "same"),
                                                   .paragraph([.link(text: [.text("go")], url: "#same")])])
        let rendered = TypstRenderer().render(twice)
        #expect(!rendered.contains("<same>") && rendered.contains(##"#"go""##))
    }

    @Test func pageSizeDateLanguageAndBrandColours() {
        var options = RenderOptions()
        options.paper = .letter
        options.date = "2022-10-31"
        options.style.primary = "#0b4f6c"
        options.style.secondary = "red; evil"
        let typst = TypstRenderer(options: options).render(Document(title: "T", language: "en-GB"))
        #expect(typst.contains(#"#set page(paper: "us-letter""#))
        #expect(typst.contains("date: datetime(year: 2022, month: 10, day: 31)"))
        #expect(typst.contains(#"lang: "en", region: "GB""#))
        #expect(typst.contains(##"fill: rgb("#0b4f6c")"##))
        #expect(typst.contains(##"stroke: (left: 2.5pt + rgb("#6b3f7a"))"##), "a colour that is not one falls back to the default")
        #expect(TypstRenderer.date("31/10/2022") == "none")
        #expect(TypstRenderer.language("x-evil\")") == ("en", nil))
    }

    @Test func brandFontsComeFirstThenTypstsOwn() {
        var style = Style()
        style.fontBase = "\"Source Sans 3\", Arial, " + Style().fontBase
        #expect(TypstRenderer.fonts(style.fontBase, default: Style().fontBase, fallback: ["Libertinus Serif"]) == #"("Source Sans 3", "Arial", "Libertinus Serif",)"#)
        #expect(TypstRenderer.fonts(Style().fontBase, default: Style().fontBase, fallback: ["Libertinus Serif"]) == #"("Libertinus Serif",)"#)
    }

    @Test func corpusTextNeverBecomesTypstMarkup() throws {
        guard let engine else {
            print("skipped: no Typst (run scripts/setup)")
            return
        }
        let b = DocumentBuilder(title: typstHostile)
        b.setTitle(typstHostile, subtitle: typstHostile)
        b.addMetadata(typstHostile, typstHostile)
        try b.contents(depth: 2)
        try b.heading(1, MarkdownEscape.escape(typstHostile))
        b.paragraph(MarkdownEscape.escape(typstHostile))
        b.addQuote(typstHostile, attribution: MarkdownEscape.escape(typstHostile), source: nil)
        try b.table(header: [MarkdownEscape.escape(typstHostile)], rows: [[MarkdownEscape.escape(typstHostile)]], alignments: ["left"], caption: nil)
        try b.figure(id: "chart", content: .barChart(BarChart(title: typstHostile, bars: [.init(label: typstHostile, value: 1)])),
                     caption: MarkdownEscape.escape(typstHostile), alt: typstHostile)
        let source = TypstRenderer().render(try b.finish())
        let pdf = try engine.compile(source, timestamp: 0).get()
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        if let text = try pdfText(pdf) {
            // Each place shows the words themselves, markup characters and all.
            #expect(text.components(separatedBy: "#read(\"/etc/passwd\")").count >= 6, "\(text)")
            #expect(!text.contains("root:"), "no file was read")
        }
    }

    @Test func theSameSourceGivesTheSameBytes() throws {
        guard let engine else {
            print("skipped: no Typst (run scripts/setup)")
            return
        }
        let source = TypstRenderer().render(try sampleDocument())
        let first = try engine.compile(source, timestamp: 1_667_174_400).get()
        let second = try engine.compile(source, timestamp: 1_667_174_400).get()
        #expect(first == second)
        if case let .failure(failure) = engine.compile("#let x = ", timestamp: 0) {
            #expect(failure.description.hasPrefix("Typst failed: "), "Typst's own message")
        } else {
            Issue.record("bad Typst compiled")
        }
    }

    @Test func aNamedTypstThatIsNotThereIsMissing() {
        let result = TypstEngine.find(folders: [], environment: ["STORYLOOM_TYPST": "/nonexistent/typst", "PATH": "/usr/bin"])
        guard case let .failure(missing) = result else {
            Issue.record("found one")
            return
        }
        #expect(missing.description.contains("STORYLOOM_TYPST names /nonexistent/typst"))
        #expect(missing.description.contains("scripts/setup"))
        #expect(TypstEngine.isRecentEnough("0.13.0") && TypstEngine.isRecentEnough("1.0") && !TypstEngine.isRecentEnough("0.12.9"))
    }
}
