import StoryloomDocument
import StoryloomShared
import Testing
@testable import StoryloomNarrative

/// Reads a page that must read.
func page(_ source: String) throws -> NarrativePage {
    try NarrativePage.parse(source, file: "page.md")
}

/// The error a page that must not read gives.
func failure(_ source: String) -> NarrativeError? {
    do {
        _ = try NarrativePage.parse(source, file: "page.md")
        return nil
    } catch {
        return error
    }
}

func paragraphs(_ page: NarrativePage) -> [[Inline]] {
    page.blocks.compactMap { block in
        if case let .block(.paragraph(inlines)) = block { return inlines }
        return nil
    }
}

@Suite struct FrontMatterTests {
    @Test func membersKeepFileOrderAndTypes() throws {
        let p = try page("""
        ---
        title: What we heard
        year: 2024
        share: 0.5
        draft: false
        quoted: "12"
        tags: [trust, care]
        brand:
          colour: "#1b5e84"
        empty:
        ---
        # Trust
        """)
        #expect(p.frontMatter.map(\.key) == ["title", "year", "share", "draft", "quoted", "tags", "brand", "empty"])
        #expect(p.frontMatter("title") == .string("What we heard"))
        #expect(p.frontMatter("year") == .integer(2024))
        #expect(p.frontMatter("share") == .number(0.5))
        #expect(p.frontMatter("draft") == .bool(false))
        #expect(p.frontMatter("quoted") == .string("12"))
        #expect(p.frontMatter("tags") == .array([.string("trust"), .string("care")]))
        #expect(p.frontMatter("brand") == .object([(key: "colour", value: .string("#1b5e84"))]))
        #expect(p.frontMatter("empty") == .null)
        #expect(p.blocks == [.heading(level: 1, text: [.text("Trust")], line: 12, id: nil)])
    }

    @Test func lineNumbersAfterFrontMatterAreTheFiles() throws {
        let p = try page("---\na: 1\n...\n\n## Second\n\n{{< chart x >}}\n")
        #expect(p.blocks.first == .heading(level: 2, text: [.text("Second")], line: 5, id: nil))
        #expect(p.shortcodes.map(\.line) == [7])
        let error = failure("---\na: 1\nb: 2\n---\n\nSome text\n\n![alt](x.png)\n")
        #expect(error?.line == 8)
        #expect(error?.column == 1)
    }

    @Test func noFrontMatterWithoutOpeningLine() throws {
        let p = try page("Words\n\n---\n\nMore\n")
        #expect(p.frontMatter.isEmpty)
        #expect(paragraphs(p) == [[.text("Words")], [.text("More")]], "the thematic break is dropped")
    }

    @Test func badFrontMatterSaysWhere() {
        let unclosed = failure("---\ntitle: x\n\n# Heading\n")
        #expect(unclosed?.line == 1)
        #expect(unclosed?.message.contains("never closed") == true)

        let bad = failure("---\ntitle: x\nlist: [a, b\n---\nText\n")
        #expect(bad != nil)
        #expect(bad.map { $0.line >= 3 } == true, "the YAML error is placed in the file, after line 1")
        #expect(bad?.description.hasPrefix("page.md:") == true)

        let tab = failure("---\ntitle: x\n\tbad: y\n---\n")
        #expect(tab?.line == 3)

        let list = failure("---\n- a\n- b\n---\n")
        #expect(list?.line == 2)
        #expect(list?.column == 1)
        #expect(list?.message.contains("mapping") == true)
    }

    @Test func aliasesCannotExplode() {
        var yaml = "---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for n in 1 ..< 12 { yaml += "a\(n): &a\(n) [*a\(n - 1), *a\(n - 1), *a\(n - 1), *a\(n - 1), *a\(n - 1), *a\(n - 1), *a\(n - 1), *a\(n - 1), *a\(n - 1), *a\(n - 1)]\n" }
        yaml += "---\n"
        #expect(failure(yaml)?.message.contains("aliases") == true)
    }
}

