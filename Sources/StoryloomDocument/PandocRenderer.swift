import Foundation
import StoryloomShared

/// The version of Pandoc's document model (pandoc-types) a JSON AST is written for. Pandoc
/// reads only its own major.minor, so the build asks the installed pandoc which it speaks.
public enum PandocAPI: String, Sendable, Equatable, CaseIterable {
    /// pandoc 2.11 to 2.19 (Debian 12 ships 2.17): figures are a paragraph holding one image
    /// whose title starts `fig:`.
    case v1_22 = "1.22"
    /// pandoc 3: figures are `Figure` blocks with a caption of their own.
    case v1_23 = "1.23"

    /// As written in the AST's `pandoc-api-version`.
    public var numbers: [Int] { self == .v1_22 ? [1, 22] : [1, 23] }
}

/// How a figure's drawing reaches Pandoc.
public enum PandocImages: Sendable, Equatable {
    /// Each drawing an SVG file (`figure-1.svg`, …) that Pandoc reads from its resource path:
    /// for EPUB, whose readers show SVG.
    case svg
    /// Each drawing a PNG file (`figure-1.png`, …) made from the SVG by the caller: for Word and
    /// OpenDocument, which not every version of either shows as SVG.
    case png
    /// Each drawing inside the AST as a `data:` URI, so the JSON file stands alone.
    case embedded
    /// No drawings: a chart as a table, a diagram as its description.
    case none
}

/// A drawing the AST refers to by file name; the caller writes it where Pandoc looks.
public struct PandocImage: Sendable, Equatable {
    /// The file name the AST gives (`figure-1.png`).
    public var name: String
    /// The drawing, as standalone SVG (with its XML namespace).
    public var svg: String
}

/// Pandoc's JSON AST for a document, for `pandoc -f json` to turn into Word, OpenDocument or
/// EPUB (or anything else Pandoc writes).
///
/// Only AST nodes with a fixed meaning are written: never `RawBlock` or `RawInline`, so no text
/// from the document can become markup in any output; links only to http, https, mailto and the
/// document's own anchors; images only the renderer's own drawings.
public struct PandocRenderer {
    public let options: RenderOptions
    public var api: PandocAPI
    public var images: PandocImages
    /// Image sizes in inches, for a page (Word, OpenDocument), rather than as a share of the
    /// screen's width (EPUB).
    public var printedPage: Bool
    /// The EPUB's identifier: fixed, so Pandoc does not make a random one for each build.
    public var identifier: String?

    public init(options: RenderOptions = RenderOptions(), api: PandocAPI = .v1_23, images: PandocImages = .none,
                printedPage: Bool = true, identifier: String? = nil) {
        self.options = options
        self.api = api
        self.images = images
        self.printedPage = printedPage
        self.identifier = identifier
    }

    /// The AST as JSON text (one line, keys sorted) and the drawings it names.
    public func render(_ document: Document) -> (json: String, images: [PandocImage]) {
        var state = State(labels: TypstRenderer.labels(of: document))
        var blocks: [PlainValue] = []
        if !document.metadata.isEmpty {
            let lines = document.metadata.map { item in
                para([node("Strong", .array(words(item.key))), str(":"), space] + words(item.value))
            }
            blocks.append(div(classes: ["metadata"], style: "Report Metadata", lines))
        }
        for block in document.blocks { blocks += render(block, document: document, state: &state) }
        if !options.textFooter.isEmpty {
            blocks.append(div(classes: ["footer"], style: "Report Footer", [node("HorizontalRule")] + options.textFooter.map { para(words($0)) }))
        }
        var meta: [(String, PlainValue)] = [
            ("title", node("MetaInlines", .array(words(document.title)))),
            ("lang", node("MetaString", .string(Self.language(document.language)))),
        ]
        if let subtitle = document.subtitle { meta.append(("subtitle", node("MetaInlines", .array(words(subtitle))))) }
        if let date = options.date, date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil { meta.append(("date", node("MetaString", .string(date)))) }
        if let identifier { meta.append(("identifier", node("MetaString", .string(Self.cleanLine(identifier))))) }
        let ast = PlainValue.record([
            ("pandoc-api-version", .array(api.numbers.map { .integer(Int64($0)) })),
            ("meta", .record(meta)),
            ("blocks", .array(blocks)),
        ])
        return (ast.text(pretty: false) + "\n", state.images)
    }

    /// What rendering collects as it goes: the anchors that may be linked to and the drawings.
    struct State {
        let labels: Set<String>
        var images: [PandocImage] = []
    }

    // MARK: Nodes

    private func node(_ type: String, _ content: PlainValue? = nil) -> PlainValue {
        content.map { .record([("t", .string(type)), ("c", $0)]) } ?? .record([("t", .string(type))])
    }

