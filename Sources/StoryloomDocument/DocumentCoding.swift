/// Codable in the JSON form `storyloom-document/1` (docs/document.md). Written by hand rather
/// than synthesised so the form stays what the schema says whatever the Swift names become:
/// every variant carries a `type` (or `kind`) and every optional field is written, as null
/// when absent, so readers never have to guess whether a key was forgotten. `JSONRenderer`
/// writes the same form through `JSONValue`; the tests check the two agree.

extension Document: Codable {
    /// The schema every encoded document declares.
    public static let schema = "storyloom-document/1"

    private enum Keys: String, CodingKey {
        case schema, title, subtitle, language, metadata, blocks
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        // A document from a later schema may mean something this reader would get wrong.
        if let schema = try c.decodeIfPresent(String.self, forKey: .schema), schema != Self.schema {
            throw DecodingError.dataCorruptedError(forKey: .schema, in: c,
                                                   debugDescription: "schema '\(schema)' is not '\(Self.schema)'")
        }
        self.init(title: try c.decode(String.self, forKey: .title),
                  subtitle: try c.decodeIfPresent(String.self, forKey: .subtitle),
                  language: try c.decodeIfPresent(String.self, forKey: .language) ?? "en",
                  metadata: try c.decodeIfPresent([MetadataItem].self, forKey: .metadata) ?? [],
                  blocks: try c.decodeIfPresent([Block].self, forKey: .blocks) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(Self.schema, forKey: .schema)
        try c.encode(title, forKey: .title)
        try c.encodeOrNull(subtitle, forKey: .subtitle)
        try c.encode(language, forKey: .language)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(blocks, forKey: .blocks)
    }
}

extension MetadataItem: Codable {
    private enum Keys: String, CodingKey {
        case key, value
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(key: try c.decode(String.self, forKey: .key), value: try c.decode(String.self, forKey: .value))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(key, forKey: .key)
        try c.encode(value, forKey: .value)
    }
}

extension Inline: Codable {
    private enum Keys: String, CodingKey {
        case type, text, content, url
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "text": self = .text(try c.decode(String.self, forKey: .text))
        case "code": self = .code(try c.decode(String.self, forKey: .text))
        case "emphasis": self = .emphasis(try c.decode([Inline].self, forKey: .content))
        case "strong": self = .strong(try c.decode([Inline].self, forKey: .content))
        case "link": self = .link(text: try c.decode([Inline].self, forKey: .content), url: try c.decode(String.self, forKey: .url))
        case "line-break": self = .lineBreak
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown inline type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case let .text(s):
            try c.encode("text", forKey: .type)
            try c.encode(s, forKey: .text)
        case let .code(s):
            try c.encode("code", forKey: .type)
            try c.encode(s, forKey: .text)
        case let .emphasis(inner):
            try c.encode("emphasis", forKey: .type)
            try c.encode(inner, forKey: .content)
        case let .strong(inner):
            try c.encode("strong", forKey: .type)
            try c.encode(inner, forKey: .content)
        case let .link(text, url):
            try c.encode("link", forKey: .type)
            try c.encode(text, forKey: .content)
            try c.encode(url, forKey: .url)
        case .lineBreak:
            try c.encode("line-break", forKey: .type)
        }
    }
}

extension Block: Codable {
    private enum Keys: String, CodingKey {
        case type, level, content, anchor, ordered, items, attribution, source
        case header, rows, alignments, caption, kind, title, blocks, depth, id, alt, figure
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "heading":
            self = .heading(level: try c.decode(Int.self, forKey: .level), text: try c.decode([Inline].self, forKey: .content),
                            anchor: try c.decode(String.self, forKey: .anchor))
        case "paragraph":
            self = .paragraph(try c.decode([Inline].self, forKey: .content))
        case "list":
            self = .list(ordered: try c.decode(Bool.self, forKey: .ordered), items: try c.decode([[Block]].self, forKey: .items))
        case "quote":
            self = .quote(text: try c.decode([Inline].self, forKey: .content),
                          attribution: try c.decodeIfPresent([Inline].self, forKey: .attribution),
                          source: try c.decodeIfPresent(String.self, forKey: .source))
        case "table":
            self = .table(Table(header: try c.decode([[Inline]].self, forKey: .header), rows: try c.decode([[[Inline]]].self, forKey: .rows),
                                alignments: try c.decode([Table.Alignment].self, forKey: .alignments),
                                caption: try c.decodeIfPresent([Inline].self, forKey: .caption)))
        case "callout":
            self = .callout(kind: try c.decode(String.self, forKey: .kind), title: try c.decodeIfPresent([Inline].self, forKey: .title),
                            blocks: try c.decode([Block].self, forKey: .blocks))
        case "contents":
            self = .contents(depth: try c.decode(Int.self, forKey: .depth))
        case "figure":
            self = .figure(Figure(id: try c.decode(String.self, forKey: .id), content: try c.decode(Figure.Content.self, forKey: .figure),
                                  caption: try c.decode([Inline].self, forKey: .caption), alt: try c.decode(String.self, forKey: .alt)))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown block type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case let .heading(level, text, anchor):
            try c.encode("heading", forKey: .type)
            try c.encode(level, forKey: .level)
            try c.encode(text, forKey: .content)
            try c.encode(anchor, forKey: .anchor)
        case let .paragraph(text):
            try c.encode("paragraph", forKey: .type)
            try c.encode(text, forKey: .content)
        case let .list(ordered, items):
            try c.encode("list", forKey: .type)
            try c.encode(ordered, forKey: .ordered)
            try c.encode(items, forKey: .items)
        case let .quote(text, attribution, source):
            try c.encode("quote", forKey: .type)
            try c.encode(text, forKey: .content)
            try c.encodeOrNull(attribution, forKey: .attribution)
            try c.encodeOrNull(source, forKey: .source)
        case let .table(table):
            try c.encode("table", forKey: .type)
            try c.encode(table.header, forKey: .header)
            try c.encode(table.rows, forKey: .rows)
            try c.encode(table.alignments, forKey: .alignments)
            try c.encodeOrNull(table.caption, forKey: .caption)
        case let .callout(kind, title, blocks):
            try c.encode("callout", forKey: .type)
            try c.encode(kind, forKey: .kind)
            try c.encodeOrNull(title, forKey: .title)
            try c.encode(blocks, forKey: .blocks)
        case let .contents(depth):
            try c.encode("contents", forKey: .type)
            try c.encode(depth, forKey: .depth)
        case let .figure(figure):
            try c.encode("figure", forKey: .type)
            try c.encode(figure.id, forKey: .id)
            try c.encode(figure.caption, forKey: .caption)
            try c.encode(figure.alt, forKey: .alt)
            try c.encode(figure.content, forKey: .figure)
        }
    }
}

