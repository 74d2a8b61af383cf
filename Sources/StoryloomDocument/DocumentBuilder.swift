/// Builds a `Document` step by step, checking each step, for layouts (through the Lua builder
/// API) and for Swift code alike.
public final class DocumentBuilder {
    public private(set) var document: Document
    private var anchors = Anchors()
    private var figureIDs: Set<String> = []
    /// Blocks of callouts being filled, innermost last.
    private var open: [(kind: String, title: [Inline]?, blocks: [Block])] = []

    public init(title: String) {
        document = Document(title: title)
    }

    private func append(_ block: Block) {
        if open.isEmpty { document.blocks.append(block) } else { open[open.count - 1].blocks.append(block) }
    }

    public func setTitle(_ title: String, subtitle: String?) {
        document.title = title
        document.subtitle = subtitle
    }

    public func setLanguage(_ language: String) throws(DocumentError) {
        guard language.range(of: #"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"#, options: .regularExpression) != nil else {
            throw DocumentError("'\(language)' is not a language tag such as \"en\" or \"en-GB\"")
        }
        document.language = language
    }

    public func addMetadata(_ key: String, _ value: String) {
        document.metadata.append(MetadataItem(key: key, value: value))
    }

    /// Adds a heading; returns its anchor.
    @discardableResult
    public func heading(_ level: Int, _ markdown: String, anchor: String? = nil) throws(DocumentError) -> String {
        guard (1 ... 6).contains(level) else { throw DocumentError("heading level must be 1 to 6, not \(level)") }
        let text = Inline.parse(markdown)
        let unique = anchors.unique(anchor.map(Anchors.slug) ?? Anchors.slug(text.plainText))
        append(.heading(level: level, text: text, anchor: unique))
        return unique
    }

    public func paragraph(_ markdown: String) {
        append(.paragraph(Inline.parse(markdown)))
    }

    public func list(_ items: [String], ordered: Bool) {
        append(.list(ordered: ordered, items: items.map { [.paragraph(Inline.parse($0))] }))
    }

    /// A quotation: `words` are kept as they are (a storyteller's words are not Markdown);
    /// the attribution is Markdown.
    public func addQuote(_ words: String, attribution: String?, source: String? = nil) {
        append(.quote(text: [.text(words)], attribution: attribution.map(Inline.parse), source: source))
    }

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
        append(.table(Table(header: header.map(Inline.parse), rows: rows.map { $0.map(Inline.parse) }, alignments: aligns,
                            caption: caption.map(Inline.parse))))
    }

    /// Opens a callout: what is added until `endCallout` goes inside it.
    public func beginCallout(kind: String, title: String?) {
        open.append((kind, title.map(Inline.parse), []))
    }

    public func endCallout() throws(DocumentError) {
        guard let callout = open.popLast() else { throw DocumentError("end_callout without a callout open") }
        append(.callout(kind: callout.kind, title: callout.title, blocks: callout.blocks))
    }

    public func contents(depth: Int) throws(DocumentError) {
        guard (1 ... 6).contains(depth) else { throw DocumentError("contents depth must be 1 to 6, not \(depth)") }
        append(.contents(depth: depth))
    }

    public func figure(id: String?, content: Figure.Content, caption: String, alt: String) throws(DocumentError) {
        guard !alt.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DocumentError("a figure needs alt text saying what it shows, for readers who cannot see it")
        }
        let base = Anchors.slug(id ?? "figure")
        var unique = base
        var n = 2
        while figureIDs.contains(unique) { unique = "\(base)-\(n)"; n += 1 }
        figureIDs.insert(unique)
        if case let .graph(graph) = content { try Self.check(graph) }
        if case let .barChart(chart) = content {
            guard !chart.bars.isEmpty else { throw DocumentError("a bar chart needs at least one bar") }
            guard chart.bars.allSatisfy({ $0.value.isFinite && $0.value >= 0 }) else {
                throw DocumentError("bar chart values must be numbers of 0 or more")
            }
        }
        append(.figure(Figure(id: unique, content: content, caption: Inline.parse(caption), alt: alt)))
    }

    static func check(_ graph: Graph) throws(DocumentError) {
        var ids = Set<String>()
        for node in graph.nodes {
            guard ids.insert(node.id).inserted else { throw DocumentError("graph node '\(node.id)' is defined twice") }
        }
        for cluster in graph.clusters {
            for node in cluster.nodes where !ids.contains(node) {
                throw DocumentError("cluster '\(cluster.id)' names node '\(node)', which the graph does not have")
            }
        }
        for edge in graph.edges where !ids.contains(edge.from) || !ids.contains(edge.to) {
            throw DocumentError("edge '\(edge.from)' -> '\(edge.to)' names a node the graph does not have")
        }
    }

    /// The finished document.
    public func finish() throws(DocumentError) -> Document {
        guard open.isEmpty else { throw DocumentError("a callout was begun but not ended") }
        return document
    }
}

/// A layout asked for something a document cannot hold.
public struct DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

import Foundation
