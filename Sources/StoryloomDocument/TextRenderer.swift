/// Plain text for terminals and email: wrapped at `RenderOptions.width`, headings underlined,
/// quotes indented, tables aligned, charts as bars, links listed at the end of their section.
public struct TextRenderer {
    public let options: RenderOptions

    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    public func render(_ document: Document) -> String {
        var state = State(width: max(20, options.width))
        for line in options.textHeader { state.out += TextCleaning.wrap(TextCleaning.clean(line), width: state.width) }
        if !options.textHeader.isEmpty { state.out.append("") }
        let title = TextCleaning.clean(document.title)
        state.out += TextCleaning.wrap(title, width: state.width)
        state.out.append(String(repeating: "=", count: min(state.width, TextCleaning.width(title))))
        if let subtitle = document.subtitle { state.out += TextCleaning.wrap(TextCleaning.clean(subtitle), width: state.width) }
        for item in document.metadata {
            state.out += TextCleaning.wrap(TextCleaning.clean("\(item.key): \(item.value)"), width: state.width)
        }
        state.out.append("")
        for block in document.blocks { render(block, document: document, into: &state, indent: "") }
        state.flushLinks()
        if !options.textFooter.isEmpty {
            state.out.append(String(repeating: "-", count: state.width))
            for line in options.textFooter { state.out += TextCleaning.wrap(TextCleaning.clean(line), width: state.width) }
        }
        while state.out.last == "" { state.out.removeLast() }
        return state.out.joined(separator: "\n") + "\n"
    }

    struct State {
        let width: Int
        var out: [String] = []
        var links: [String] = []

        /// Links of the section just ended, as numbered notes.
        mutating func flushLinks() {
            guard !links.isEmpty else { return }
            for (n, url) in links.enumerated() { out += TextCleaning.wrap("[\(n + 1)] \(url)", width: width) }
            out.append("")
            links = []
        }

        /// Inline text, with each link numbered for the section's notes.
        mutating func text(_ inlines: [Inline]) -> String {
            var result = ""
            for inline in inlines {
                switch inline {
                case let .text(s): result += s
                case let .code(s): result += "`\(s)`"
                case let .emphasis(inner): result += "_" + text(inner) + "_"
                case let .strong(inner): result += "*" + text(inner) + "*"
                case let .link(inner, url):
                    if url.hasPrefix("#") {
                        result += text(inner)
                    } else {
                        links.append(TextCleaning.clean(url))
                        result += text(inner) + "[\(links.count)]"
                    }
                case .lineBreak: result += "\n"
                }
            }
            return TextCleaning.clean(result)
        }
    }

