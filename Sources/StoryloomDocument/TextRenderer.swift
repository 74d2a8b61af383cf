/// Plain text for terminals and email: wrapped at `RenderOptions.width`, headings underlined,
/// quotes indented, tables aligned, charts as bars, links listed at the end of their section.
/// No control character from the data reaches the output.
public struct TextRenderer {
    /// The width, contents depth, and text header and footer used.
    public let options: RenderOptions

    /// A renderer with these options.
    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    /// The document as text, ending in one newline.
    public func render(_ document: Document) -> String {
        var state = State(width: max(20, options.width))
        let width = state.width
        for line in options.textHeader { state.out += TextWrap.wrap(TextCleaning.cleanLine(line), width: width) }
        if !options.textHeader.isEmpty { state.out.append("") }
        let title = TextWrap.wrap(TextCleaning.cleanLine(document.title), width: width)
        state.out += title
        state.out.append(String(repeating: "=", count: max(1, title.map(TextCleaning.width).max() ?? 0)))
        if let subtitle = document.subtitle { state.out += TextWrap.wrap(TextCleaning.cleanLine(subtitle), width: width) }
        for item in document.metadata {
            state.out += TextWrap.wrap(TextCleaning.cleanLine("\(item.key): \(item.value)"), width: width)
        }
        state.out.append("")
        for block in document.blocks { render(block, document: document, into: &state, indent: "") }
        state.flushLinks()
        if !options.textFooter.isEmpty {
            state.out.append(String(repeating: "-", count: width))
            for line in options.textFooter { state.out += TextWrap.wrap(TextCleaning.cleanLine(line), width: width) }
        }
        while state.out.last == "" { state.out.removeLast() }
        return state.out.joined(separator: "\n") + "\n"
    }

    struct State {
        let width: Int
        var out: [String] = []
        /// URLs of the links in the current section, numbered from 1.
        var links: [String] = []

        /// Lists the links of the section just ended as `[n] url`.
        mutating func flushLinks() {
            guard !links.isEmpty else { return }
            for (n, url) in links.enumerated() { out += TextWrap.wrap("[\(n + 1)] \(url)", width: width, rest: "    ") }
            out.append("")
            links = []
        }

        /// Inline text, cleaned, with each outside link numbered for the section's notes; only
        /// `lineBreak` yields a "\n".
        mutating func text(_ inlines: [Inline]) -> String {
            var result = ""
            for inline in inlines {
                switch inline {
                case let .text(s): result += TextCleaning.cleanLine(s)
                case let .code(s): result += "`" + TextCleaning.cleanLine(s) + "`"
                case let .emphasis(inner): result += "_" + text(inner) + "_"
                case let .strong(inner): result += "*" + text(inner) + "*"
                case let .link(inner, url):
                    // In-page links need no note; a link of any other scheme than http, https or
                    // mailto is not listed at all, so a reader is never handed a script to paste.
                    if url.hasPrefix("#") || !HTMLEscape.isSafeLink(url) {
                        result += text(inner)
                    } else {
                        links.append(TextCleaning.cleanLine(url))
                        result += text(inner) + "[\(links.count)]"
                    }
                case .lineBreak: result += "\n"
                }
            }
            return result
        }

        /// A state for blocks nested in another, sharing its link numbers.
        func nested() -> State {
            var inner = State(width: width)
            inner.links = links
            return inner
        }
    }

