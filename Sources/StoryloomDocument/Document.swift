/// The one form between layouts and outputs: what a report says, without how it looks.
/// Layouts build it through `DocumentBuilder`; renderers turn it into text, HTML, Markdown,
/// JSON and DOT.
public struct Document: Sendable, Equatable {
    /// The report's title: the one `h1` of the HTML page.
    public var title: String
    /// A line under the title, if any.
    public var subtitle: String?
    /// BCP 47 language tag, for HTML's `lang`.
    public var language: String
    /// Ordered facts about the report (organisation, date, version).
    public var metadata: [MetadataItem]
    /// The content, in reading order.
    public var blocks: [Block]

    /// A document; usually made by `DocumentBuilder`, which checks what goes in.
    public init(title: String, subtitle: String? = nil, language: String = "en", metadata: [MetadataItem] = [], blocks: [Block] = []) {
        self.title = title
        self.subtitle = subtitle
        self.language = language
        self.metadata = metadata
        self.blocks = blocks
    }
}

/// One fact about a report, such as ("Organisation", "Co-Production Collective").
public struct MetadataItem: Sendable, Equatable {
    /// What the fact is.
    public var key: String
    /// The fact.
    public var value: String

    /// A fact about the report.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A block of a document.
public indirect enum Block: Sendable, Equatable {
    /// A heading; levels 1–6 under the document's title; `anchor` is unique in the document.
    case heading(level: Int, text: [Inline], anchor: String)
    /// Running text.
    case paragraph([Inline])
    /// A bulleted (`ordered: false`) or numbered list. Items are blocks, so an item can hold paragraphs or a nested list.
    case list(ordered: Bool, items: [[Block]])
    /// A quotation, verbatim, with who said it; `source` is the corpus quote's id, when it has one.
    case quote(text: [Inline], attribution: [Inline]?, source: String?)
    /// Rows and columns of cells.
    case table(Table)
    /// Set-apart content such as a key finding.
    case callout(kind: String, title: [Inline]?, blocks: [Block])
    /// A table of contents of the headings up to `depth`, filled in by each renderer.
    case contents(depth: Int)
    /// A diagram or chart with its caption.
    case figure(Figure)

    /// A bulleted list whose items hold blocks.
    public static func bulletList(_ items: [[Block]]) -> Block { .list(ordered: false, items: items) }

    /// A numbered list whose items hold blocks.
    public static func numberedList(_ items: [[Block]]) -> Block { .list(ordered: true, items: items) }
}

/// A table: a header row, rows of the same width, and each column's alignment.
public struct Table: Sendable, Equatable {
    /// How a column's cells line up.
    public enum Alignment: String, Sendable, CaseIterable {
        case left, center, right
    }

    /// The column headings, one cell each.
    public var header: [[Inline]]
    /// The rows; each has as many cells as the header.
    public var rows: [[[Inline]]]
    /// One per column.
    public var alignments: [Alignment]
    /// Says what the table shows.
    public var caption: [Inline]?

    /// A table; `DocumentBuilder.table` checks the widths agree.
    public init(header: [[Inline]], rows: [[[Inline]]], alignments: [Alignment], caption: [Inline]? = nil) {
        self.header = header
        self.rows = rows
        self.alignments = alignments
        self.caption = caption
    }
}

/// A figure: a graph (such as the sector diagram) or a bar chart, with a caption and alt text.
public struct Figure: Sendable, Equatable {
    /// What the figure draws.
    public enum Content: Sendable, Equatable {
        /// A Graphviz graph, such as the sector diagram.
        case graph(Graph)
        /// Labelled values as bars.
        case barChart(BarChart)
        /// Items placed by the sets they belong to (a Venn diagram, or a matrix past three sets).
        case sets(SetDiagram)
    }

    /// Unique in the document; names the figure's own file (`<report>.<id>.dot`).
    public var id: String
    /// What is drawn.
    public var content: Content
    /// Shown under the figure.
    public var caption: [Inline]
    /// Says what the figure shows, for people who cannot see it.
    public var alt: String

    /// A figure; `DocumentBuilder.figure` makes the id unique and checks the content.
    public init(id: String, content: Content, caption: [Inline], alt: String) {
        self.id = id
        self.content = content
        self.caption = caption
        self.alt = alt
    }
}

/// A chart of labelled values.
public struct BarChart: Sendable, Equatable {
    /// One labelled value.
    public struct Bar: Sendable, Equatable {
        /// What the bar measures.
        public var label: String
        /// Its length on the chart's scale: finite and 0 or more.
        public var value: Double
        /// Bars of one group are drawn together under the group's name.
        public var group: String?