extension Table.Alignment: Codable {}

extension Figure.Content: Codable {
    private enum Keys: String, CodingKey {
        case kind
        // Bar charts.
        case title, unit, maximum, bars
        // Graphs.
        case label, direction, nodes, clusters, edges, attributes
        // Set diagrams.
        case sets, items
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "bar-chart":
            self = .barChart(BarChart(title: try c.decodeIfPresent(String.self, forKey: .title),
                                      unit: try c.decodeIfPresent(String.self, forKey: .unit) ?? "",
                                      maximum: try c.decodeIfPresent(Double.self, forKey: .maximum),
                                      bars: try c.decode([BarChart.Bar].self, forKey: .bars)))
        case "graph":
            self = .graph(Graph(label: try c.decodeIfPresent(String.self, forKey: .label),
                                direction: try c.decodeIfPresent(String.self, forKey: .direction) ?? "TB",
                                nodes: try c.decode([Graph.Node].self, forKey: .nodes),
                                clusters: try c.decodeIfPresent([Graph.Cluster].self, forKey: .clusters) ?? [],
                                edges: try c.decodeIfPresent([Graph.Edge].self, forKey: .edges) ?? [],
                                attributes: try c.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:]))
        case "sets":
            self = .sets(SetDiagram(sets: try c.decode([SetDiagram.Set].self, forKey: .sets),
                                    items: try c.decode([SetDiagram.Item].self, forKey: .items)))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown figure kind '\(kind)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case let .barChart(chart):
            try c.encode("bar-chart", forKey: .kind)
            try c.encodeOrNull(chart.title, forKey: .title)
            try c.encode(chart.unit, forKey: .unit)
            try c.encodeOrNull(chart.maximum, forKey: .maximum)
            try c.encode(chart.bars, forKey: .bars)
        case let .graph(graph):
            try c.encode("graph", forKey: .kind)
            try c.encodeOrNull(graph.label, forKey: .label)
            try c.encode(graph.direction, forKey: .direction)
            try c.encode(graph.nodes, forKey: .nodes)
            try c.encode(graph.clusters, forKey: .clusters)
            try c.encode(graph.edges, forKey: .edges)
            try c.encode(graph.attributes, forKey: .attributes)
        case let .sets(diagram):
            try c.encode("sets", forKey: .kind)
            try c.encode(diagram.sets, forKey: .sets)
            try c.encode(diagram.items, forKey: .items)
        }
    }
}

extension BarChart.Bar: Codable {
    private enum Keys: String, CodingKey {
        case label, value, group
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(label: try c.decode(String.self, forKey: .label), value: try c.decode(Double.self, forKey: .value),
                  group: try c.decodeIfPresent(String.self, forKey: .group))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(label, forKey: .label)
        try c.encode(value, forKey: .value)
        try c.encodeOrNull(group, forKey: .group)
    }
}

extension Graph.Node: Codable {
    private enum Keys: String, CodingKey {
        case id, label, shape, color, note
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let id = try c.decode(String.self, forKey: .id)
        self.init(id: id, label: try c.decodeIfPresent(String.self, forKey: .label) ?? id,
                  shape: try c.decodeIfPresent(String.self, forKey: .shape), color: try c.decodeIfPresent(String.self, forKey: .color),
                  note: try c.decodeIfPresent(String.self, forKey: .note))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(label, forKey: .label)
        try c.encodeOrNull(shape, forKey: .shape)
        try c.encodeOrNull(color, forKey: .color)
        try c.encodeOrNull(note, forKey: .note)
    }
}

extension Graph.Cluster: Codable {
    private enum Keys: String, CodingKey {
        case id, label, nodes, color
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let id = try c.decode(String.self, forKey: .id)
        self.init(id: id, label: try c.decodeIfPresent(String.self, forKey: .label) ?? id,
                  nodes: try c.decode([String].self, forKey: .nodes), color: try c.decodeIfPresent(String.self, forKey: .color))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(label, forKey: .label)
        try c.encode(nodes, forKey: .nodes)
        try c.encodeOrNull(color, forKey: .color)
    }
}

extension Graph.Edge: Codable {
    private enum Keys: String, CodingKey {
        case from, to, label
        case toCluster = "to_cluster"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(from: try c.decode(String.self, forKey: .from), to: try c.decode(String.self, forKey: .to),
                  label: try c.decodeIfPresent(String.self, forKey: .label), toCluster: try c.decodeIfPresent(String.self, forKey: .toCluster))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encodeOrNull(label, forKey: .label)
        try c.encodeOrNull(toCluster, forKey: .toCluster)
    }
}

extension KeyedEncodingContainer {
    /// Writes the value, or an explicit null, so every field of the schema is always present.
    mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
