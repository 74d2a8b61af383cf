import Foundation
import StoryloomShared

/// Builds a `Document` step by step, checking each step, for layouts (through the Lua builder
/// API) and for Swift code alike.
///
/// Call-outs and lists nest: what is added between `beginCallout` and `endCallout` goes inside
/// the call-out; between `beginList` and `endList`, each `beginItem`…`endItem` is one item (and
/// a block added outside an item becomes an item of its own). Headings and figures share one
/// set of anchors, so every id in a rendered page is unique.
public final class DocumentBuilder {
    /// The document so far (without the call-outs and lists still open).
    public private(set) var document: Document
    private var anchors = Anchors()
    private var open: [OpenContainer] = []

    /// A call-out or list being filled, or a list item.
    private enum OpenContainer {
        case callout(kind: String, title: [Inline]?, blocks: [Block])
        case list(ordered: Bool, items: [[Block]])
        case item(blocks: [Block])

        var name: String {
            switch self {
            case .callout: "callout"
            case .list: "list"
            case .item: "list item"
            }
        }
    }

    /// A builder for a document with this title.
    public init(title: String) {
        document = Document(title: title)
    }

    private func append(_ block: Block) {
        guard let top = open.popLast() else {
            document.blocks.append(block)
            return
        }
        switch top {
        case let .callout(kind, title, blocks): open.append(.callout(kind: kind, title: title, blocks: blocks + [block]))
        case let .list(ordered, items): open.append(.list(ordered: ordered, items: items + [[block]]))
        case let .item(blocks): open.append(.item(blocks: blocks + [block]))
        }
    }

    /// Sets the title and the line under it.
    public func setTitle(_ title: String, subtitle: String?) {
        document.title = title
        document.subtitle = subtitle
    }

    /// Sets the language, a BCP 47 tag such as "en" or "en-GB".
    public func setLanguage(_ language: String) throws(DocumentError) {
        guard NameShape.isLanguageTag(language) else {
            throw DocumentError("'\(language)' is not a language tag such as \"en\" or \"en-GB\"")
        }
        document.language = language
    }

    /// Adds a fact about the report (shown under the title).
    public func addMetadata(_ key: String, _ value: String) {
        document.metadata.append(MetadataItem(key: key, value: value))
    }

    /// Adds a heading (level 1–6, inline Markdown); returns its anchor, which is `anchor`'s
    /// slug or the text's, made unique.
    @discardableResult
    public func heading(_ level: Int, _ markdown: String, anchor: String? = nil) throws(DocumentError) -> String {
        guard (1 ... 6).contains(level) else { throw DocumentError("heading level must be 1 to 6, not \(level)") }
        let text = Inline.parseMarkdown(markdown)
        let unique = anchors.unique(anchor.map(Anchors.slug) ?? Anchors.slug(text.plainText))
        append(.heading(level: level, text: text, anchor: unique))
        return unique
    }

    /// Adds a heading whose text is already inlines (a narrative page's); returns its anchor.
    @discardableResult
    public func heading(_ level: Int, inlines: [Inline], anchor: String? = nil) throws(DocumentError) -> String {
        guard (1 ... 6).contains(level) else { throw DocumentError("heading level must be 1 to 6, not \(level)") }
        let unique = anchors.unique(anchor.map(Anchors.slug) ?? Anchors.slug(inlines.plainText))
        append(.heading(level: level, text: inlines, anchor: unique))
        return unique
    }

    /// Adds a block made elsewhere (a narrative page's paragraph, list, quotation or table).
    /// Headings go through `heading(_:inlines:anchor:)` and figures through `figure`, so that
    /// their anchors stay unique; a table's rows must have the header's width.
    public func add(_ block: Block) throws(DocumentError) {
        switch block {
        case let .heading(level, text, _):
            try heading(level, inlines: text)
        case let .table(table):
            guard !table.header.isEmpty, table.alignments.count == table.header.count,
                  table.rows.allSatisfy({ $0.count == table.header.count }) else {
                throw DocumentError("a table's rows and alignments must have the header's width")
            }
            append(block)
        case .figure:
            throw DocumentError("a figure is added with `figure`, which gives it its id")
        case .paragraph, .list, .quote, .callout, .contents:
            append(block)
        }
    }

    /// Adds a paragraph of inline Markdown.
    public func paragraph(_ markdown: String) {
        append(.paragraph(Inline.parseMarkdown(markdown)))
    }

