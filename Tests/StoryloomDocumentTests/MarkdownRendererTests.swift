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
        // GitHub's flavour: bare headings, contents linked to the ids GitHub gives them.
        #expect(markdown.contains("## Who told the stories?\n"))
        #expect(!markdown.contains("{#"))
        #expect(markdown.contains("- [Who told the stories?](#who-told-the-stories)\n  - [Who told the stories?](#who-told-the-stories-1)\n- [Figures](#figures)"))
        let renderer = MarkdownRenderer()
        #expect(renderer.inline([.code("a`b")]) == "``a`b``")
        #expect(renderer.inline([.code("`tick")]) == "`` `tick ``")
        #expect(renderer.inline([.link(text: [.text("x")], url: "https://e.org/a (b)")]) == "[x](https://e.org/a%20%28b%29)")
        #expect(renderer.inline([.text("a"), .lineBreak, .text("b")], inTable: true) == "a<br>b")
    }

    @Test func writesFiguresAsTablesAndNotesOrImages() throws {
        #expect(markdown.contains("| Group | Label | Value |\n| --- | --- | ---: |\n| Sector | Research | 64% |"))
        // No DOT source, which a Markdown viewer would show as code: a note, or the build's image.
        #expect(!markdown.contains("```"))
        #expect(markdown.contains("_Diagram (drawn in the HTML and PDF versions): Findings by sector_\n\n_Where findings sit_\n"))
        var options = RenderOptions()
        options.figureImages = ["graph": "report.graph.svg"]
        let withImage = MarkdownRenderer(options: options).render(try sampleDocument())
        #expect(withImage.contains("![Findings by sector](report.graph.svg)\n\n_Where findings sit_\n"))
        #expect(markdown.contains("> **Key finding**\n>\n> Inside the call-out.\n"))
    }

    @Test func keepsLineBreaksInsideQuotes() {
        let document = Document(title: "T", blocks: [.quote(text: [.text("one"), .lineBreak, .text("- two")], attribution: nil, source: nil)])
        #expect(MarkdownRenderer().render(document) == "# T\n\n> one\\\n> \\- two\n")
    }

    @Test func pandocFlavourKeepsAnchorAttributes() throws {
        var options = RenderOptions()
        options.markdownFlavour = .pandoc
        let pandoc = MarkdownRenderer(options: options).render(try sampleDocument())
        #expect(pandoc.contains("## Who told the stories? {#who-told-the-stories}\n"))
        #expect(pandoc.contains("### Who told the stories? {#who-told-the-stories-2}\n"))
        #expect(pandoc.contains("  - [Who told the stories?](#who-told-the-stories-2)"))
    }

    @Test func inPageLinksFollowTheHeadingsIDs() throws {
        let b = DocumentBuilder(title: "Time")
        try b.heading(1, "Time")
        try b.heading(1, "Time")
        b.paragraph("See [the second](#time-2), [the first](#time), [the site](https://example.org) and [elsewhere](#nowhere).")
        try b.heading(1, "???")
        b.paragraph("[unsluggable](#section)")
        let markdown = MarkdownRenderer().render(try b.finish())
        // The title takes "time" on GitHub, so the headings are time-1 and time-2.
        #expect(markdown.contains("See [the second](#time-2), [the first](#time-1), [the site](https://example.org) and [elsewhere](#nowhere)."))
        #expect(markdown.contains("\n[unsluggable](#section)\n"), "no GitHub id to point to: kept as written")
    }
}

@Suite struct GitHubSlugTests {
    @Test(arguments: [
        ("Who is telling the stories?", "who-is-telling-the-stories"),
        ("Value for all - individuals, organisation and society", "value-for-all---individuals-organisation-and-society"),
        ("Flexibility/openness to change", "flexibilityopenness-to-change"),
        ("Open culture and attitude - don’t have the answers", "open-culture-and-attitude---dont-have-the-answers"),
        ("Spaces – both physical and digital", "spaces--both-physical-and-digital"),
        ("snake_case and Ünïcödé 2024", "snake_case-and-ünïcödé-2024"),
        ("C++ & <b>", "c--b"),
        ("🙂", ""),
    ])
    func slugsFollowGitHub(text: String, slug: String) {
        #expect(GitHubSlugs.slug(text) == slug)
    }

    @Test func duplicatesAreNumberedFromOne() {
        var slugs = GitHubSlugs()
        #expect(slugs.next("Time") == "time")
        #expect(slugs.next("Time") == "time-1")
        #expect(slugs.next("Time 2") == "time-2")
        #expect(slugs.next("Time") == "time-3", "steps past an id a heading already has")
        #expect(slugs.next("  Time  ") == "time-4")
    }
}
