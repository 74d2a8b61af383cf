/// CommonMark with pipe tables, so other tools can take a report over: text escaped, figures
/// as a table (charts) or a fenced DOT block (graphs).
public struct MarkdownRenderer {
    public let options: RenderOptions

    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    public func render(_ document: Document) -> String {
        var out = ["# " + escape(document.title)]
        if let subtitle = document.subtitle { out += ["", "*" + escape(subtitle) + "*"] }
        if !document.metadata.isEmpty {
            out.append("")
            out += document.metadata.map { "- **\(escape($0.key)):** \(escape($0.value))" }
        }
        out.append("")
        for block in document.blocks { out += render(block, document: document) }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    func escape(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in TextCleaning.clean(s).unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "#", "<", ">", "|":
                out.append("\\")
                out.append(scalar)
            case "\n": out.append(" ")
            default: out.append(scalar)
            }
        }
        // A line starting with "-" or "+" would become a list.
        var text = String(out)
        if let first = text.first, first == "-" || first == "+" { text = "\\" + text }
        return text
    }

    func inline(_ inlines: [Inline]) -> String {
        inlines.map { inline in
            switch inline {
            case let .text(s): escape(s)
            case let .code(s): "`" + TextCleaning.clean(s).replacingOccurrences(of: "`", with: "'") + "`"
            case let .emphasis(inner): "*" + self.inline(inner) + "*"
            case let .strong(inner): "**" + self.inline(inner) + "**"
            case let .link(text, url): "[" + self.inline(text) + "](" + TextCleaning.clean(url).replacingOccurrences(of: ")", with: "%29").replacingOccurrences(of: " ", with: "%20") + ")"
            case .lineBreak: "\\\n"
            }
        }.joined()
    }

    private func render(_ block: Block, document: Document) -> [String] {
        switch block {
        case let .heading(level, text, anchor):
            return [String(repeating: "#", count: min(6, level + 1)) + " " + inline(text) + " {#\(anchor)}", ""]
        case let .paragraph(text):
            return [inline(text), ""]
        case let .list(ordered, items):
            var lines: [String] = []
            for (n, item) in items.enumerated() {
                let marker = ordered ? "\(n + 1). " : "- "
                let inner = item.flatMap { render($0, document: document) }.filter { !$0.isEmpty }
                for (k, line) in inner.enumerated() {
                    lines.append((k == 0 ? marker : String(repeating: " ", count: marker.count)) + line)
                }
            }
            return lines + [""]
        case let .quote(text, attribution, _):
            var lines = ["> " + inline(text)]
            if let attribution { lines += [">", "> — " + inline(attribution)] }
            return lines + [""]
        case let .table(table):
            func row(_ cells: [[Inline]]) -> String { "| " + cells.map { inline($0) }.joined(separator: " | ") + " |" }
            var lines = [row(table.header)]
            lines.append("| " + table.alignments.map { $0 == .right ? "---:" : $0 == .center ? ":---:" : "---" }.joined(separator: " | ") + " |")
            lines += table.rows.map(row)
            if let caption = table.caption { lines += ["", "*" + inline(caption) + "*"] }
            return lines + [""]
        case let .callout(_, title, blocks):
            var lines: [String] = []
            if let title { lines += ["**" + inline(title) + "**", ""] }
            for block in blocks { lines += render(block, document: document) }
            while lines.last == "" { lines.removeLast() }
            return lines.map { $0.isEmpty ? ">" : "> " + $0 } + [""]
        case let .contents(depth):
            var lines = ["**Contents**", ""]
            for case let .heading(level, text, anchor) in document.blocks where level <= depth {
                lines.append(String(repeating: "  ", count: level - 1) + "- [" + escape(text.plainText) + "](#\(anchor))")
            }
            return lines + [""]
        case let .figure(figure):
            var lines: [String]
            switch figure.content {
            case let .barChart(chart):
                lines = ["| " + (chart.bars.contains { $0.group != nil } ? "Group | " : "") + "Label | Value |",
                         "| " + (chart.bars.contains { $0.group != nil } ? "--- | " : "") + "--- | ---: |"]
                lines += chart.bars.map { bar in
                    "| " + (chart.bars.contains { $0.group != nil } ? escape(bar.group ?? "") + " | " : "")
                        + escape(bar.label) + " | " + formatValue(bar.value) + escape(chart.unit) + " |"
                }
            case let .graph(graph):
                lines = ["```dot"] + DOTRenderer(style: options.style).render(graph, name: figure.id)
                    .split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast() + ["```"]
            }
            return lines + ["", "*" + inline(figure.caption) + "*", ""]
        }
    }
}
