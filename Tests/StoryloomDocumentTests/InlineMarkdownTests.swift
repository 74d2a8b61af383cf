import Testing
@testable import StoryloomDocument

@Suite struct InlineMarkdownTests {
    @Test func parsesEachKindOfMarkup() {
        #expect(Inline.parseMarkdown("a *b* **c** `d` [e](http://f) _g_ __h__ ***i***") == [
            .text("a "), .emphasis([.text("b")]), .text(" "), .strong([.text("c")]), .text(" "), .code("d"), .text(" "),
            .link(text: [.text("e")], url: "http://f"), .text(" "), .emphasis([.text("g")]), .text(" "), .strong([.text("h")]),
            .text(" "), .strong([.emphasis([.text("i")])]),
        ])
    }

    @Test func nestsMarkup() {
        #expect(Inline.parseMarkdown("*a **b** c*") == [.emphasis([.text("a "), .strong([.text("b")]), .text(" c")])])
        #expect(Inline.parseMarkdown("**a *b* c**") == [.strong([.text("a "), .emphasis([.text("b")]), .text(" c")])])
        #expect(Inline.parseMarkdown("[**bold** link](https://x.org/a_(b))") == [
            .link(text: [.strong([.text("bold")]), .text(" link")], url: "https://x.org/a_(b)"),
        ])
    }

    @Test func unmatchedMarkersStayLiteral() {
        for literal in ["*open", "close*", "**bold", "a ** b", "2 * 3 * 4", "`tick", "[text]", "[text](no close", "[text] (gap)",
                        "[link](with space)", "_under", "snake_case_name", "a*"] {
            #expect(Inline.parseMarkdown(literal) == [.text(literal)], "\(literal)")
        }
        #expect(Inline.parseMarkdown("**a*") == [.text("**a*")])
    }

    @Test func aBracketBeforeALinkDoesNotSwallowIt() {
        #expect(Inline.parseMarkdown("[a] b [c](d)") == [.text("[a] b "), .link(text: [.text("c")], url: "d")])
    }

    @Test func codeKeepsItsMarkersAndEmphasisSkipsCode() {
        #expect(Inline.parseMarkdown("`*not* [x](y)`") == [.code("*not* [x](y)")])
        #expect(Inline.parseMarkdown("``a ` b``") == [.code("a ` b")])
        #expect(Inline.parseMarkdown("*a `*` b*") == [.emphasis([.text("a "), .code("*"), .text(" b")])])
    }

    @Test func backslashesEscapeAndBreakLines() {
        #expect(Inline.parseMarkdown("\\*not emphasis\\* \\[x\\](y) \\`z\\`") == [.text("*not emphasis* [x](y) `z`")])
        #expect(Inline.parseMarkdown("C:\\work") == [.text("C:\\work")], "a backslash before a letter stays")
        #expect(Inline.parseMarkdown("one\\\ntwo") == [.text("one"), .lineBreak, .text("two")])
        #expect(Inline.parseMarkdown("one\ntwo\r\nthree") == [.text("one two three")])
    }

    @Test func escapedTextParsesBackToItself() {
        let text = "a*b_c [d](e) `f` \\g"
        #expect(Inline.parseMarkdown(MarkdownEscape.escape(text)) == [.text(text)])
        #expect(MarkdownEscape.escape("a*b") == "a\\*b")
        #expect(MarkdownEscape.escape("plain words, é 日本") == "plain words, é 日本", "nothing to escape: unchanged")
        // An underscore carrying a combining accent is one character, not the bare underscore.
        #expect(MarkdownEscape.escape("_\u{301}x_") == "_\u{301}x\\_")
    }

    @Test func plainTextDropsMarkup() {
        #expect(Inline.parseMarkdown("a *b* [c](d) `e`").plainText == "a b c e")
    }
}
