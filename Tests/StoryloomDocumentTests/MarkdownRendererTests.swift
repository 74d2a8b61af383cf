import Testing
@testable import StoryloomDocument

@Suite struct MarkdownRendererTests {
    let markdown: String

    init() throws {
        markdown = MarkdownRenderer().render(try sampleDocument())
    }

    @Test func escapesMarkupInText() {
        #expect(markdown.hasPrefix("# A \\<Report\\> & \"more\"\n"))
        #expect(markdown.contains("> \\<script\\>alert(\"x\")\\</script\\> it's \"quoted\" and back\\\\slashed \\[31mred2Jrev\n"))
        let renderer = MarkdownRenderer()
        #expect(renderer.escape("*a* _b_ `c` [d](e) #f |g| ~h~ !i") == "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\#f \\|g\\| \\~h\\~ \\!i")
        #expect(renderer.escape("Research & Policy &amp; &#38;") == "Research & Policy \\&amp; \\&\\#38;", "only entity-like ampersands")
        for forbidden in controlCharacters { #expect(!markdown.contains(forbidden)) }
    }

    @Test func keepsBlockStartsFromBecomingMarkup() {
        #expect(markdown.contains("- \\- not a nested list\n- 3\\. not a number\n"))
        let renderer = MarkdownRenderer()
        #expect(renderer.protectingStart("+ plus") == "\\+ plus")
        #expect(renderer.protectingStart("2024) year") == "2024\\) year")
        #expect(renderer.protectingStart("    indented") == "indented", "four spaces would make a code block")
    }

    @Test func writesTablesWithEscapedPipes() {
        #expect(markdown.contains("| Sector | % |\n| --- | ---: |\n| Research | 64 |\n| Policy \\| Services | 43 |\n\n_Shares of storytellers_\n"))
    }

    @Test func writesInlineMarkupAndLinks() throws {
        #expect(markdown.contains("Some *emphasis*, **strong**, `code` and a [link](https://example.org/a?b=1&c=2)."))
        #expect(markdown.contains("## Who told the stories? {#who-told-the-stories}"))
        #expect(markdown.contains("- [Who told the stories?](#who-told-the-stories)\n  - [Who told the stories?](#who-told-the-stories-2)\n- [Figures](#figures)"))
        let renderer = MarkdownRenderer()
        #expect(renderer.inline([.code("a`b")]) == "``a`b``")
        #expect(renderer.inline([.code("`tick")]) == "`` `tick ``")
        #expect(renderer.inline([.link(text: [.text("x")], url: "https://e.org/a (b)")]) == "[x](https://e.org/a%20%28b%29)")
        #expect(renderer.inline([.text("a"), .lineBreak, .text("b")], inTable: true) == "a<br>b")
    }

    @Test func writesFiguresAsTablesAndFencedDOT() {
        #expect(markdown.contains("| Group | Label | Value |\n| --- | --- | ---: |\n| Sector | Research | 64% |"))
        #expect(markdown.contains("```dot\ndigraph \"graph\" {"))
        #expect(markdown.contains("}\n```\n\n_Where findings sit_\n"))
        #expect(markdown.contains("> **Key finding**\n>\n> Inside the call-out.\n"))
    }

    @Test func keepsLineBreaksInsideQuotes() {
        let document = Document(title: "T", blocks: [.quote(text: [.text("one"), .lineBreak, .text("- two")], attribution: nil, source: nil)])
        #expect(MarkdownRenderer().render(document) == "# T\n\n> one\\\n> \\- two\n")
    }
}
