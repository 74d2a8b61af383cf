import Foundation
import Testing
@testable import StoryloomDocument

/// Stands in for Graphviz: an SVG with the ids Graphviz would give.
private let fakeGraphviz: @Sendable (String) -> String? = { _ in
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10pt\" height=\"10pt\"><g id=\"graph0\" class=\"graph\"><title>g</title></g></svg>"
}

@Suite struct HTMLRendererTests {
    let html: String

    init() throws {
        html = HTMLRenderer().render(try sampleDocument())
    }

    @Test func escapesTextAndAttributes() throws {
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; it&#39;s &quot;quoted&quot;"))
        #expect(html.contains("<title>A &lt;Report&gt; &amp; &quot;more&quot;</title>"))
        #expect(html.contains("<h1>A &lt;Report&gt; &amp; &quot;more&quot;</h1>"))
        #expect(html.contains("href=\"https://example.org/a?b=1&amp;c=2\""))
        for forbidden in controlCharacters { #expect(!html.contains(forbidden)) }

        let b = DocumentBuilder(title: "T")
        b.paragraph("[x](javascript:alert(1)) [y](\"onmouseover=\"alert(1))")
        let links = HTMLRenderer().body(try b.finish())
        #expect(links.contains("<p>x "), "only http(s), mailto and in-page links are kept; others are their words")
        #expect(!links.contains("<a "))
        #expect(!links.contains("onmouseover=\""))
    }

    @Test func hasOneH1AndHeadingsThatNeverSkipALevel() throws {
        #expect(html.components(separatedBy: "<h1").count == 2, "exactly one h1")
        let levels = html.matches(of: /<h([1-6])[ >]/).map { Int($0.output.1)! }
        for (previous, next) in zip(levels, levels.dropFirst()) { #expect(next <= previous + 1, "\(levels)") }
        #expect(html.contains("<h2 id=\"who-told-the-stories\">"))
        #expect(html.contains("<h3 id=\"who-told-the-stories-2\">"))
    }

    @Test func hasAPageShellAndALinkedTableOfContents() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("<main>"))
        #expect(html.contains("<nav class=\"sl-contents\" aria-labelledby=\"sl--contents\">"))
        #expect(html.contains("<ol><li><a href=\"#who-told-the-stories\">Who told the stories?</a><ol><li><a href=\"#who-told-the-stories-2\">Who told the stories?</a></li></ol></li><li><a href=\"#figures\">Figures</a></li></ol>"))
        #expect(html.contains("<figure class=\"sl-quote\"><blockquote><p>"))
        #expect(html.contains("<figcaption>— <cite>A co-producer [0m</cite></figcaption>"))
        #expect(html.contains("<th scope=\"col\" class=\"sl-right\">%</th>"))
        #expect(html.contains("<caption>Shares of storytellers</caption>"))
        #expect(html.contains("<aside class=\"sl-callout sl-kind-key-finding\">"))
        #expect(html.contains("<figure class=\"sl-figure\" id=\"chart\">"))
        #expect(html.contains("<figcaption>Shares</figcaption>"))
    }

    @Test func stylesAreInlineWithCustomPropertiesAndPrintRules() {
        #expect(html.components(separatedBy: "<style>").count == 2, "one style element")
        for property in ["--sl-primary:", "--sl-background:", "--sl-foreground:", "--sl-link:", "--sl-font-base:"] {
            #expect(html.contains(property), "\(property)")
        }
        #expect(html.contains("@media print"))
        #expect(html.contains("a[href^=\"http\"]::after { content: \" (\" attr(href) \")\""))
    }

    @Test func printsOnTheProjectsPaperWithContentsAndWholeFigures() {
        #expect(html.contains("@page { size: A4; margin: 2.2cm 2cm 2.4cm;"))
        #expect(HTMLPage.css(Style(), paper: .letter).contains("@page { size: letter;"))
        let print = String(html[html.range(of: "@media print")!.lowerBound...])
        #expect(!print.contains("display: none"), "the contents are printed")
        #expect(print.contains(".sl-contents { border: 1px solid #000000; break-after: page; }"))
        #expect(print.contains("h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }"))
        #expect(print.contains(".sl-quote, .sl-figure, .sl-callout, blockquote, figure, table { break-inside: avoid;"))
    }

