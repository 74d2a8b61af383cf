/// Graphviz DOT for graph figures: every id and label quoted and escaped, a fixed order,
/// and the style's colours and font.
public struct DOTRenderer {
    /// The colours and font used.
    public let style: Style

    /// A renderer with this style.
    public init(style: Style = Style()) {
        self.style = style
    }

    /// One graph as a DOT digraph named `name`.
    public func render(_ graph: Graph, name: String) -> String {
        var lines = ["digraph \(quoted(name)) {"]
        var graphAttributes = ["rankdir=\(graph.direction == "LR" ? "LR" : "TB")", "compound=true",
                               "fontname=\(quoted(style.safeGraphFont))", "fontsize=14", "pad=0.3", "nodesep=0.25", "ranksep=1.2",
                               "bgcolor=\(quoted(style.background))", "fontcolor=\(quoted(style.foreground))"]
        if let label = graph.label { graphAttributes += ["label=\(quoted(label))", "labelloc=t"] }
        // The document's own attributes come last, so they win; only the safe ones are kept.
        for key in graph.attributes.keys.sorted() where Graph.allowedAttributes.contains(key) {
            graphAttributes.append("\(quoted(key))=\(quoted(graph.attributes[key]!))")
        }
        lines.append("  graph [\(graphAttributes.joined(separator: ", "))];")
        lines.append("  node [fontname=\(quoted(style.safeGraphFont)), fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\(quoted(style.tint)), color=\(quoted(style.muted)), fontcolor=\(quoted(style.foreground)), margin=\"0.15,0.06\"];")
        lines.append("  edge [color=\(quoted(style.muted)), arrowhead=none];")
        let clustered = Set(graph.clusters.flatMap(\.nodes))
        for node in graph.nodes where !clustered.contains(node.id) { lines.append("  " + nodeLine(node)) }
        let byID = Dictionary(graph.nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for cluster in graph.clusters {
            let color = style.color(cluster.color) ?? style.primary
            lines.append("  subgraph \(quoted("cluster_" + cluster.id)) {")
            lines.append("    label=\(quoted(cluster.label)); style=\"rounded\"; color=\(quoted(color)); penwidth=2; fontcolor=\(quoted(style.foreground));")
            for id in cluster.nodes { if let node = byID[id] { lines.append("    " + nodeLine(node)) } }
            lines.append("  }")
        }
        for edge in graph.edges {
            var attributes: [String] = []
            if let label = edge.label { attributes.append("label=\(quoted(label))") }
            if let cluster = edge.toCluster { attributes.append("lhead=\(quoted("cluster_" + cluster))") }
            lines.append("  \(quoted(edge.from)) -> \(quoted(edge.to))" + (attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]") + ";")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// DOT for every diagram of `document` (graphs and set diagrams), in document order (inside
    /// call-outs and lists too), each named by its figure's id.
    public func render(graphsOf document: Document) -> [(id: String, dot: String)] {
        func collect(_ blocks: [Block]) -> [(id: String, dot: String)] {
            blocks.flatMap { block -> [(id: String, dot: String)] in
                switch block {
                case let .figure(figure):
                    switch figure.content {
                    case let .graph(graph): return [(figure.id, render(graph, name: figure.id))]
                    case let .sets(diagram): return [(figure.id, render(diagram, name: figure.id))]
                    case .barChart: return []
                    }
                case let .callout(_, _, inner): return collect(inner)
                case let .list(_, items): return items.flatMap(collect)
                default: return []
                }
            }
        }
        return collect(document.blocks)
    }

    private func nodeLine(_ node: Graph.Node) -> String {
        var label = node.label
        if let note = node.note { label += "\n" + note }
        var attributes = ["label=\(quoted(label))"]
        if let shape = node.shape { attributes.append("shape=\(quoted(shape))") }
        if let color = style.color(node.color) {
            attributes.append("fillcolor=\(quoted(color))")
            attributes.append("fontcolor=\(quoted(Contrast.readableText(on: color, dark: style.foreground)))")
        }
        return "\(quoted(node.id)) [\(attributes.joined(separator: ", "))];"
    }

    /// A DOT string: quotes and backslashes escaped, line breaks as \n, no control characters.
    func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in TextCleaning.clean(s).unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// WCAG contrast, to pick readable text on a fill.
public enum Contrast {
    /// Relative luminance (0 black to 1 white) of `#rrggbb`, or nil if it is not such a colour.
    public static func luminance(_ hex: String) -> Double? {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        func channel(_ shift: UInt32) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }

    /// The contrast ratio of two colours (1 to 21), or nil if either is not `#rrggbb`.
    public static func ratio(_ a: String, _ b: String) -> Double? {
        guard let x = luminance(a), let y = luminance(b) else { return nil }
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    /// White or `dark`, whichever reads better on `fill`.
    static func readableText(on fill: String, dark: String) -> String {
        guard let onDark = ratio(fill, "#ffffff"), let onLight = ratio(fill, dark) else { return dark }
        return onDark >= onLight ? "#ffffff" : dark
    }
}

import Foundation