    /// Adds a list whose items are each one paragraph of inline Markdown.
    public func list(_ items: [String], ordered: Bool) {
        append(.list(ordered: ordered, items: items.map { [.paragraph(Inline.parseMarkdown($0))] }))
    }

    /// Adds a quotation: `words` are kept as they are (a storyteller's words are not Markdown);
    /// the attribution is Markdown; `source` is the corpus quote's id.
    public func addQuote(_ words: String, attribution: String?, source: String? = nil) {
        append(.quote(text: [.text(words)], attribution: attribution.map(Inline.parseMarkdown), source: source))
    }

    /// Adds a table of inline-Markdown cells; every row has the header's width, and
    /// `alignments` (left, center, right) has one entry per column when given.
    public func table(header: [String], rows: [[String]], alignments: [String]?, caption: String?) throws(DocumentError) {
        guard !header.isEmpty else { throw DocumentError("a table needs a header row") }
        for (n, row) in rows.enumerated() where row.count != header.count {
            throw DocumentError("table row \(n + 1) has \(row.count) cells, but the header has \(header.count)")
        }
        var aligns: [Table.Alignment] = Array(repeating: .left, count: header.count)
        if let alignments {
            guard alignments.count == header.count else {
                throw DocumentError("a table with \(header.count) columns needs \(header.count) alignments, not \(alignments.count)")
            }
            for (n, name) in alignments.enumerated() {
                guard let align = Table.Alignment(rawValue: name) else {
                    throw DocumentError("unknown alignment '\(name)'; use left, center or right")
                }
                aligns[n] = align
            }
        }
        append(.table(Table(header: header.map(Inline.parseMarkdown), rows: rows.map { $0.map(Inline.parseMarkdown) },
                            alignments: aligns, caption: caption.map(Inline.parseMarkdown))))
    }

    /// Opens a call-out of `kind` (such as "key-finding"): what is added until `endCallout`
    /// goes inside it.
    public func beginCallout(kind: String, title: String?) {
        open.append(.callout(kind: kind, title: title.map(Inline.parseMarkdown), blocks: []))
    }