        /// One bar.
        public init(label: String, value: Double, group: String? = nil) {
            self.label = label
            self.value = value
            self.group = group
        }
    }

    /// A heading drawn above the bars.
    public var title: String?
    /// Printed after each value ("%").
    public var unit: String
    /// The scale's end; the largest value when nil.
    public var maximum: Double?
    /// The bars, in the order drawn.
    public var bars: [Bar]

    /// A chart; `DocumentBuilder.figure` checks it has bars and their values are sound.
    public init(title: String? = nil, unit: String = "", maximum: Double? = nil, bars: [Bar]) {
        self.title = title
        self.unit = unit
        self.maximum = maximum
        self.bars = bars
    }
}

/// A graph for Graphviz: nodes, optional clusters of nodes, and edges.
///
/// The sector Venn diagram is one graph: Graphviz cannot overlap clusters, so each region
/// (one sector alone, two together, or all three) is a cluster holding its findings, and each
/// sector is a node outside the clusters with an edge to every region it is part of
/// (`Edge.toCluster` makes the edge stop at the cluster's border). This draws readably with
/// `dot`, left to right.
public struct Graph: Sendable, Equatable {
    /// A box (or other shape) with a label.
    public struct Node: Sendable, Equatable {
        /// Unique in the graph; edges and clusters refer to it.
        public var id: String
        /// The text shown.
        public var label: String
        /// Graphviz shape (`box`, `ellipse`, …).
        public var shape: String?
        /// A palette role (`primary`, `secondary`, `accent`, `muted`) or a colour (`#1b5e84`).
        public var color: String?
        /// Another label line, shown smaller.
        public var note: String?

        /// A node.
        public init(id: String, label: String, shape: String? = nil, color: String? = nil, note: String? = nil) {
            self.id = id
            self.label = label
            self.shape = shape
            self.color = color
            self.note = note
        }
    }

    /// A labelled box around some of the nodes.
    public struct Cluster: Sendable, Equatable {
        /// Unique among the clusters.
        public var id: String
        /// The text shown at the top of the box.
        public var label: String
        /// The ids of the nodes inside.
        public var nodes: [String]
        /// A palette role or a colour for the border.
        public var color: String?

        /// A cluster.
        public init(id: String, label: String, nodes: [String], color: String? = nil) {
            self.id = id
            self.label = label
            self.nodes = nodes
            self.color = color
        }
    }

    /// A line between two nodes.
    public struct Edge: Sendable, Equatable {
        /// The id of the node it starts at.
        public var from: String
        /// The id of the node it ends at.
        public var to: String
        /// Text beside the line.
        public var label: String?
        /// Draw the edge to the border of this cluster rather than to the node.
        public var toCluster: String?

        /// An edge.
        public init(from: String, to: String, label: String? = nil, toCluster: String? = nil) {
            self.from = from
            self.to = to
            self.label = label
            self.toCluster = toCluster
        }
    }

    /// A title drawn above the graph.
    public var label: String?
    /// `TB` (top to bottom) or `LR`.
    public var direction: String
    /// Every node, clustered or not, in the order they are written out.
    public var nodes: [Node]
    /// Boxes around nodes; a node belongs to at most one.
    public var clusters: [Cluster]
    /// Lines between nodes.
    public var edges: [Edge]
    /// More Graphviz graph attributes (`ranksep`, `splines`, …), from `Graph.allowedAttributes`;
    /// they override the renderer's defaults.
    public var attributes: [String: String]

    /// A graph.
    public init(label: String? = nil, direction: String = "TB", nodes: [Node], clusters: [Cluster] = [], edges: [Edge] = [],
                attributes: [String: String] = [:]) {
        self.label = label
        self.direction = direction
        self.nodes = nodes
        self.clusters = clusters
        self.edges = edges
        self.attributes = attributes
    }

    /// Graph attributes a document may set: layout and look only, never ones that make
    /// Graphviz read files or put links or stylesheets into its SVG.
    public static let allowedAttributes: Set<String> = [
        "bgcolor", "center", "compound", "concentrate", "fontcolor", "fontname", "fontsize", "label", "labeljust", "labelloc",
        "margin", "newrank", "nodesep", "ordering", "outputorder", "pad", "rankdir", "ranksep", "ratio", "remincross", "size",
        "splines",
    ]
}