    @Test func chartsHaveALayoutForAPhone() {
        // At 390 px a 670-wide chart would draw 13 px text at under 8 px; the narrow one is 360 wide.
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sl-chart sl-chart-narrow\" role=\"img\" aria-labelledby=\"sl--fig-chart-narrow-title\" viewBox=\"0 0 360 "))
        #expect(html.contains("<rect x=\"0\" y=\"46\" width=\"186\""), "64% of a 290-wide scale, under its label")
        #expect(html.contains(".sl-chart-narrow { display: none; }\n@media screen and (max-width: 36rem) {"))
        #expect(html.contains(".sl-figure svg.sl-chart:not(.sl-chart-narrow) { display: none; }"))
        let ids = html.matches(of: /\sid="([^"]+)"/).map { String($0.output.1) }
        #expect(Set(ids).count == ids.count, "ids stay unique in the page")
    }

    @Test func loadsNothingFromElsewhere() {
        for external in ["src=", "<link", "@import", "url(", "<script", "@font-face", "<iframe"] { #expect(!html.contains(external), "\(external)") }
        // The only outside URLs are the links written in the text.
        let hrefs = html.matches(of: /href="(http[^"]*)"/).map { String($0.output.1) }
        #expect(hrefs == ["https://example.org/a?b=1&amp;c=2", "https://example.org/two"])
    }

    @Test func drawsBarChartsAsAccessibleSVG() {
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sl-chart\" role=\"img\" aria-labelledby=\"sl--fig-chart-title\""))
        #expect(html.contains("<title id=\"sl--fig-chart-title\">A chart of shares</title>"))
        #expect(html.contains("<rect x=\"230\" y=\"34\" width=\"230\""), "64% of a 360-wide scale")
        #expect(html.contains(">64%</text>"))
        #expect(html.contains("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; it&#39;s &quot;quoted&quot; and back\\slashed [31mred2Jrev</title>"),
                "a long label is shortened, with the whole label as its tooltip")
    }

    @Test func withoutGraphvizShowsTheDOTSource() throws {
        #expect(html.contains("Graphviz is not installed; the diagram&#39;s DOT source follows."))
        #expect(html.contains("<pre>digraph &quot;graph&quot; {"))
        var options = RenderOptions()
        options.graphToSVG = { _ in nil }
        #expect(HTMLRenderer(options: options).render(try sampleDocument()).contains("Graphviz could not draw this diagram; the diagram&#39;s DOT source follows."))
    }

    @Test func inlinesGraphSVGWithPageUniqueIDs() throws {
        let page = HTMLRenderer(options: RenderOptions(graphToSVG: fakeGraphviz)).render(try sampleDocument())
        #expect(page.contains("<div class=\"sl-graph\" role=\"img\" aria-label=\"Findings by sector\"><svg "))
        #expect(page.contains("<g id=\"sl--fig-graph--graph0\" class=\"graph\">"))
        #expect(!page.contains("<pre>digraph"))
    }

    @Test func inlinesWhatGraphvizReallyDraws() throws {
        guard let renderer = GraphvizSVG.renderer() else {
            print("skipped: Graphviz (dot) is not on PATH")
            return
        }
        let page = HTMLRenderer(options: RenderOptions(graphToSVG: renderer)).render(try sampleDocument())
        #expect(page.contains("<div class=\"sl-graph\" role=\"img\" aria-label=\"Findings by sector\"><svg"))
        #expect(!page.contains("<?xml") && !page.contains("<!DOCTYPE svg") && !page.contains("<!--"))
        #expect(page == HTMLRenderer(options: RenderOptions(graphToSVG: renderer)).render(try sampleDocument()), "deterministic")
        if html5libAvailable { #expect(html5Errors(page) == "") }
    }

    @Test func parsesAsStrictHTML5() throws {
        guard html5libAvailable else {
            print("skipped: python3 with html5lib is not available (pip install html5lib)")
            return
        }
        #expect(html5Errors(html) == "")
        #expect(html5Errors(HTMLRenderer(options: RenderOptions(graphToSVG: fakeGraphviz)).render(try sampleDocument())) == "")
        #expect(!html5Errors("<p>unclosed <b>tags</p>").isEmpty, "the checker does find errors")
    }

    @Test func brandValuesCannotBreakOutOfTheStylesheet() {
        var style = Style()
        style.primary = "red; } </style><script>alert(1)</script>"
        let page = HTMLRenderer(options: RenderOptions(style: style)).render(Document(title: "T"))
        #expect(!page.contains("<script>"))
        #expect(page.components(separatedBy: "</style>").count == 2)
    }

    @Test func defaultColoursPassWCAGAA() {
        let style = Style()
        for colour in [style.foreground, style.link, style.primary, style.secondary, style.accent, style.muted] {
            #expect((Contrast.ratio(colour, style.background) ?? 0) >= 4.5, "\(colour)")
            #expect((Contrast.ratio(colour, style.tint) ?? 0) >= 4.5, "\(colour) on tint")
        }
    }

    @Test func contentsNestProperlyWhateverTheLevels() throws {
        let b = DocumentBuilder(title: "T")
        try b.contents(depth: 3)
        try b.heading(2, "Starts deep")
        try b.heading(1, "One")
        try b.heading(3, "Skips")
        try b.heading(1, "Two")
        let body = HTMLRenderer().body(try b.finish())
        #expect(body.contains("<ol><li><a href=\"#starts-deep\">Starts deep</a></li><li><a href=\"#one\">One</a><ol><li><a href=\"#skips\">Skips</a></li></ol></li><li><a href=\"#two\">Two</a></li></ol>"))
        let shallow = HTMLRenderer(options: RenderOptions(contentsDepth: 1)).body(try b.finish())
        #expect(!shallow.contains("href=\"#skips\""), "RenderOptions.contentsDepth overrides the block's")
    }
}
