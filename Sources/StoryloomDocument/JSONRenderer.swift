import Foundation

/// The Document itself as JSON (schema `storyloom-document/1`, see docs/document.md), with
/// keys sorted so the same document always gives the same bytes.
public struct JSONRenderer {
    /// The schema every rendered document declares.
    public static let schema = Document.schema

    /// A renderer.
    public init() {}

    /// The document as JSON text, keys in ascending order, ending in a newline.
    public func render(_ document: Document) -> String {
        tree(document).text() + "\n"
    }

    /// Reads a document back from its JSON (through `Document`'s Codable form, which the tests
    /// check agrees with `render`).
    public static func decode(_ data: Data) throws -> Document {
        try JSONDecoder().decode(Document.self, from: data)
    }

    /// The document as a JSON value, for tools that want the tree rather than the text.
    public func tree(_ document: Document) -> JSONValue {
        object([
            "schema": .string(Self.schema), "title": .string(document.title), "subtitle": text(document.subtitle),
            "language": .string(document.language),
            "metadata": .array(document.metadata.map { object(["key": .string($0.key), "value": .string($0.value)]) }),
            "blocks": .array(document.blocks.map(block)),
        ])
    }

    private func object(_ members: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(members.map { (key: $0.key, value: $0.value) })
    }

    private func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    private func inlines(_ list: [Inline]) -> JSONValue {
        .array(list.map { inline in
            switch inline {
            case let .text(s): object(["type": "text", "text": .string(s)])
            case let .code(s): object(["type": "code", "text": .string(s)])
            case let .emphasis(inner): object(["type": "emphasis", "content": inlines(inner)])
            case let .strong(inner): object(["type": "strong", "content": inlines(inner)])
            case let .link(content, url): object(["type": "link", "content": inlines(content), "url": .string(url)])
            case .lineBreak: object(["type": "line-break"])
            }
        })
    }

    private func block(_ block: Block) -> JSONValue {
        switch block {
        case let .heading(level, content, anchor):
            return object(["type": "heading", "level": .integer(Int64(level)), "content": inlines(content), "anchor": .string(anchor)])
        case let .paragraph(content):
            return object(["type": "paragraph", "content": inlines(content)])
        case let .list(ordered, items):
            return object(["type": "list", "ordered": .bool(ordered), "items": .array(items.map { .array($0.map(self.block)) })])
        case let .quote(content, attribution, source):
            return object(["type": "quote", "content": inlines(content), "attribution": attribution.map(inlines) ?? .null,
                           "source": text(source)])
        case let .table(table):
            return object(["type": "table", "header": .array(table.header.map(inlines)),
                           "rows": .array(table.rows.map { .array($0.map(inlines)) }),
                           "alignments": .array(table.alignments.map { .string($0.rawValue) }),
                           "caption": table.caption.map(inlines) ?? .null])
        case let .callout(kind, title, blocks):
            return object(["type": "callout", "kind": .string(kind), "title": title.map(inlines) ?? .null,
                           "blocks": .array(blocks.map(self.block))])
        case let .contents(depth):
            return object(["type": "contents", "depth": .integer(Int64(depth))])
        case let .figure(figure):
            return object(["type": "figure", "id": .string(figure.id), "caption": inlines(figure.caption),
                           "alt": .string(figure.alt), "figure": content(figure.content)])
        }
    }

    private func content(_ content: Figure.Content) -> JSONValue {
        switch content {
        case let .barChart(chart):
            return object(["kind": "bar-chart", "title": text(chart.title), "unit": .string(chart.unit),
                           "maximum": chart.maximum.map(JSONValue.number) ?? .null,
                           "bars": .array(chart.bars.map { object(["label": .string($0.label), "value": .number($0.value), "group": text($0.group)]) })])
        case let .graph(graph):
            return object([
                "kind": "graph", "label": text(graph.label), "direction": .string(graph.direction),
                "nodes": .array(graph.nodes.map { object(["id": .string($0.id), "label": .string($0.label), "shape": text($0.shape),
                                                         "color": text($0.color), "note": text($0.note)]) }),
                "clusters": .array(graph.clusters.map { object(["id": .string($0.id), "label": .string($0.label),
                                                               "nodes": .array($0.nodes.map(JSONValue.string)), "color": text($0.color)]) }),
                "edges": .array(graph.edges.map { object(["from": .string($0.from), "to": .string($0.to), "label": text($0.label),
                                                         "to_cluster": text($0.toCluster)]) }),
                "attributes": .object(graph.attributes.sorted { $0.key < $1.key }.map { (key: $0.key, value: .string($0.value)) }),
            ])
        case let .sets(diagram):
            return object([
                "kind": "sets",
                "sets": .array(diagram.sets.map { object(["id": .string($0.id), "label": .string($0.label)]) }),
                "items": .array(diagram.items.map { object(["label": .string($0.label), "count": $0.count.map { .integer(Int64($0)) } ?? .null,
                                                         "sets": .array($0.sets.map(JSONValue.string))]) }),
            ])
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}