    private func attr(_ id: String = "", classes: [String] = [], _ pairs: [(String, String)] = []) -> PlainValue {
        .array([.string(id), .array(classes.map(PlainValue.string)), .array(pairs.map { .array([.string($0.0), .string($0.1)]) })])
    }

    private func str(_ s: String) -> PlainValue { node("Str", .string(s)) }
    private var space: PlainValue { node("Space") }
    private func para(_ inlines: [PlainValue]) -> PlainValue { node("Para", .array(inlines)) }
    private func plain(_ inlines: [PlainValue]) -> PlainValue { node("Plain", .array(inlines)) }

    /// A `Div`; `style` is the paragraph style Word and OpenDocument give its paragraphs
    /// (`custom-style`), which a reference document can define.
    private func div(classes: [String], style: String?, _ blocks: [PlainValue]) -> PlainValue {
        node("Div", .array([attr(classes: classes, style.map { [("custom-style", $0)] } ?? []), .array(blocks)]))
    }

    /// Text as Pandoc's words and spaces, control characters removed. A run of spaces is one
    /// `Space`; a line end is a space too, or with `breaks` a `LineBreak`.
    func words(_ text: String, breaks: Bool = false) -> [PlainValue] {
        var out: [PlainValue] = []
        var word = String.UnicodeScalarView()
        var pendingSpace = false, pendingBreak = false
        func flush() {
            guard !word.isEmpty else { return }
            if pendingBreak { out.append(node("LineBreak")) } else if pendingSpace { out.append(space) }
            pendingSpace = false
            pendingBreak = false
            out.append(str(String(word)))
            word = String.UnicodeScalarView()
        }
        for scalar in Self.clean(text).unicodeScalars {
            switch scalar {
            case " ", "\n":
                flush()
                if scalar == "\n" && breaks && !out.isEmpty { pendingBreak = true } else { pendingSpace = true }
            default:
                word.append(scalar)
            }
        }
        flush()
        // A space at either end stays, so words meet rightly across emphasis or a link.
        if pendingSpace || pendingBreak { out.append(space) }
        return out
    }

    func inlines(_ list: [Inline], labels: Set<String>, breaks: Bool = false) -> [PlainValue] {
        list.flatMap { inline -> [PlainValue] in
            switch inline {
            case let .text(s): words(s, breaks: breaks)
            case let .code(s): [node("Code", .array([attr(), .string(Self.cleanLine(s))]))]
            case let .emphasis(inner): [node("Emph", .array(inlines(inner, labels: labels, breaks: breaks)))]
            case let .strong(inner): [node("Strong", .array(inlines(inner, labels: labels, breaks: breaks)))]
            case .lineBreak: [node("LineBreak")]
            case let .link(text, url): link(inlines(text, labels: labels, breaks: breaks), url, labels: labels)
            }
        }
    }

    /// Web and mail links, and in-page links to an anchor the document has; anything else is
    /// its words alone.
    private func link(_ words: [PlainValue], _ url: String, labels: Set<String>) -> [PlainValue] {
        guard HTMLEscape.isSafeLink(url) else { return words }
        let target = Self.cleanLine(url).trimmingCharacters(in: .whitespaces)
        if target.hasPrefix("#"), !labels.contains(String(target.dropFirst())) { return words }
        return [node("Link", .array([attr(), .array(words), .array([.string(target), .string("")])]))]
    }

    // MARK: Blocks

    func render(_ block: Block, document: Document, state: inout State) -> [PlainValue] {
        let labels = state.labels
        switch block {
        case let .heading(level, text, anchor):
            let id = labels.contains(anchor) ? anchor : ""
            return [node("Header", .array([.integer(Int64(min(6, max(1, level)))), attr(id), .array(inlines(text, labels: labels))]))]
        case let .paragraph(text):
            let content = inlines(text, labels: labels)
            return content.isEmpty ? [] : [para(content)]
        case let .list(ordered, items):
            var rendered: [PlainValue] = []
            for item in items {
                let blocks: [PlainValue] = item.flatMap { render($0, document: document, state: &state) }
                rendered.append(.array(blocks))
            }
            if ordered {
                let attributes = PlainValue.array([.integer(1), node("Decimal"), node("Period")])
                return [node("OrderedList", .array([attributes, .array(rendered)]))]
            }
            return [node("BulletList", .array(rendered))]
        case let .quote(text, attribution, _):
            var inner = [para(inlines(text, labels: labels, breaks: true))]
            if let attribution {
                inner.append(div(classes: ["attribution"], style: "Attribution", [para([str("—"), space] + inlines(attribution, labels: labels))]))
            }
            return [node("BlockQuote", .array(inner))]
        case let .table(table):
            return [self.table(header: table.header.map { inlines($0, labels: labels) },
                               rows: table.rows.map { $0.map { inlines($0, labels: labels) } },
                               alignments: table.alignments, caption: table.caption.map { inlines($0, labels: labels) })]
        case let .callout(kind, title, blocks):
            let heading = title.map { inlines($0, labels: labels) } ?? words(Self.words(of: kind))
            let inner = (heading.isEmpty ? [] : [para([node("Strong", .array(heading))])])
                + blocks.flatMap { render($0, document: document, state: &state) }
            let slug = Anchors.slug(kind)
            return [div(classes: ["callout"] + (slug.isEmpty ? [] : ["kind-" + slug]), style: Self.style(for: kind), inner)]
        case let .contents(depth):
            let entries = Outline(document, depth: options.depth(of: depth)).entries
            guard !entries.isEmpty else { return [] }
            let title = para([node("Strong", .array(words("Contents")))])
            return [div(classes: ["contents"], style: nil, [title, contentsList(entries[...], depth: 1, labels: labels)])]
        case let .figure(figure):
            return render(figure, labels: labels, state: &state)
        }
    }