@Suite struct BlockMappingTests {
    @Test func headingsParagraphsAndInlines() throws {
        let p = try page("""
        # One *two* **three** `four`

        A [site](https://example.org) and [mail](mailto:a@b.org), [here](#trust),
        soft break\\
        hard break.
        """)
        #expect(p.blocks == [
            .heading(level: 1, text: [.text("One "), .emphasis([.text("two")]), .text(" "), .strong([.text("three")]), .text(" "), .code("four")],
                     line: 1, id: nil),
            .block(.paragraph([
                .text("A "), .link(text: [.text("site")], url: "https://example.org"), .text(" and "),
                .link(text: [.text("mail")], url: "mailto:a@b.org"), .text(", "), .link(text: [.text("here")], url: "#trust"),
                .text(", soft break"), .lineBreak, .text("hard break."),
            ])),
        ])
    }

    @Test func unsafeAndRelativeLinksKeepOnlyTheirWords() throws {
        let p = try page("[a](javascript:alert(1)) [b](data:text/html,x) [c](file:///etc/passwd) [d](other.md) [e](HTTPS://X.ORG)")
        #expect(paragraphs(p) == [[.text("a b c d "), .link(text: [.text("e")], url: "HTTPS://X.ORG")]])
    }

    @Test func rawHTMLIsWords() throws {
        let p = try page("Some <b>bold</b> words\n\n<div onclick=\"x()\">\nhi\n</div>\n")
        #expect(paragraphs(p) == [
            [.text("Some <b>bold</b> words")],
            [.text("<div onclick=\"x()\">"), .lineBreak, .text("hi"), .lineBreak, .text("</div>")],
        ])
    }

    @Test func listsNest() throws {
        let p = try page("- a\n- b\n  1. c\n  2. d\n\n3. e\n")
        #expect(p.blocks == [
            .block(.list(ordered: false, items: [
                [.paragraph([.text("a")])],
                [.paragraph([.text("b")]), .list(ordered: true, items: [[.paragraph([.text("c")])], [.paragraph([.text("d")])]])],
            ])),
            .block(.list(ordered: true, items: [[.paragraph([.text("e")])]])),
        ])
    }

    @Test func codeBlocksAreLinesOfCode() throws {
        let p = try page("```lua\nlocal x = 1\n\nreturn x\n```\n\n    indented\n")
        #expect(paragraphs(p) == [
            [.code("local x = 1"), .lineBreak, .lineBreak, .code("return x")],
            [.code("indented")],
        ])
    }

    @Test func quotesOfTextAreQuotesOtherwiseCallouts() throws {
        let p = try page("> first *line*\n> goes on\n>\n> second\n\n> - a list\n")
        #expect(p.blocks == [
            .block(.quote(text: [.text("first "), .emphasis([.text("line")]), .text(" goes on"), .lineBreak, .lineBreak, .text("second")],
                          attribution: nil, source: nil)),
            .block(.callout(kind: "quote", title: nil, blocks: [.list(ordered: false, items: [[.paragraph([.text("a list")])]])])),
        ])
    }

    @Test func imagesAreRefusedWhereTheyAre() {
        let error = failure("# T\n\nText and ![a chart](chart.png) here\n")
        #expect(error?.line == 3)
        #expect(error?.column == 10)
        #expect(error?.message == "images are not supported in pages; use the chart or figure shortcodes")
        #expect(error?.description == "page.md:3:10: images are not supported in pages; use the chart or figure shortcodes")
    }

    @Test func headingIDsAndNestedHeadings() throws {
        let p = try page("## Who *spoke* {#voices}\n\n- # inner\n")
        #expect(p.blocks == [
            .heading(level: 2, text: [.text("Who "), .emphasis([.text("spoke")])], line: 1, id: "voices"),
            .block(.list(ordered: false, items: [[.paragraph([.strong([.text("inner")])])]])),
        ])
    }
}

@Suite struct ShortcodeTests {
    @Test func blockShortcodeWithArgumentsOptionsAndQuotes() throws {
        let p = try page("Intro.\n\n  {{< quote q12 \"two words\" 'it\\'s' width=80 caption=\"A \\\"big\\\" one\" k='v w' >}}  \n")
        guard case let .shortcode(code) = p.blocks.last else {
            Issue.record("expected a block shortcode, got \(p.blocks)")
            return
        }
        #expect(code.name == "quote")
        #expect(code.arguments == ["q12", "two words", "it's"])
        #expect(code.options == [.init(key: "width", value: "80"), .init(key: "caption", value: "A \"big\" one"), .init(key: "k", value: "v w")])
        #expect(code.option("width") == "80")
        #expect(code.isBlock)
        #expect(code.line == 3)
        #expect(code.column == 3)
        #expect(code.source == "{{< quote q12 \"two words\" 'it\\'s' width=80 caption=\"A \\\"big\\\" one\" k='v w' >}}")
        #expect(p.shortcodes == [code])
    }

    @Test func inlineShortcodesStayInText() throws {
        let p = try page("We heard {{< count theme=trust >}} stories from *{{<sectors>}}*.")
        #expect(p.shortcodes.map(\.name) == ["count", "sectors"])
        #expect(p.shortcodes.allSatisfy { !$0.isBlock })
        #expect(p.shortcodes.map(\.column) == [10, 50])
        guard case let .block(.paragraph(inlines)) = p.blocks.first else {
            Issue.record("expected a paragraph")
            return
        }
        #expect(inlines.count == 3)
        #expect(NarrativePage.withoutShortcodes(inlines.plainText) == "We heard  stories from .")
    }

