/// One self-contained, accessible HTML file: styles inline, no external requests, one `h1`,
/// headings in order, a linked table of contents, figures with captions and alt text, and a
/// print stylesheet. The page shell is a separate step (`HTMLPage`) that a template can replace.
public struct HTMLRenderer {
    public let options: RenderOptions

    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    /// The body: title, metadata and blocks, without the page shell.
    public func body(_ document: Document) -> String {
        var out: [String] = []
        out.append("<header class=\"sl-title\">")
        out.append("<h1>\(HTMLEscape.text(document.title))</h1>")
        if let subtitle = document.subtitle { out.append("<p class=\"sl-subtitle\">\(HTMLEscape.text(subtitle))</p>") }
        if !document.metadata.isEmpty {
            out.append("<dl class=\"sl-meta\">")
            for item in document.metadata {
                out.append("<div><dt>\(HTMLEscape.text(item.key))</dt><dd>\(HTMLEscape.text(item.value))</dd></div>")
            }
            out.append("</dl>")
        }
        out.append("</header>")
        var levels = HeadingLevels()
        for block in document.blocks { render(block, document: document, levels: &levels, into: &out) }
        return out.joined(separator: "\n")
    }

    /// The whole page with the default shell.
    public func render(_ document: Document) -> String {
        HTMLPage.standard(title: document.title, language: document.language, style: HTMLPage.css(options.style),
                          header: "", body: body(document), footer: "")
    }

    /// Keeps HTML heading levels in order: the title is the one h1, and a heading never skips
    /// a level below the one before it.
    struct HeadingLevels {
        var previous = 1
        mutating func level(for requested: Int) -> Int {
            let level = min(6, max(2, min(requested + 1, previous + 1)))
            previous = level
            return level
        }
    }

    func inline(_ inlines: [Inline]) -> String {
        inlines.map { inline in
            switch inline {
            case let .text(s): HTMLEscape.text(s)
            case let .code(s): "<code>\(HTMLEscape.text(s))</code>"
            case let .emphasis(inner): "<em>\(self.inline(inner))</em>"
            case let .strong(inner): "<strong>\(self.inline(inner))</strong>"
            case let .link(text, url): "<a href=\"\(HTMLEscape.url(url))\">\(self.inline(text))</a>"
            case .lineBreak: "<br>"
            }
        }.joined()
    }

    private func render(_ block: Block, document: Document, levels: inout HeadingLevels, into out: inout [String]) {
        switch block {
        case let .heading(level, text, anchor):
            let h = levels.level(for: level)
            out.append("<h\(h) id=\"\(HTMLEscape.text(anchor))\">\(inline(text))</h\(h)>")
        case let .paragraph(text):
            out.append("<p>\(inline(text))</p>")
        case let .list(ordered, items):
            let tag = ordered ? "ol" : "ul"
            out.append("<\(tag)>")
            for item in items {
                var inner: [String] = []
                for block in item {
                    if case let .paragraph(text) = block, item.count == 1 { inner.append(inline(text)) } else {
                        render(block, document: document, levels: &levels, into: &inner)
                    }
                }
                out.append("<li>\(inner.joined(separator: "\n"))</li>")
            }
            out.append("</\(tag)>")
        case let .quote(text, attribution, _):
            out.append("<figure class=\"sl-quote\"><blockquote><p>\(inline(text))</p></blockquote>"
                + (attribution.map { "<figcaption>— \(inline($0))</figcaption>" } ?? "") + "</figure>")
        case let .table(table):
            out.append("<div class=\"sl-table\"><table>")
            if let caption = table.caption { out.append("<caption>\(inline(caption))</caption>") }
            out.append("<thead><tr>" + table.header.enumerated().map { c, cell in
                "<th scope=\"col\" class=\"sl-\(table.alignments[c].rawValue)\">\(inline(cell))</th>"
            }.joined() + "</tr></thead>")
            out.append("<tbody>")
            for row in table.rows {
                out.append("<tr>" + row.enumerated().map { c, cell in
                    "<td class=\"sl-\(table.alignments[c].rawValue)\">\(inline(cell))</td>"
                }.joined() + "</tr>")
            }
            out.append("</tbody></table></div>")
        case let .callout(kind, title, blocks):
            out.append("<aside class=\"sl-callout sl-\(HTMLEscape.text(Anchors.slug(kind)))\">")
            if let title { out.append("<p class=\"sl-callout-title\">\(inline(title))</p>") }
            for block in blocks { render(block, document: document, levels: &levels, into: &out) }
            out.append("</aside>")
        case let .contents(depth):
            out.append("<nav class=\"sl-contents\" aria-labelledby=\"sl-contents-title\">")
            out.append("<h2 id=\"sl-contents-title\">Contents</h2>")
            levels.previous = 2
            out.append(contentsList(document.blocks, depth: depth))
            out.append("</nav>")
        case let .figure(figure):
            out.append("<figure class=\"sl-figure\" id=\"\(HTMLEscape.text(figure.id))\">")
            switch figure.content {
            case let .barChart(chart):
                out.append(SVGBarChart(chart: chart, style: options.style, id: "fig-" + figure.id, alt: figure.alt).render())
            case let .graph(graph):
                let dot = DOTRenderer(style: options.style).render(graph, name: figure.id)
                if let svg = options.graphToSVG?(dot) {
                    out.append("<div class=\"sl-graph\" role=\"img\" aria-label=\"\(HTMLEscape.text(figure.alt))\">\(svg)</div>")
                } else {
                    out.append("<div class=\"sl-notice\" role=\"note\"><p>Graphviz is not installed, so this diagram is shown as its DOT source. \(HTMLEscape.text(figure.alt))</p><pre>\(HTMLEscape.text(dot))</pre></div>")
                }
            }
            out.append("<figcaption>\(inline(figure.caption))</figcaption>")
            out.append("</figure>")
        }
    }

    /// Nested lists of links to the headings up to `depth`.
    private func contentsList(_ blocks: [Block], depth: Int) -> String {
        var html = ""
        var open = 0
        for case let .heading(level, text, anchor) in blocks where level <= depth {
            if open == 0 { html += "<ol>"; open = 1 }
            while open < level { html += "<ol>"; open += 1 }
            while open > level { html += "</li></ol>"; open -= 1 }
            if html.hasSuffix("</a>") || html.hasSuffix("</ol>") { html += "</li>" }
            html += "<li><a href=\"#\(HTMLEscape.text(anchor))\">\(HTMLEscape.text(text.plainText))</a>"
        }
        while open > 0 { html += "</li></ol>"; open -= 1 }
        return html
    }
}