    private func render(_ block: Block, document: Document, into s: inout State, indent: String) {
        let width = s.width
        switch block {
        case let .heading(level, text, _):
            if indent.isEmpty { s.flushLinks() }
            let lines = TextWrap.wrap(s.text(text), width: width, first: indent, rest: indent)
            s.out += lines
            let rule: String? = level == 1 ? "=" : level == 2 ? "-" : level == 3 ? "~" : nil
            if let rule {
                let textWidth = lines.map { TextCleaning.width($0) }.max() ?? 0
                s.out.append(indent + String(repeating: rule, count: max(1, textWidth - TextCleaning.width(indent))))
            }
            s.out.append("")
        case let .paragraph(text):
            s.out += TextWrap.wrap(s.text(text), width: width, first: indent, rest: indent)
            s.out.append("")
        case let .list(ordered, items):
            for (n, item) in items.enumerated() {
                let marker = ordered ? "\(n + 1). " : "- "
                let hang = indent + String(repeating: " ", count: marker.count)
                for (k, inner) in item.enumerated() {
                    if case let .paragraph(text) = inner {
                        s.out += TextWrap.wrap(s.text(text), width: width, first: k == 0 ? indent + marker : hang, rest: hang)
                    } else {
                        var nested = s.nested()
                        render(inner, document: document, into: &nested, indent: hang)
                        s.links = nested.links
                        while nested.out.last == "" { nested.out.removeLast() }
                        if k == 0, let first = nested.out.first {
                            // The marker takes the place of the hanging indent on the item's first line.
                            nested.out[0] = indent + marker + first.dropFirst(hang.count)
                        }
                        s.out += nested.out
                    }
                }
            }
            s.out.append("")
        case let .quote(text, attribution, _):
            let inner = indent + "    "
            s.out += TextWrap.wrap("“" + s.text(text) + "”", width: width, first: inner, rest: inner + " ")
            if let attribution { s.out += TextWrap.wrap("— " + s.text(attribution), width: width, first: inner + "  ", rest: inner + "    ") }
            s.out.append("")
        case let .table(table):
            renderTable(table, into: &s, indent: indent)
        case let .callout(kind, title, blocks):
            let bar = indent + "  | "
            var inner = s.nested()
            // The title, or else the kind ("key-finding" → "KEY FINDING"), marks what the call-out is.
            let heading = title.map { inner.text($0) } ?? TextCleaning.cleanLine(kind).replacingOccurrences(of: "-", with: " ")
            if !heading.isEmpty {
                inner.out += TextWrap.wrap(heading.uppercased(), width: width, first: bar, rest: bar)
                inner.out.append("")
            }
            for block in blocks { render(block, document: document, into: &inner, indent: bar) }
            s.links = inner.links
            while inner.out.last == "" { inner.out.removeLast() }
            s.out += inner.out.map { $0.isEmpty ? bar.trimmingTrailingSpaces() : $0 }
            s.out.append("")
        case let .contents(depth):
            s.out.append(indent + "Contents")
            s.out.append("")
            var numbers: [Int] = []
            for entry in Outline(document, depth: options.depth(of: depth)).entries {
                numbers = Array(numbers.prefix(entry.depth))
                while numbers.count < entry.depth { numbers.append(0) }
                numbers[entry.depth - 1] += 1
                let label = numbers.map(String.init).joined(separator: ".") + "  "
                let pad = indent + String(repeating: "  ", count: entry.depth - 1)
                s.out += TextWrap.wrap(TextCleaning.cleanLine(entry.text.plainText), width: width, first: pad + label,
                                       rest: pad + String(repeating: " ", count: label.count))
            }
            s.out.append("")
        case let .figure(figure):
            renderFigure(figure, into: &s, indent: indent)
        }
    }

    /// Columns as wide as their widest cell; when the table is too wide, the widest column
    /// narrows (its cells wrap) until it fits.
    private func renderTable(_ table: Table, into s: inout State, indent: String) {
        let header = table.header.map { s.text($0) }
        let rows = table.rows.map { row in row.map { s.text($0) } }
        let columns = header.count
        func cell(_ row: [String], _ c: Int) -> String { c < row.count ? row[c] : "" }
        func alignment(_ c: Int) -> Table.Alignment { c < table.alignments.count ? table.alignments[c] : .left }
        var widths = (0 ..< columns).map { c in
            ([header[c]] + rows.map { cell($0, c) }).flatMap { $0.split(separator: "\n") }.map { TextCleaning.width($0) }.max() ?? 0
        }
        let available = s.width - TextCleaning.width(indent) - 2 * (columns - 1)
        while widths.reduce(0, +) > available, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 4 {
            widths[widest] -= 1
        }
        func lines(_ cells: [String]) -> [String] {
            let wrapped = (0 ..< columns).map { c in TextWrap.wrap(cell(cells, c), width: max(1, widths[c])) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0 ..< height).map { line in
                let parts = (0 ..< columns).map { c -> String in
                    TextWrap.pad(line < wrapped[c].count ? wrapped[c][line] : "", to: widths[c], alignment: alignment(c))
                }
                return (indent + parts.joined(separator: "  ")).trimmingTrailingSpaces()
            }
        }
        s.out += lines(header)
        s.out.append(indent + widths.map { String(repeating: "-", count: max(1, $0)) }.joined(separator: "  "))
        for row in rows { s.out += lines(row) }
        if let caption = table.caption { s.out += TextWrap.wrap(s.text(caption), width: s.width, first: indent, rest: indent) }
        s.out.append("")
    }

