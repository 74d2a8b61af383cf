import Foundation
import Testing
@testable import StoryloomDocument
import StoryloomShared

/// Inputs built to hurt a renderer: huge words, markup, links with scripts, control sequences.
@Suite struct HostileOutputTests {
    @Test func aHugeWordWrapsInLinearTime() throws {
        // 4 MB without a space: wrapping cut it line by line, copying the rest each time.
        let word = String(repeating: "abcdefghij", count: 400_000)
        let start = Date()
        let lines = TextWrap.wrap(word, width: 80, first: "  ", rest: "  ")
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(lines.count == word.count / 78 + (word.count % 78 == 0 ? 0 : 1))
        #expect(lines.allSatisfy { $0.count <= 80 && $0.hasPrefix("  ") })
        #expect(lines.map { $0.dropFirst(2) }.joined() == word)
    }

    @Test func aWordWiderThanTheLineStartsANewLineAndFillsThem() {
        let lines = TextWrap.wrap("short " + String(repeating: "x", count: 25), width: 10)
        #expect(lines == ["short", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"])
    }

    @Test(arguments: ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd"])
    func everyFormatKeepsOnlySafeLinks(url: String) throws {
        let b = DocumentBuilder(title: "T")
        b.paragraph("see [this](\(url)) now")
        let document = try b.finish()
        let markdown = MarkdownRenderer().render(document)
        // Either the parser saw a link and it became text, or it saw none and the brackets
        // were escaped: in neither case is there a live link.
        #expect(!markdown.contains("[this]("), "\(markdown)")
        #expect(markdown.contains("see this now") || markdown.contains("\\[this\\]"))
        let html = HTMLRenderer().render(document)
        #expect(!html.lowercased().contains("href=\"javascript") && !html.lowercased().contains("href=\"data:"))
        // In every format such a link is its words alone: no dead link, no URL to copy.
        #expect(html.contains("<p>see this now</p>") || html.contains("[this]"), "\(html)")
        let text = TextRenderer().render(document)
        #expect(text.contains("see this now") || text.contains("[this]"))
        #expect(!text.contains("[1]"), "no note listing the URL")
    }

    @Test func safeLinksStayLinks() throws {
        let b = DocumentBuilder(title: "T")
        b.paragraph("[a](https://example.org) [b](mailto:x@example.org) [c](#top)")
        let markdown = MarkdownRenderer().render(try b.finish())
        #expect(markdown.contains("[a](https://example.org)") && markdown.contains("[b](mailto:x@example.org)") && markdown.contains("[c](#top)"))
    }

    @Test func everyHTMLPageCarriesTheSecurityPolicy() throws {
        let html = HTMLRenderer().render(try sampleDocument())
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"))
        #expect(!controlCharacters.contains { html.contains($0) })
        let own = HTMLPage.withContentSecurityPolicy("<html><head><title>x</title></head></html>")
        #expect(own.contains("Content-Security-Policy"))
    }

    @Test(arguments: [
        ("=HYPERLINK(\"http://evil\",\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""),
        ("+1+2", "'+1+2"), ("@SUM(A1)", "'@SUM(A1)"), ("-cmd", "'-cmd"), ("\tx", "'\tx"),
        ("-12.5", "-12.5"), ("plain", "plain"), ("a,b", "\"a,b\""), ("red\u{1B}[31m", "red[31m"), ("\u{202E}evil", "evil"),
    ])
    func csvFieldsAreSafeInSpreadsheets(text: String, field: String) {
        #expect(CSVText.field(text) == field)
    }
}

@Suite struct JSONEscapingTests {
    @Test func bidiAndInvisibleControlsAreEscapedInJSON() {
        let text = PlainValue.string("a\u{202E}b\u{2066}c\u{200F}d\u{061C}e\u{FEFF}f").text(pretty: false)
        #expect(text == "\"a\\u202eb\\u2066c\\u200fd\\u061ce\\ufefff\"")
        #expect(PlainValue.string("plain é ü 😀").text(pretty: false) == "\"plain é ü 😀\"")
    }
}