    /// One level of the contents as a bulleted list, the entries below each nested in it.
    private func contentsList(_ entries: ArraySlice<Outline.Entry>, depth: Int, labels: Set<String>) -> PlainValue {
        var items: [PlainValue] = []
        var i = entries.startIndex
        while i < entries.endIndex {
            let entry = entries[i]
            var j = i + 1
            while j < entries.endIndex, entries[j].depth > depth { j += 1 }
            let text = words(entry.text.plainText)
            var item = [plain(labels.contains(entry.anchor) ? link(text, "#" + entry.anchor, labels: labels) : text)]
            if j > i + 1 { item.append(contentsList(entries[(i + 1) ..< j], depth: depth + 1, labels: labels)) }
            items.append(.array(item))
            i = j
        }
        return node("BulletList", .array(items))
    }

    private func table(header: [[PlainValue]], rows: [[[PlainValue]]], alignments: [Table.Alignment], caption: [PlainValue]?) -> PlainValue {
        let columns = max(header.count, rows.map(\.count).max() ?? 0, 1)
        func cell(_ content: [PlainValue]) -> PlainValue {
            .array([attr(), node("AlignDefault"), .integer(1), .integer(1), .array(content.isEmpty ? [] : [plain(content)])])
        }
        func row(_ cells: [[PlainValue]]) -> PlainValue {
            .array([attr(), .array((0 ..< columns).map { cell($0 < cells.count ? cells[$0] : []) })])
        }
        let specs = (0 ..< columns).map { c -> PlainValue in
            let alignment = switch c < alignments.count ? alignments[c] : .left {
            case .left: "AlignLeft"
            case .center: "AlignCenter"
            case .right: "AlignRight"
            }
            return .array([node(alignment), node("ColWidthDefault")])
        }
        let captionValue = PlainValue.array([.null, .array(caption.map { $0.isEmpty ? [] : [plain($0)] } ?? [])])
        let head = PlainValue.array([attr(), .array(header.isEmpty ? [] : [row(header)])])
        let body = PlainValue.array([attr(), .integer(0), .array([]), .array(rows.map(row))])
        return node("Table", .array([attr(), captionValue, .array(specs), head, .array([body]), .array([attr(), .array([])])]))
    }

    // MARK: Figures