    /// Closes the innermost call-out.
    public func endCallout() throws(DocumentError) {
        guard let top = open.last else { throw DocumentError("end_callout without a callout open") }
        guard case let .callout(kind, title, blocks) = top else {
            throw DocumentError("end_callout while a \(top.name) is open; end the \(top.name) first")
        }
        guard !kind.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DocumentError("a callout needs a kind, such as \"key-finding\"")
        }
        open.removeLast()
        append(.callout(kind: kind, title: title, blocks: blocks))
    }

    /// A call-out holding what `body` adds.
    public func callout(kind: String, title: String?, _ body: () throws(DocumentError) -> Void) throws(DocumentError) {
        beginCallout(kind: kind, title: title)
        try body()
        try endCallout()
    }

    /// Opens a list whose items can hold any blocks.
    public func beginList(ordered: Bool) {
        open.append(.list(ordered: ordered, items: []))
    }

    /// Opens an item of the innermost list.
    public func beginItem() throws(DocumentError) {
        guard case .list? = open.last else { throw DocumentError("begin_item outside a list; begin a list first") }
        open.append(.item(blocks: []))
    }

    /// Closes the open list item.
    public func endItem() throws(DocumentError) {
        guard case let .item(blocks)? = open.last else { throw DocumentError("end_item without a list item open") }
        open.removeLast()
        guard case let .list(ordered, items)? = open.popLast() else { throw DocumentError("end_item outside a list") }
        open.append(.list(ordered: ordered, items: items + [blocks]))
    }

    /// Closes the innermost list.
    public func endList() throws(DocumentError) {
        guard let top = open.last else { throw DocumentError("end_list without a list open") }
        guard case let .list(ordered, items) = top else {
            throw DocumentError("end_list while a \(top.name) is open; end the \(top.name) first")
        }
        guard !items.isEmpty else { throw DocumentError("a list needs at least one item") }
        open.removeLast()
        append(.list(ordered: ordered, items: items))
    }

    /// Adds a table of contents of the headings down to level `depth` (1–6).
    public func contents(depth: Int) throws(DocumentError) {
        guard (1 ... 6).contains(depth) else { throw DocumentError("contents depth must be 1 to 6, not \(depth)") }
        append(.contents(depth: depth))
    }

    /// Adds a figure; `id` (default "figure") becomes a slug made unique among the document's
    /// anchors; the caption is Markdown; alt text is required. Returns the id.
    @discardableResult
    public func figure(id: String?, content: Figure.Content, caption: String, alt: String) throws(DocumentError) -> String {
        guard !alt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DocumentError("a figure needs alt text saying what it shows, for readers who cannot see it")
        }
        switch content {
        case let .graph(graph): try Self.check(graph)
        case let .barChart(chart): try Self.check(chart)
        case let .sets(diagram): try Self.check(diagram)
        }
        let unique = anchors.unique(Anchors.slug(id ?? "figure"))
        append(.figure(Figure(id: unique, content: content, caption: Inline.parseMarkdown(caption), alt: alt)))
        return unique
    }

    static func check(_ diagram: SetDiagram) throws(DocumentError) {
        guard !diagram.sets.isEmpty else { throw DocumentError("a set diagram needs at least one set") }
        var ids = Set<String>()
        for set in diagram.sets {
            guard !set.id.isEmpty, ids.insert(set.id).inserted else {
                throw DocumentError("set ids must be present and unique; '\(set.id)' is not")
            }
        }
        for item in diagram.items {
            guard !item.sets.isEmpty else { throw DocumentError("item '\(item.label)' belongs to no set") }
            if let unknown = item.sets.first(where: { !ids.contains($0) }) {
                throw DocumentError("item '\(item.label)' names a set '\(unknown)' the diagram does not have")
            }
            if let count = item.count, count < 0 { throw DocumentError("item '\(item.label)' has a negative count") }
        }
    }

    static func check(_ chart: BarChart) throws(DocumentError) {
        guard !chart.bars.isEmpty else { throw DocumentError("a bar chart needs at least one bar") }
        guard chart.bars.allSatisfy({ $0.value.isFinite && $0.value >= 0 }) else {
            throw DocumentError("bar chart values must be numbers of 0 or more")
        }
        if let maximum = chart.maximum, !(maximum.isFinite && maximum > 0) {
            throw DocumentError("a bar chart's max must be a number above 0, not \(maximum)")
        }
    }

    static func check(_ graph: Graph) throws(DocumentError) {
        guard ["TB", "LR"].contains(graph.direction) else {
            throw DocumentError("graph direction must be \"TB\" (top to bottom) or \"LR\" (left to right), not '\(graph.direction)'")
        }
        var ids = Set<String>()
        for node in graph.nodes {
            guard !node.id.isEmpty else { throw DocumentError("a graph node needs a non-empty id") }
            guard ids.insert(node.id).inserted else { throw DocumentError("graph node '\(node.id)' is defined twice") }
        }
        var clusterIDs = Set<String>()
        var clustered = Set<String>()
        for cluster in graph.clusters {
            guard clusterIDs.insert(cluster.id).inserted else { throw DocumentError("graph cluster '\(cluster.id)' is defined twice") }
            for node in cluster.nodes {
                guard ids.contains(node) else {
                    throw DocumentError("cluster '\(cluster.id)' names node '\(node)', which the graph does not have")
                }
                guard clustered.insert(node).inserted else {
                    throw DocumentError("node '\(node)' is in two clusters; a node can be in one only (link it to the others with edges)")
                }
            }
        }
        for edge in graph.edges {
            guard ids.contains(edge.from), ids.contains(edge.to) else {
                throw DocumentError("edge '\(edge.from)' -> '\(edge.to)' names a node the graph does not have")
            }
            if let cluster = edge.toCluster, !clusterIDs.contains(cluster) {
                throw DocumentError("edge '\(edge.from)' -> '\(edge.to)' ends at cluster '\(cluster)', which the graph does not have")
            }
        }
        for key in graph.attributes.keys.sorted() where !Graph.allowedAttributes.contains(key) {
            throw DocumentError("graph attribute '\(key)' is not allowed; use one of \(Graph.allowedAttributes.sorted().joined(separator: ", "))")
        }
    }

    /// The finished document; fails if a call-out or list is still open.
    public func finish() throws(DocumentError) -> Document {
        if let top = open.last { throw DocumentError("a \(top.name) was begun but not ended") }
        return document
    }
}

/// A layout asked for something a document cannot hold.
public struct DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and, where it helps, what to do.
    public var message: String

    /// An error with this message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
