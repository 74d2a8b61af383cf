import Testing
@testable import StoryloomDocument

@Suite struct InlineMarkdownTests {
    @Test func textWithoutMarkupIsOneRunFoundByItsBytes() {
        // The quick look must send on exactly the text holding a character the parser acts on.
        func acted(_ text: String) -> Bool {
            text.contains { $0 == "\\" || $0 == "`" || $0 == "*" || $0 == "_" || $0 == "[" || $0.isNewline }
        }
        let near: [UInt32] = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x2A, 0x5B, 0x5C, 0x5D, 0x5F, 0x60, 0x84, 0x85, 0x86, 0xE9,
                              0x2027, 0x2028, 0x2029, 0x202A, 0x201C, 0x3085, 0x1F600]
        for value in near {
            let scalar = String(Unicode.Scalar(value)!)
            for text in [scalar, "a" + scalar, scalar + "b", "“" + scalar + "”"] {
                #expect(Inline.mayHoldMarkup(text) == acted(text), "U+\(String(value, radix: 16)) in \(text.debugDescription)")
            }
        }
        #expect(Inline.parseMarkdown("“plain words” – no marks") == [.text("“plain words” – no marks")])
        #expect(Inline.parseMarkdown("") == [])
    }

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