    private func renderFigure(_ figure: Figure, into s: inout State, indent: String) {
        let caption = s.text(figure.caption)
        let indentWidth = TextCleaning.width(indent)
        switch figure.content {
        case let .barChart(chart):
            if let title = chart.title { s.out += TextWrap.wrap(TextCleaning.cleanLine(title), width: s.width, first: indent, rest: indent) }
            let labels = chart.bars.map { TextCleaning.cleanLine($0.label) }
            let unit = TextCleaning.cleanLine(chart.unit)
            let values = chart.bars.map { formatValue($0.value) + unit }
            let valueWidth = values.map(TextCleaning.width).max() ?? 0
            // Labels give way (shortened with "…") so the bars keep at least ten columns.
            let labelWidth = max(1, min(30, labels.map(TextCleaning.width).max() ?? 0, s.width - indentWidth - valueWidth - 14))
            let barSpace = max(10, s.width - indentWidth - labelWidth - valueWidth - 4)
            let top = chart.maximum ?? max(chart.bars.map(\.value).max() ?? 1, 1e-9)
            var group: String? = nil
            for (n, bar) in chart.bars.enumerated() {
                if bar.group != group, let name = bar.group {
                    s.out += TextWrap.wrap(TextCleaning.cleanLine(name), width: s.width, first: indent, rest: indent)
                    group = name
                }
                let label = TextWrap.pad(TextWrap.truncate(labels[n], to: labelWidth), to: labelWidth)
                let share = top > 0 && bar.value.isFinite ? bar.value / top : 0
                let length = max(0, min(barSpace, Int((share * Double(barSpace)).rounded())))
                s.out.append(indent + "  " + label + " " + String(repeating: "█", count: length) + " " + values[n])
            }
        case let .sets(diagram):
            // The diagram in words: each region with its items.
            for (n, region) in diagram.regions.enumerated() {
                s.out += TextWrap.wrap("\(n + 1). " + TextCleaning.cleanLine(diagram.name(of: region)),
                                       width: s.width, first: indent + "  ", rest: indent + "     ")
                for item in region.items {
                    s.out += TextWrap.wrap(TextCleaning.cleanLine(SetDiagram.describe(item)), width: s.width, first: indent + "     - ", rest: indent + "       ")
                }
            }
        case let .graph(graph):
            let clustered = Set(graph.clusters.flatMap(\.nodes))
            // A node's note ("12 stories") follows its label in brackets.
            let labels = Dictionary(graph.nodes.map { node in
                (node.id, TextCleaning.cleanLine(node.label) + (node.note.map { " (" + TextCleaning.cleanLine($0) + ")" } ?? ""))
            }, uniquingKeysWith: { a, _ in a })
            if let label = graph.label { s.out += TextWrap.wrap(TextCleaning.cleanLine(label), width: s.width, first: indent, rest: indent) }
            for cluster in graph.clusters {
                s.out += TextWrap.wrap(TextCleaning.cleanLine(cluster.label), width: s.width, first: indent + "  ", rest: indent + "  ")
                for node in cluster.nodes {
                    s.out += TextWrap.wrap(labels[node] ?? TextCleaning.cleanLine(node), width: s.width, first: indent + "    - ", rest: indent + "      ")
                }
            }
            // Nodes outside the clusters, with what they are linked to.
            let clusterOf = Dictionary(graph.clusters.flatMap { c in c.nodes.map { ($0, c.label) } }, uniquingKeysWith: { a, _ in a })
            let clusterLabels = Dictionary(graph.clusters.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
            let loose = graph.nodes.filter { !clustered.contains($0.id) }
            if !loose.isEmpty && !graph.clusters.isEmpty { s.out.append(indent + "  Also:") }
            for node in loose {
                var linked: [String] = []
                for edge in graph.edges where edge.from == node.id || edge.to == node.id {
                    let other = edge.from == node.id ? edge.to : edge.from
                    let name = edge.toCluster.flatMap { clusterLabels[$0] } ?? clusterOf[other] ?? labels[other] ?? other
                    if !linked.contains(name) { linked.append(name) }
                }
                let suffix = linked.isEmpty ? "" : ", linked to " + linked.map(TextCleaning.cleanLine).joined(separator: "; ")
                s.out += TextWrap.wrap((labels[node.id] ?? node.id) + suffix, width: s.width, first: indent + "    - ", rest: indent + "      ")
            }
        }
        if !caption.isEmpty { s.out += TextWrap.wrap("Figure: " + caption, width: s.width, first: indent, rest: indent) }
        s.out.append("")
    }
}

/// Numbers as reports print them: whole numbers without a point, others to one decimal.
func formatValue(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
}