    /// A figure as an image with its caption (a set diagram's regions listed after it), or,
    /// without images, a chart as a table and a diagram as its description.
    private func render(_ figure: Figure, labels: Set<String>, state: inout State) -> [PlainValue] {
        let caption = inlines(figure.caption, labels: labels)
        let font = "Arial, Helvetica, 'DejaVu Sans', sans-serif"
        var svg: String?
        var share = 1.0
        var after: [PlainValue] = []
        var alternative: [PlainValue] = []
        switch figure.content {
        case let .barChart(chart):
            if images != .none {
                svg = SVGBarChart(chart: chart, style: options.style, id: "sl-fig-" + figure.id, alt: figure.alt,
                                  standalone: true, fontFamily: font).render()
            }
            let grouped = chart.bars.contains { $0.group != nil }
            let header = (grouped ? ["Group"] : []) + ["Label", "Value"]
            let rows = chart.bars.map { bar in
                ((grouped ? [bar.group ?? ""] : []) + [bar.label, formatValue(bar.value) + chart.unit]).map { words($0) }
            }
            let alignments: [Table.Alignment] = (grouped ? [.left] : []) + [.left, .right]
            let title: [PlainValue] = chart.title.map { [para([node("Strong", .array(words($0)))])] } ?? []
            alternative = title + [table(header: header.map { words($0) }, rows: rows, alignments: alignments, caption: caption.isEmpty ? nil : caption)]
        case let .sets(diagram):
            if images != .none {
                svg = SetDiagramSVG(diagram: diagram, style: options.style, id: "sl-fig-" + figure.id, alt: figure.alt,
                                    standalone: true, fontFamily: font).drawing()
            }
            if diagram.isVenn { share = 0.62 }
            let regions = diagram.regions.map { region -> PlainValue in
                var item = [plain([node("Strong", .array(words(diagram.name(of: region))))])]
                if !region.items.isEmpty {
                    item.append(node("BulletList", .array(region.items.map { .array([plain(words(SetDiagram.describe($0)))]) })))
                }
                return .array(item)
            }
            if !regions.isEmpty { after = [node("OrderedList", .array([.array([.integer(1), node("Decimal"), node("Period")]), .array(regions)]))] }
            alternative = [para([node("Emph", .array(words("Diagram: " + figure.alt)))])]
                + (caption.isEmpty ? [] : [para([node("Emph", .array(caption))])])
        case let .graph(graph):
            if images != .none, let draw = options.graphToSVG {
                svg = draw(DOTRenderer(style: options.style).render(graph, name: figure.id))
            }
            alternative = [para([node("Emph", .array(words("Diagram (drawn in the HTML and PDF versions): " + figure.alt)))])]
                + (caption.isEmpty ? [] : [para([node("Emph", .array(caption))])])
        }
        guard let svg else { return alternative + after }
        let source: String
        switch images {
        case .embedded:
            source = "data:image/svg+xml;base64," + Data(svg.utf8).base64EncodedString()
        case .svg, .png:
            source = "figure-\(state.images.count + 1)." + (images == .png ? "png" : "svg")
            state.images.append(PandocImage(name: source, svg: svg))
        case .none:
            return alternative + after
        }
        let size = self.size(svg, share: share)
        let alt = words(Self.cleanLine(figure.alt))
        let id = labels.contains(figure.id) ? figure.id : ""
        switch api {
        case .v1_23:
            let image = node("Image", .array([attr(classes: [], [size]), .array(alt), .array([.string(source), .string("")])]))
            let captionValue = PlainValue.array([.null, .array(caption.isEmpty ? [] : [plain(caption)])])
            return [node("Figure", .array([attr(id), captionValue, .array([plain([image])])]))] + after
        case .v1_22:
            // A paragraph of one image titled `fig:…` is Pandoc 2's figure, its words the caption.
            let titled = !caption.isEmpty
            let image = node("Image", .array([attr(id, [size]), .array(titled ? caption : alt),
                                              .array([.string(source), .string(titled ? "fig:" : "")])]))
            return [para([image])] + after
        }
    }

    /// The drawing's size: on a page, its own width at 96 per inch, at most the 6 inches of
    /// text an A4 or letter page has (`share` of it), and a tall one at most 8 inches high; on
    /// a screen, a share of the width.
    private func size(_ svg: String, share: Double) -> (String, String) {
        guard printedPage else { return ("width", "\(Int((share * 100).rounded()))%") }
        let (w, h) = TypstRenderer.size(of: svg) ?? (576, 360)
        var width = min(6.0 * share, max(w, 1) / 96)
        if width * h / max(w, 1) > 8 {
            return ("height", "8in")
        }
        width = (width * 100).rounded() / 100
        return ("width", String(format: "%.2fin", width))
    }

    // MARK: Names

    /// The words of a call-out's kind ("key-finding" → "Key finding"), for a call-out without a title.
    static func words(of kind: String) -> String {
        let text = Self.cleanLine(kind).split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// The paragraph style of a call-out's kind: "Callout Key Finding", of letters and digits
    /// only, so any kind makes a valid style name.
    static func style(for kind: String) -> String {
        let words = Anchors.slug(kind).split(separator: "-").prefix(4).map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return (["Callout"] + words).joined(separator: " ")
    }

    /// Text without control characters (`TextCleaning.clean`) or U+FFFE and U+FFFF, which XML
    /// cannot hold and Pandoc would pass into Word's and OpenDocument's XML.
    static func clean(_ text: String) -> String {
        let cleaned = TextCleaning.clean(text)
        guard cleaned.unicodeScalars.contains(where: { $0.value == 0xFFFE || $0.value == 0xFFFF }) else { return cleaned }
        return String(String.UnicodeScalarView(cleaned.unicodeScalars.filter { $0.value != 0xFFFE && $0.value != 0xFFFF }))
    }

    /// `clean` on one line: line ends become spaces.
    static func cleanLine(_ text: String) -> String {
        clean(text).replacingOccurrences(of: "\n", with: " ")
    }

    /// A language tag Pandoc and Word accept: letters, digits and hyphens, else `en`.
    static func language(_ tag: String) -> String {
        let ok = !tag.isEmpty && tag.count <= 35 && tag.first!.isLetter
            && tag.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0" ... "9").contains($0) || $0 == "-") }
        return ok ? tag : "en"
    }
}
