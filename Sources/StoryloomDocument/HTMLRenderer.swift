/// One self-contained, accessible HTML file: styles inline, no external requests, one `h1`,
/// headings in order, a linked table of contents, figures with captions and alt text, and a
/// print stylesheet. The page shell is a separate step (`HTMLPage`) that a template can replace.
public struct HTMLRenderer {
    /// The style, contents depth and graph renderer used.
    public let options: RenderOptions

    /// A renderer with these options.
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
        var context = Context()
        for block in document.blocks { render(block, document: document, context: &context, into: &out) }
        return out.joined(separator: "\n")
    }

    /// The whole page with the default shell.
    public func render(_ document: Document) -> String {
        HTMLPage.standard(title: document.title, language: document.language, style: HTMLPage.css(options.style, paper: options.paper),
                          header: "", body: body(document), footer: "")
    }

    /// What rendering the blocks so far has settled: heading levels, and the ids the renderer
    /// made up itself.
    struct Context {
        /// The HTML level of the last heading; the title is the one h1.
        var previousLevel = 1
        var contentsBlocks = 0

        /// Keeps HTML heading levels in order: a heading never skips a level below the one
        /// before it, and document level 1 is h2.
        mutating func level(for requested: Int) -> Int {
            let level = min(6, max(2, min(requested + 1, previousLevel + 1)))
            previousLevel = level
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
            // Any other scheme (javascript:, data:, file:) is shown as the words alone.
            case let .link(text, url): HTMLEscape.isSafeLink(url) ? "<a href=\"\(HTMLEscape.text(url))\">\(self.inline(text))</a>" : self.inline(text)
            case .lineBreak: "<br>"
            }
        }.joined()
    }

    private func render(_ block: Block, document: Document, context: inout Context, into out: inout [String]) {
        switch block {
        case let .heading(level, text, anchor):
            let h = context.level(for: level)
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
                        render(block, document: document, context: &context, into: &inner)
                    }
                }
                out.append("<li>\(inner.joined(separator: "\n"))</li>")
            }
            out.append("</\(tag)>")
        case let .quote(text, attribution, _):
            // The attribution sits outside the blockquote, as the HTML standard asks: what is
            // inside a blockquote is the quotation.
            out.append("<figure class=\"sl-quote\"><blockquote><p>\(inline(text))</p></blockquote>"
                + (attribution.map { "<figcaption>— <cite>\(inline($0))</cite></figcaption>" } ?? "") + "</figure>")
        case let .table(table):
            out.append("<div class=\"sl-table\"><table>")
            if let caption = table.caption { out.append("<caption>\(inline(caption))</caption>") }
            out.append("<thead><tr>" + table.header.enumerated().map { c, cell in
                "<th scope=\"col\" class=\"sl-\(alignment(table, c))\">\(inline(cell))</th>"
            }.joined() + "</tr></thead>")
            out.append("<tbody>")
            for row in table.rows {
                out.append("<tr>" + row.enumerated().map { c, cell in
                    "<td class=\"sl-\(alignment(table, c))\">\(inline(cell))</td>"
                }.joined() + "</tr>")
            }
            out.append("</tbody></table></div>")
        case let .callout(kind, title, blocks):
            out.append("<aside class=\"sl-callout sl-kind-\(HTMLEscape.text(Anchors.slug(kind)))\">")
            if let title { out.append("<p class=\"sl-callout-title\">\(inline(title))</p>") }
            for block in blocks { render(block, document: document, context: &context, into: &out) }
            out.append("</aside>")
        case let .contents(depth):
            context.contentsBlocks += 1
            // Slugs never hold "--", so this id cannot clash with a heading's.
            let id = "sl--contents" + (context.contentsBlocks == 1 ? "" : "-\(context.contentsBlocks)")
            out.append("<nav class=\"sl-contents\" aria-labelledby=\"\(id)\">")
            out.append("<h2 id=\"\(id)\">Contents</h2>")
            context.previousLevel = 2
            out.append(contentsList(Outline(document, depth: options.depth(of: depth))))
            out.append("</nav>")
        case let .figure(figure):
            let id = HTMLEscape.text(figure.id)
            out.append("<figure class=\"sl-figure\" id=\"\(id)\">")
            switch figure.content {
            case let .barChart(chart):
                out.append(SVGBarChart(chart: chart, style: options.style, id: "sl--fig-" + figure.id, alt: figure.alt).render())
                // The same chart laid out for a phone; the style sheet shows one of the two.
                out.append(SVGBarChart(chart: chart, style: options.style, id: "sl--fig-" + figure.id + "-narrow", alt: figure.alt, narrow: true).render())
            case let .sets(diagram):
                out.append(SetDiagramSVG(diagram: diagram, style: options.style, id: "sl--fig-" + figure.id, alt: figure.alt).render())
            case let .graph(graph):
                let dot = DOTRenderer(style: options.style).render(graph, name: figure.id)
                if let render = options.graphToSVG, let svg = render(dot) {
                    let inlined = GraphvizSVG.prefixingIDs(GraphvizSVG.inlinable(svg), with: "sl--fig-" + figure.id + "--")
                    out.append("<div class=\"sl-graph\" role=\"img\" aria-label=\"\(HTMLEscape.text(figure.alt))\">\(inlined)</div>")
                } else {
                    let why = options.graphToSVG == nil ? "Graphviz is not installed" : "Graphviz could not draw this diagram"
                    out.append("<div class=\"sl-notice\" role=\"note\"><p>\(why); the diagram&#39;s DOT source follows. "
                        + "\(HTMLEscape.text(figure.alt))</p><pre>\(HTMLEscape.text(dot))</pre></div>")
                }
            }
            if !figure.caption.isEmpty { out.append("<figcaption>\(inline(figure.caption))</figcaption>") }
            out.append("</figure>")
        }
    }

    private func alignment(_ table: Table, _ column: Int) -> String {
        (column < table.alignments.count ? table.alignments[column] : .left).rawValue
    }

    /// Nested ordered lists of links; every nested list sits inside the item above it.
    private func contentsList(_ outline: Outline) -> String {
        guard !outline.entries.isEmpty else { return "" }
        var html = ""
        var depth = 0
        for entry in outline.entries {
            if entry.depth > depth {
                // Outline depths grow one step at a time, so this opens one list.
                html += "<ol>"
                depth = entry.depth
            } else {
                html += "</li>"
                while depth > entry.depth {
                    html += "</ol></li>"
                    depth -= 1
                }
            }
            html += "<li><a href=\"#\(HTMLEscape.text(entry.anchor))\">\(HTMLEscape.text(entry.text.plainText))</a>"
        }
        html += "</li>"
        while depth > 1 {
            html += "</ol></li>"
            depth -= 1
        }
        return html + "</ol>"
    }
}