    @Test func escapedShortcodeIsLiteral() throws {
        let p = try page("Write {{{< quote q1 >}}} to quote.")
        #expect(p.shortcodes.isEmpty)
        #expect(paragraphs(p) == [[.text("Write {{< quote q1 >}} to quote.")]])
    }

    @Test func columnsCountCharactersAndSpanningLines() throws {
        let q = try page("Café ☕️ {{< a >}} and {{< b\n  x=1 >}} then {{< c >}}\nnext {{< d >}}\n")
        #expect(q.shortcodes.map(\.column) == [8, 22, 16, 6])
        #expect(q.shortcodes.map(\.line) == [1, 1, 2, 3])
        let error = failure("{{< b\n  x=1 >}} then ![i](x)\n")
        #expect(error?.line == 2)
        #expect(error?.column == 16)
    }

    @Test func errorsSayWhere() {
        let unclosed = failure("Text\n\nA {{< chart x\n\nNext paragraph >}}\n")
        #expect(unclosed?.line == 3)
        #expect(unclosed?.column == 3)
        #expect(unclosed?.message.contains("no closing") == true)

        let long = failure("{{< chart " + String(repeating: "x ", count: 600) + ">}}")
        #expect(long?.message.contains("no closing") == true)

        let quote = failure("ok\n  {{< chart \"abc >}}\n")
        #expect(quote?.line == 2)
        #expect(quote?.column == 3)
        #expect(quote?.message.contains("quoted") == true)

        #expect(failure("{{< >}}")?.message.contains("no name") == true)
        #expect(failure("{{< \"quoted\" >}}")?.message.contains("not a shortcode name") == true)
        #expect(failure("{{< bad/name >}}")?.message.contains("not a shortcode name") == true)
        let twice = failure("x {{< chart a=1 a=2 >}}")
        #expect(twice?.message.contains("more than once") == true)
        #expect(twice?.column == 3)
    }

    @Test func pagesCannotForgePlaceholders() {
        let raw = failure("# T\n\nab\u{E000}0\u{E001}\n")
        #expect(raw?.line == 3)
        #expect(raw?.column == 3)
        let close = failure("x \u{E001}")
        #expect(close?.column == 3)
        #expect(failure("&#xE000;0&#xe001;")?.line == 1)
        #expect(failure("a\n&#57344;0&#57345;")?.line == 2)
        #expect(failure("&#x0000e000;")?.message.contains("U+E000") == true)
        #expect(failure("&#xE002; &amp; &#123;") == nil)
    }

    @Test func urlsAreNoPlaceForShortcodes() {
        #expect(failure("[a]({{< link >}})")?.message.contains("link") == true)
    }
}

@Suite struct PipeTableTests {
    @Test func tableWithAlignmentsEscapesAndCode() throws {
        let p = try page("""
        | Theme | Count | Share |
        |:------|:-----:|------:|
        | *Trust* | 12 | `a|b` |
        | a \\| b | 3 |
        | x | 1 | 2 | extra |
        """)
        #expect(p.blocks == [.block(.table(Table(
            header: [[.text("Theme")], [.text("Count")], [.text("Share")]],
            rows: [
                [[.emphasis([.text("Trust")])], [.text("12")], [.code("a|b")]],
                [[.text("a | b")], [.text("3")], []],
                [[.text("x")], [.text("1")], [.text("2")]],
            ],
            alignments: [.left, .center, .right]
        )))])
    }

    @Test func cellsAreInlineOnlyAndCanHoldShortcodes() throws {
        // A row that would start a block (a heading, a list) must start with a pipe, or cmark ends the paragraph there.
        let p = try page("a | b\n--- | ---\n| # not a heading | - not a list\n{{< count x >}} | 1. no\n")
        guard case let .block(.table(table)) = p.blocks.first else {
            Issue.record("expected a table, got \(p.blocks)")
            return
        }
        #expect(table.alignments == [.left, .left])
        try #require(table.rows.count == 2)
        #expect(table.rows[0] == [[.text("# not a heading")], [.text("- not a list")]])
        #expect(table.rows[1][1] == [.text("1. no")])
        #expect(p.shortcodes.map(\.name) == ["count"])
        let expanded = try p.expand(Block.table(table)) { code in [.text("<\(code.name)>")] }
        guard case let .table(done) = expanded else { return }
        #expect(done.rows.last?.first == [.text("<count>")])
    }

    @Test func notATableStaysAParagraph() throws {
        let p = try page("a | b\nno delimiter | here\n")
        #expect(paragraphs(p) == [[.text("a | b no delimiter | here")]])
        let q = try page("a | b | c\n--- | ---\n")
        #expect(paragraphs(q).count == 1, "the header and delimiter differ in width")
    }

    @Test func imageInACellIsRefusedOnItsRow() {
        let error = failure("a | b\n--|--\nx | ![i](y)\n")
        #expect(error?.line == 3)
        #expect(error?.column == 5)
    }
}

