import Foundation

/// The Document itself as JSON (schema `storyloom-document/1`, see docs/document.md), with
/// keys sorted so the same document always gives the same bytes.
public struct JSONRenderer {
    public static let schema = "storyloom-document/1"

    public init() {}

    public func render(_ document: Document) -> String {
        let data = try! JSONSerialization.data(withJSONObject: tree(document), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The document as JSON values (dictionaries, arrays, strings, numbers, booleans, NSNull),
    /// for tools that want the tree rather than the text.
    public func tree(_ document: Document) -> [String: Any] {
        [
            "schema": Self.schema, "title": document.title, "subtitle": document.subtitle ?? NSNull(),
            "language": document.language,
            "metadata": document.metadata.map { ["key": $0.key, "value": $0.value] },
            "blocks": document.blocks.map(block),
        ]
    }

    private func inlines(_ list: [Inline]) -> [[String: Any]] {
        list.map { inline in
            switch inline {
            case let .text(s): ["type": "text", "text": s]
            case let .code(s): ["type": "code", "text": s]
            case let .emphasis(inner): ["type": "emphasis", "content": inlines(inner)]
            case let .strong(inner): ["type": "strong", "content": inlines(inner)]
            case let .link(text, url): ["type": "link", "content": inlines(text), "url": url]
            case .lineBreak: ["type": "line-break"]
            }
        }
    }

    private func block(_ block: Block) -> [String: Any] {
        switch block {
        case let .heading(level, text, anchor):
            return ["type": "heading", "level": level, "content": inlines(text), "anchor": anchor]
        case let .paragraph(text):
            return ["type": "paragraph", "content": inlines(text)]
        case let .list(ordered, items):
            return ["type": "list", "ordered": ordered, "items": items.map { $0.map(self.block) }]
        case let .quote(text, attribution, source):
            return ["type": "quote", "content": inlines(text), "attribution": attribution.map(inlines) ?? NSNull(),
                    "source": source ?? NSNull()]
        case let .table(table):
            return ["type": "table", "header": table.header.map(inlines), "rows": table.rows.map { $0.map(inlines) },
                    "alignments": table.alignments.map(\.rawValue), "caption": table.caption.map(inlines) ?? NSNull()]
        case let .callout(kind, title, blocks):
            return ["type": "callout", "kind": kind, "title": title.map(inlines) ?? NSNull(), "blocks": blocks.map(self.block)]
        case let .contents(depth):
            return ["type": "contents", "depth": depth]
        case let .figure(figure):
            var content: [String: Any]
            switch figure.content {
            case let .barChart(chart):
                content = ["kind": "bar-chart", "title": chart.title ?? NSNull(), "unit": chart.unit, "maximum": chart.maximum ?? NSNull(),
                           "bars": chart.bars.map { ["label": $0.label, "value": $0.value, "group": $0.group ?? NSNull()] as [String: Any] }]
            case let .graph(graph):
                content = ["kind": "graph", "label": graph.label ?? NSNull(), "direction": graph.direction,
                           "nodes": graph.nodes.map { ["id": $0.id, "label": $0.label, "shape": $0.shape ?? NSNull(), "color": $0.color ?? NSNull(), "note": $0.note ?? NSNull()] as [String: Any] },
                           "clusters": graph.clusters.map { ["id": $0.id, "label": $0.label, "nodes": $0.nodes, "color": $0.color ?? NSNull()] as [String: Any] },
                           "edges": graph.edges.map { ["from": $0.from, "to": $0.to, "label": $0.label ?? NSNull(), "to_cluster": $0.toCluster ?? NSNull()] as [String: Any] }]
            }
            return ["type": "figure", "id": figure.id, "caption": inlines(figure.caption), "alt": figure.alt, "figure": content]
        }
    }
}