    private func render(_ block: Block, document: Document, into s: inout State, indent: String) {
        let width = s.width
        switch block {
        case let .heading(level, text, _):
            if indent.isEmpty { s.flushLinks() }
            let line = s.text(text)
            s.out += TextCleaning.wrap(line, width: width, first: indent, rest: indent)
            let rule: String? = level == 1 ? "=" : level == 2 ? "-" : level == 3 ? "~" : nil
            if let rule { s.out.append(indent + String(repeating: rule, count: min(width - indent.count, TextCleaning.width(line)))) }
            s.out.append("")
        case let .paragraph(text):
            s.out += TextCleaning.wrap(s.text(text), width: width, first: indent, rest: indent)
            s.out.append("")
        case let .list(ordered, items):
            for (n, item) in items.enumerated() {
                let marker = ordered ? "\(n + 1). " : "- "
                let hang = indent + String(repeating: " ", count: marker.count)
                var first = true
                for inner in item {
                    if case let .paragraph(text) = inner {
                        s.out += TextCleaning.wrap(s.text(text), width: width, first: first ? indent + marker : hang, rest: hang)
                    } else {
                        var nested = State(width: width)
                        nested.links = s.links
                        render(inner, document: document, into: &nested, indent: hang)
                        s.links = nested.links
                        while nested.out.last == "" { nested.out.removeLast() }
                        s.out += nested.out
                    }
                    first = false
                }
            }
            s.out.append("")
        case let .quote(text, attribution, _):
            let inner = indent + "    "
            s.out += TextCleaning.wrap("“" + s.text(text) + "”", width: width, first: inner, rest: inner + " ")
            if let attribution { s.out += TextCleaning.wrap("— " + s.text(attribution), width: width, first: inner + "  ", rest: inner + "    ") }
            s.out.append("")
        case let .table(table):
            renderTable(table, into: &s, indent: indent)
        case let .callout(_, title, blocks):
            let bar = indent + "  | "
            var inner = State(width: width)
            inner.links = s.links
            if let title {
                let heading = inner.text(title).uppercased()
                inner.out += TextCleaning.wrap(heading, width: width, first: bar, rest: bar)
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
            for case let .heading(level, text, _) in document.blocks where level <= depth {
                while numbers.count > level { numbers.removeLast() }
                while numbers.count < level { numbers.append(0) }
                numbers[level - 1] += 1
                let label = numbers.map(String.init).joined(separator: ".")
                let pad = indent + String(repeating: "  ", count: level - 1)
                s.out += TextCleaning.wrap(TextCleaning.clean(text.plainText), width: width, first: pad + label + "  ",
                                           rest: pad + String(repeating: " ", count: label.count + 2))
            }
            s.out.append("")
        case let .figure(figure):
            renderFigure(figure, into: &s, indent: indent)
        }
    }

    private func renderTable(_ table: Table, into s: inout State, indent: String) {
        let header = table.header.map { s.text($0) }
        let rows = table.rows.map { $0.map { s.text($0) } }
        let columns = header.count
        var widths = (0 ..< columns).map { c in ([header[c]] + rows.map { $0[c] }).map(TextCleaning.width).max() ?? 0 }
        let available = s.width - indent.count - 2 * (columns - 1)
        // Narrow the widest column until the table fits, wrapping its cells.
        while widths.reduce(0, +) > available, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 8 {
            widths[widest] -= 1
        }
        func lines(_ cells: [String]) -> [String] {
            let wrapped = cells.enumerated().map { c, cell in TextCleaning.wrap(cell, width: widths[c]) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0 ..< height).map { row in
                let parts = (0 ..< columns).map { c -> String in
                    let text = row < wrapped[c].count ? wrapped[c][row] : ""
                    return TextCleaning.pad(text, to: widths[c], right: table.alignments[c] == .right)
                }
                return (indent + parts.joined(separator: "  ")).trimmingTrailingSpaces()
            }
        }
        s.out += lines(header)
        s.out.append(indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in rows { s.out += lines(row) }
        if let caption = table.caption { s.out += TextCleaning.wrap(s.text(caption), width: s.width, first: indent, rest: indent) }
        s.out.append("")
    }

    private func renderFigure(_ figure: Figure, into s: inout State, indent: String) {
        let caption = s.text(figure.caption)
        switch figure.content {
        case let .barChart(chart):
            if let title = chart.title { s.out += TextCleaning.wrap(TextCleaning.clean(title), width: s.width, first: indent, rest: indent) }
            let labelWidth = min(30, chart.bars.map { TextCleaning.width(TextCleaning.clean($0.label)) }.max() ?? 0)
            let values = chart.bars.map { formatValue($0.value) + chart.unit }
            let valueWidth = values.map(\.count).max() ?? 0
            let barSpace = max(10, s.width - indent.count - labelWidth - valueWidth - 4)
            let top = chart.maximum ?? max(chart.bars.map(\.value).max() ?? 1, 1e-9)
            var group: String? = nil
            for (n, bar) in chart.bars.enumerated() {
                if bar.group != group, let name = bar.group {
                    s.out.append(indent + TextCleaning.clean(name))
                    group = name
                }
                var label = TextCleaning.clean(bar.label)
                if TextCleaning.width(label) > labelWidth { label = String(label.prefix(labelWidth - 1)) + "…" }
                let length = Int((bar.value / top * Double(barSpace)).rounded())
                let line = indent + "  " + TextCleaning.pad(label, to: labelWidth) + " "
                    + String(repeating: "█", count: max(0, min(barSpace, length))) + " " + values[n]
                s.out.append(line)
            }
        case let .graph(graph):
            let clustered = Set(graph.clusters.flatMap(\.nodes))
            let labels = Dictionary(graph.nodes.map { ($0.id, TextCleaning.clean($0.label)) }, uniquingKeysWith: { a, _ in a })
            for cluster in graph.clusters {
                s.out += TextCleaning.wrap(TextCleaning.clean(cluster.label), width: s.width, first: indent + "  ", rest: indent + "  ")
                for node in cluster.nodes {
                    s.out += TextCleaning.wrap(labels[node] ?? node, width: s.width, first: indent + "    - ", rest: indent + "      ")
                }
            }
            let loose = graph.nodes.filter { !clustered.contains($0.id) }
            if !loose.isEmpty && !graph.clusters.isEmpty { s.out.append(indent + "  Also:") }
            for node in loose { s.out += TextCleaning.wrap(labels[node.id] ?? node.id, width: s.width, first: indent + "    - ", rest: indent + "      ") }
        }
        s.out += TextCleaning.wrap("Figure: " + caption, width: s.width, first: indent, rest: indent)
        s.out.append("")
    }
}

/// Numbers as reports print them: whole numbers without a point, others to one decimal.
func formatValue(_ value: Double) -> String {
    if value == value.rounded() { return String(Int64(value)) }
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