@Suite struct ExpansionAndSectionTests {
    @Test func expandSplicesAndCodeKeepsSource() throws {
        let p = try page("Counted {{< count a >}} and *{{< count b >}}* in `{{< count c >}}`.\n\n```\n{{< count d >}}\n```\n")
        #expect(p.shortcodes.map(\.arguments) == [["a"], ["b"]], "shortcodes in code are not to be expanded")
        var seen: [String] = []
        let out = try p.expand(p.blocks.map { block -> Block in
            guard case let .block(b) = block else { fatalError() }
            return b
        }) { code in
            seen.append(code.arguments[0])
            return [.strong([.text(code.arguments[0].uppercased())])]
        }
        #expect(seen == ["a", "b"])
        #expect(out == [
            .paragraph([.text("Counted "), .strong([.text("A")]), .text(" and "), .emphasis([.strong([.text("B")])]), .text(" in "),
                        .code("{{< count c >}}"), .text(".")]),
            .paragraph([.code("{{< count d >}}")]),
        ])
    }

    @Test func expandThrowsTheBodysError() throws {
        struct Unknown: Error, Equatable { var name: String }
        let p = try page("A {{< nope >}}")
        guard case let .block(block) = p.blocks[0] else { return }
        #expect(throws: Unknown(name: "nope")) {
            _ = try p.expand(block) { (code: Shortcode) throws(Unknown) -> [Inline] in throw Unknown(name: code.name) }
        }
        let heading = try page("# Trust {{< count >}}").blocks[0]
        #expect(p.expand(heading) { _ in [.text("7")] } == .heading(level: 1, text: [.text("Trust 7")], line: 1, id: nil))
    }

    @Test func sectionsRunToTheNextHeadingOfTheirLevel() throws {
        let p = try page("""
        Preface.

        # Findings {{< count >}}

        One.

        ## Trust and care

        Two.

        ### Detail

        ## Money {#funding}

        Three.

        # Next
        """)
        #expect(p.sectionNames == ["findings", "trust-and-care", "detail", "funding", "next"])
        let trust = try #require(p.section("trust-and-care"))
        #expect(trust.count == 3)
        #expect(trust.first == .heading(level: 2, text: [.text("Trust and care")], line: 7, id: nil))
        #expect(trust.last == .heading(level: 3, text: [.text("Detail")], line: 11, id: nil))
        #expect(p.section("findings")?.count == 7)
        #expect(p.section("funding")?.count == 2)
        #expect(p.section("money")?.count == 2, "the slug of the words names it too")
        #expect(p.section("absent") == nil)
    }
}

@Suite struct HostilePageTests {
    @Test func openersWithoutClosersStopAtOnce() {
        let source = String(repeating: "{{<", count: 1_700_000)
        let error = failure(source)
        #expect(error?.line == 1)
        #expect(error?.column == 1)
    }

    @Test func manyShortcodesOnOneLineAreLinear() throws {
        // 200,000 shortcodes on one line: columns are counted once, not from the line start each time.
        let p = try page(String(repeating: "{{<x>}}", count: 200_000))
        #expect(p.shortcodes.count == 200_000)
        #expect(p.shortcodes.last?.column == 7 * 199_999 + 1)
    }

    @Test func deepNestingIsRefusedNotRecursed() {
        let quotes = String(repeating: ">", count: 10_000) + " deep\n"
        #expect(failure(quotes)?.message.contains("nest more than") == true)
        let lists = (0 ..< 2_000).map { String(repeating: "  ", count: $0) + "- x" }.joined(separator: "\n")
        #expect(failure(lists)?.message.contains("nest more than") == true)
        let emphasis = String(repeating: "*a ", count: 10_000) + "b" + String(repeating: " c*", count: 10_000)
        #expect(failure(emphasis)?.message.contains("nest more than") == true)
        let links = String(repeating: "[", count: 10_000) + String(repeating: "](http://x)", count: 10_000)
        _ = failure(links)
    }

    @Test func oddTextReads() throws {
        let p = try page("a\u{0}b\r\nc\rd\n\n" + String(repeating: "`", count: 5_000) + "|" + String(repeating: "*", count: 10_000))
        #expect(!p.blocks.isEmpty)
        let table = try page("a|b\n-|-\n" + String(repeating: "`|``|```|", count: 2_000))
        #expect(!table.blocks.isEmpty)
        #expect(try page("").blocks.isEmpty)
        #expect(try page("---\n---\n").frontMatter.isEmpty)
    }
}
