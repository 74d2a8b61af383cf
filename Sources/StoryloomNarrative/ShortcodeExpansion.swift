import StoryloomDocument

/// Putting what shortcodes stand for in their place. `body` is called once for each
/// shortcode in running text, in order, and what it returns is spliced in where the
/// shortcode was; in code a shortcode is shown as it was written.
extension NarrativePage {
    /// `inlines` with each shortcode replaced by what `body` makes of it.
    public func expand<E: Error>(_ inlines: [Inline], _ body: (Shortcode) throws(E) -> [Inline]) throws(E) -> [Inline] {
        var out: [Inline] = []
        for inline in inlines {
            switch inline {
            case let .text(words):
                for piece in Placeholder.pieces(words) {
                    switch piece {
                    case let .text(text):
                        out.append(.text(text))
                    case let .shortcode(index):
                        if table.indices.contains(index) { out += try body(table[index]) }
                    }
                }
            case let .code(code):
                out.append(.code(source(of: code)))
            case let .emphasis(inner):
                out.append(.emphasis(try expand(inner, body)))
            case let .strong(inner):
                out.append(.strong(try expand(inner, body)))
            case let .link(text, url):
                out.append(.link(text: try expand(text, body), url: url))
            case .lineBreak:
                out.append(.lineBreak)
            }
        }
        return CmarkReader.joined(out)
    }

    /// `block` with the shortcodes in its text (paragraphs, list items, quotes, table cells,
    /// call-outs, captions) expanded.
    public func expand<E: Error>(_ block: Block, _ body: (Shortcode) throws(E) -> [Inline]) throws(E) -> Block {
        switch block {
        case let .heading(level, text, anchor):
            return .heading(level: level, text: try expand(text, body), anchor: anchor)
        case let .paragraph(text):
            return .paragraph(try expand(text, body))
        case let .list(ordered, items):
            var expanded: [[Block]] = []
            for item in items { expanded.append(try expand(item, body)) }
            return .list(ordered: ordered, items: expanded)
        case let .quote(text, attribution, source):
            return .quote(text: try expand(text, body), attribution: try attribution.map { a throws(E) in try expand(a, body) },
                          source: source)
        case var .table(table):
            var header: [[Inline]] = []
            for cell in table.header { header.append(try expand(cell, body)) }
            var rows: [[[Inline]]] = []
            for row in table.rows {
                var cells: [[Inline]] = []
                for cell in row { cells.append(try expand(cell, body)) }
                rows.append(cells)
            }
            table.header = header
            table.rows = rows
            if let caption = table.caption { table.caption = try expand(caption, body) }
            return .table(table)
        case let .callout(kind, title, blocks):
            return .callout(kind: kind, title: try title.map { t throws(E) in try expand(t, body) }, blocks: try expand(blocks, body))
        case .contents:
            return block
        case var .figure(figure):
            figure.caption = try expand(figure.caption, body)
            return .figure(figure)
        }
    }

    /// Each block expanded.
    public func expand<E: Error>(_ blocks: [Block], _ body: (Shortcode) throws(E) -> [Inline]) throws(E) -> [Block] {
        var out: [Block] = []
        for block in blocks { out.append(try expand(block, body)) }
        return out
    }

    /// A heading's or block's text expanded; a block shortcode is left for the caller.
    public func expand<E: Error>(_ block: PageBlock, _ body: (Shortcode) throws(E) -> [Inline]) throws(E) -> PageBlock {
        switch block {
        case let .heading(level, text, line, id):
            return .heading(level: level, text: try expand(text, body), line: line, id: id)
        case let .block(inner):
            return .block(try expand(inner, body))
        case .shortcode:
            return block
        }
    }

    /// Code with its placeholders back as the shortcodes' text.
    private func source(of code: String) -> String {
        guard code.unicodeScalars.contains(Placeholder.open) else { return code }
        return Placeholder.pieces(code).map { piece in
            switch piece {
            case let .text(words): words
            case let .shortcode(index): table.indices.contains(index) ? table[index].source : ""
            }
        }.joined()
    }
}
