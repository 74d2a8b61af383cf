/// The one form between layouts and outputs: what a report says, without how it looks.
/// Layouts build it through `DocumentBuilder`; renderers turn it into text, HTML, Markdown,
/// JSON and DOT.
public struct Document: Sendable, Equatable {
    public var title: String
    public var subtitle: String?
    /// BCP 47 language tag, for HTML's `lang`.
    public var language: String
    /// Ordered facts about the report (organisation, date, version).
    public var metadata: [MetadataItem]
    public var blocks: [Block]

    public init(title: String, subtitle: String? = nil, language: String = "en", metadata: [MetadataItem] = [], blocks: [Block] = []) {
        self.title = title
        self.subtitle = subtitle
        self.language = language
        self.metadata = metadata
        self.blocks = blocks
    }
}

public struct MetadataItem: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A block of a document.
public indirect enum Block: Sendable, Equatable {
    /// A heading; levels 1–6 under the document's title; `anchor` is unique in the document.
    case heading(level: Int, text: [Inline], anchor: String)
    case paragraph([Inline])
    /// Items are blocks, so an item can hold paragraphs or a nested list.
    case list(ordered: Bool, items: [[Block]])
    /// A quotation, verbatim, with who said it; `source` is the corpus quote's id, when it has one.
    case quote(text: [Inline], attribution: [Inline]?, source: String?)
    case table(Table)
    /// Set-apart content such as a key finding.
    case callout(kind: String, title: [Inline]?, blocks: [Block])
    /// A table of contents of the headings up to `depth`, filled in by each renderer.
    case contents(depth: Int)
    case figure(Figure)
}

public struct Table: Sendable, Equatable {
    public enum Alignment: String, Sendable, CaseIterable {
        case left, center, right
    }

    public var header: [[Inline]]
    public var rows: [[[Inline]]]
    public var alignments: [Alignment]
    public var caption: [Inline]?

    public init(header: [[Inline]], rows: [[[Inline]]], alignments: [Alignment], caption: [Inline]? = nil) {
        self.header = header
        self.rows = rows
        self.alignments = alignments
        self.caption = caption
    }
}

/// A figure: a graph (such as the sector diagram) or a bar chart, with a caption and alt text.
public struct Figure: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case graph(Graph)
        case barChart(BarChart)
    }

    /// Unique in the document; names the figure's own file (`<report>.<id>.dot`).
    public var id: String
    public var content: Content
    public var caption: [Inline]
    /// Says what the figure shows, for people who cannot see it.
    public var alt: String

    public init(id: String, content: Content, caption: [Inline], alt: String) {
        self.id = id
        self.content = content
        self.caption = caption
        self.alt = alt
    }
}

/// A chart of labelled values.
public struct BarChart: Sendable, Equatable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        /// Bars of one group are drawn together under the group's name.
        public var group: String?

        public init(label: String, value: Double, group: String? = nil) {
            self.label = label
            self.value = value
            self.group = group
        }
    }

    public var title: String?
    /// Printed after each value ("%").
    public var unit: String
    /// The scale's end; the largest value when nil.
    public var maximum: Double?
    public var bars: [Bar]

    public init(title: String? = nil, unit: String = "", maximum: Double? = nil, bars: [Bar]) {
        self.title = title
        self.unit = unit
        self.maximum = maximum
        self.bars = bars
    }
}

/// A graph for Graphviz: nodes, optional clusters of nodes, and edges.
public struct Graph: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var id: String
        public var label: String
        /// Graphviz shape (`box`, `ellipse`, …).
        public var shape: String?
        /// A palette role (`primary`, `secondary`, `accent`, `muted`) or a colour (`#1b5e84`).
        public var color: String?
        /// Another label line, shown smaller.
        public var note: String?

        public init(id: String, label: String, shape: String? = nil, color: String? = nil, note: String? = nil) {
            self.id = id
            self.label = label
            self.shape = shape
            self.color = color
            self.note = note
        }
    }

    public struct Cluster: Sendable, Equatable {
        public var id: String
        public var label: String
        public var nodes: [String]
        public var color: String?

        public init(id: String, label: String, nodes: [String], color: String? = nil) {
            self.id = id
            self.label = label
            self.nodes = nodes
            self.color = color
        }
    }

    public struct Edge: Sendable, Equatable {
        public var from: String
        public var to: String
        public var label: String?
        /// Draw the edge to the border of this cluster rather than to the node.
        public var toCluster: String?

        public init(from: String, to: String, label: String? = nil, toCluster: String? = nil) {
            self.from = from
            self.to = to
            self.label = label
            self.toCluster = toCluster
        }
    }

    public var label: String?
    /// `TB` (top to bottom) or `LR`.
    public var direction: String
    public var nodes: [Node]
    public var clusters: [Cluster]
    public var edges: [Edge]

    public init(label: String? = nil, direction: String = "TB", nodes: [Node], clusters: [Cluster] = [], edges: [Edge] = []) {
        self.label = label
        self.direction = direction
        self.nodes = nodes
        self.clusters = clusters
        self.edges = edges
    }
}
