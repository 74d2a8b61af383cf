import Foundation

/// Typst markup for a document, which `TypstEngine` compiles to PDF: A4 (or letter) pages with
/// a running header (the title) and page numbers, a contents list with page numbers, headings
/// as the PDF's outline and kept with what follows them, quotes and figures never split across
/// pages, charts and diagrams as SVG, and the brand's colours and fonts.
///
/// No text from the document is ever written as markup: every word is a Typst string literal
/// (`#"…"`) in which only `\` and `"` need escaping, so corpus text can never open a function
/// call, a heading or a raw block. Labels are written only for anchors of plain slug characters,
/// and in-page links only to labels the document has (Typst refuses a link to a missing one).
public struct TypstRenderer {
    /// The style, contents depth, paper, date, brand lines and graph renderer used.
    public let options: RenderOptions

    /// A renderer with these options.
    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    /// The document as a Typst source file, ending in one newline.
    public func render(_ document: Document) -> String {
        let labels = Self.labels(of: document)
        var out = preamble(document)
        out += titleBlock(document)
        for block in document.blocks { out += render(block, labels: labels) }
        if !options.textFooter.isEmpty {
            out.append("#v(1.5em)")
            out.append("#line(length: 100%, stroke: 0.5pt + \(colour(\.muted)))")
            out.append("#text(size: 0.85em, fill: \(colour(\.muted)))[" + options.textFooter.map { Self.text($0) }.joined(separator: "#parbreak()") + "]")
            out.append("")
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Escaping

    /// A Typst string literal holding `s`: control characters removed (line ends kept as `\n`),
    /// backslashes and quotes escaped. Inside one, nothing is markup.
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in TextCleaning.clean(s).unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Words shown as they are, on one line: `#"…"` in markup.
    static func text(_ s: String) -> String {
        let line = TextCleaning.cleanLine(s)
        return line.isEmpty ? "" : "#" + string(line)
    }

    /// Whether `anchor` can be written as a Typst label (`<anchor>`): the slugs Storyloom makes,
    /// never anything that could end the label early.
    static func isLabel(_ anchor: String) -> Bool {
        guard let first = anchor.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || ("0" ... "9").contains(first) else { return false }
        return anchor.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0" ... "9").contains($0) || $0 == "-" || $0 == "_") }
    }

    /// The anchors of headings and figures that become labels: those that can, and only once
    /// each (a document read from JSON might repeat one, and Typst refuses a link to a label
    /// that occurs twice).
    static func labels(of document: Document) -> Set<String> {
        var labels = Set<String>(), repeated = Set<String>()
        func add(_ anchor: String) {
            guard isLabel(anchor) else { return }
            if !labels.insert(anchor).inserted { repeated.insert(anchor) }
        }
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case let .heading(_, _, anchor): add(anchor)
                case let .figure(figure): add(figure.id)
                case let .list(_, items): items.forEach(walk)
                case let .callout(_, _, inner): walk(inner)
                default: break
                }
            }
        }
        walk(document.blocks)
        return labels.subtracting(repeated)
    }

    /// A style colour as a Typst colour: the brand's when it is `#rgb`/`#rrggbb`, else the
    /// default look's.
    func colour(_ path: KeyPath<Style, String>) -> String {
        let value = options.style[keyPath: path]
        let digits = value.dropFirst()
        let ok = value.hasPrefix("#") && [3, 6, 8].contains(digits.count) && digits.allSatisfy(\.isHexDigit)
        return "rgb(\"\(ok ? value : Style()[keyPath: path])\")"
    }

    /// A font list for Typst: the brand's own families first (the names before the default
    /// system stack, already checked as plain names), then `fallback`, which Typst carries.
    static func fonts(_ stack: String, default defaultStack: String, fallback: [String]) -> String {
        var own: [String] = []
        if stack != defaultStack, stack.hasSuffix(defaultStack) {
            own = stack.dropLast(defaultStack.count).split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet.quotes)
            }.filter { !$0.isEmpty }
        }
        let names = own + fallback.filter { !own.contains($0) }
        return "(" + names.map(string).joined(separator: ", ") + ",)"
    }

    // MARK: The page

    private func preamble(_ document: Document) -> [String] {
        let style = options.style
        let body = Self.fonts(style.fontBase, default: Style().fontBase, fallback: ["Libertinus Serif"])
        let headings = Self.fonts(style.fontHeadings, default: Style().fontHeadings, fallback: ["Libertinus Serif"])
        let mono = Self.fonts(style.fontMonospace, default: Style().fontMonospace, fallback: ["DejaVu Sans Mono"])
        let (lang, region) = Self.language(document.language)
        let brand = options.textHeader.first.map { Self.text($0) } ?? ""
        return [
            "// Written by Storyloom from the report's document. Every text is a string literal.",
            "#set document(title: \(Self.string(TextCleaning.cleanLine(document.title))), date: \(Self.date(options.date)))",
            "#set page(paper: \"\(options.paper.typstName)\", margin: (x: 2.2cm, top: 2.6cm, bottom: 2.4cm), fill: \(colour(\.background)),",
            // The running header (the title, and the brand's name) from the second page on.
            "  header: context if counter(page).get().first() > 1 {",
            "    set text(size: 8.5pt, fill: \(colour(\.muted)))",
            "    grid(columns: (1fr, auto), gutter: 1em, [\(Self.text(document.title))], [\(brand)])",
            "    v(-0.35em)",
            "    line(length: 100%, stroke: 0.5pt + \(colour(\.tint)).darken(15%))",
            "  },",
            "  footer: context {",
            "    set text(size: 8.5pt, fill: \(colour(\.muted)))",
            "    align(center, counter(page).display(\"1 / 1\", both: true))",
            "  })",
            "#set text(font: \(body), size: 10.5pt, fill: \(colour(\.foreground)), lang: \"\(lang)\"\(region.map { ", region: \"\($0)\"" } ?? ""))",
            "#set par(leading: 0.7em, spacing: 1.1em)",
            "#show raw: set text(font: \(mono), size: 0.9em)",
            "#show link: set text(fill: \(colour(\.link)))",
            "#show heading: set text(font: \(headings), fill: \(colour(\.primary)), weight: \"bold\")",
            // A heading never ends a page: it sticks to the block after it.
            "#show heading: set block(sticky: true, above: 1.7em, below: 0.8em)",
            "#show heading.where(level: 1): set text(size: 16pt)",
            "#show heading.where(level: 2): set text(size: 13pt)",
            "#show heading.where(level: 3): set text(size: 11.5pt)",
            "#show heading.where(level: 4): set text(size: 10.5pt)",
            "#show outline.entry.where(level: 1): set text(weight: \"bold\")",
            "#show outline.entry.where(level: 1): set block(above: 0.9em)",
            // Figures stay whole; a table, which may run over pages, may break.
            "#show figure: set block(breakable: false)",
            "#show figure.where(kind: table): set block(breakable: true)",
            "#show figure.caption: set text(size: 9pt, fill: \(colour(\.muted)))",
            "#set table(inset: 5pt, stroke: (x, y) => if y == 0 { (bottom: 1pt + \(colour(\.primary))) } else { (bottom: 0.5pt + \(colour(\.tint)).darken(10%)) })",
            "#show table.cell.where(y: 0): set text(weight: \"bold\")",
            // A quotation stays on one page unless it is longer than a page could hold.
            "#let sl-quote(attribution: none, breakable: false, body) = block(breakable: breakable, width: 100%, above: 1.1em, below: 1.1em,",
            "  inset: (left: 11pt, y: 3pt), stroke: (left: 2.5pt + \(colour(\.secondary))))[",
            "  #body",
            "  #if attribution != none { block(above: 0.5em, text(size: 0.88em, fill: \(colour(\.muted)))[— #attribution]) }",
            "]",
            "#let sl-callout(title: none, body) = block(width: 100%, fill: \(colour(\.tint)), inset: (x: 12pt, y: 9pt), radius: (right: 4pt),",
            "  stroke: (left: 4pt + \(colour(\.primary))), above: 1.3em, below: 1.3em)[",
            "  #if title != none { block(below: 0.7em, text(weight: \"bold\", fill: \(colour(\.primary)), title)) }",
            "  #body",
            "]",
            "",
        ]
    }

    /// Typst's `lang` and `region` from a BCP 47 tag; Typst refuses anything else, so an odd tag
    /// falls back to English.
    static func language(_ tag: String) -> (String, String?) {
        let parts = tag.split(separator: "-")
        guard let first = parts.first, (2 ... 3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return ("en", nil) }
        let region = parts.dropFirst().first { $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isLetter } }
        return (first.lowercased(), region.map { $0.uppercased() })
    }

    /// `datetime(…)` for a `YYYY-MM-DD` date, or `none`.
    static func date(_ text: String?) -> String {
        guard let text, let match = text.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})/),
              let year = Int(match.output.1), let month = Int(match.output.2), let day = Int(match.output.3),
              (1 ... 12).contains(month), (1 ... 31).contains(day) else { return "none" }
        return "datetime(year: \(year), month: \(month), day: \(day))"
    }

    private func titleBlock(_ document: Document) -> [String] {
        var out = ["#block(width: 100%, below: 2em)["]
        out.append("  #text(size: 24pt, weight: \"bold\", fill: \(colour(\.primary)), font: \(Self.fonts(options.style.fontHeadings, default: Style().fontHeadings, fallback: ["Libertinus Serif"])))[\(Self.text(document.title))]")
        if let subtitle = document.subtitle {
            out.append("  #block(above: 0.6em, text(size: 13pt, fill: \(colour(\.muted)))[\(Self.text(subtitle))])")
        }
        if !document.metadata.isEmpty {
            let cells = document.metadata.flatMap { ["[#strong[\(Self.text($0.key))]]", "[\(Self.text($0.value))]"] }
            out.append("  #block(above: 1.2em, text(size: 9.5pt, fill: \(colour(\.muted)), grid(columns: (auto, 1fr), column-gutter: 1em, row-gutter: 0.5em, \(cells.joined(separator: ", ")))))")
        }
        out.append("]")
        out.append("")
        return out
    }

    // MARK: Blocks

    func inline(_ inlines: [Inline], labels: Set<String>) -> String {
        inlines.map { inline in
            switch inline {
            case let .text(s): Self.text(s)
            case let .code(s): "#raw(" + Self.string(TextCleaning.cleanLine(s)) + ")"
            case let .emphasis(inner): "#emph[" + self.inline(inner, labels: labels) + "]"
            case let .strong(inner): "#strong[" + self.inline(inner, labels: labels) + "]"
            case let .link(text, url): link(text, url, labels: labels)
            case .lineBreak: "#linebreak()"
            }
        }.joined()
    }

    /// Web and mail links as links, an in-page link to a label the document has; anything else
    /// (another scheme, a missing anchor) is its words alone.
    private func link(_ text: [Inline], _ url: String, labels: Set<String>) -> String {
        let words = inline(text, labels: labels)
        guard HTMLEscape.isSafeLink(url) else { return words }
        let target = TextCleaning.cleanLine(url).trimmingCharacters(in: .whitespaces)
        if target.hasPrefix("#") {
            let anchor = String(target.dropFirst())
            return labels.contains(anchor) ? "#link(<\(anchor)>)[" + words + "]" : words
        }
        return "#link(" + Self.string(target) + ")[" + words + "]"
    }

    /// A block as lines of Typst, ending with a blank line.
    func render(_ block: Block, labels: Set<String>) -> [String] {
        switch block {
        case let .heading(level, text, anchor):
            let label = labels.contains(anchor) ? " <\(anchor)>" : ""
            return ["#heading(level: \(min(6, max(1, level))))[" + inline(text, labels: labels) + "]" + label, ""]
        case let .paragraph(text):
            let line = inline(text, labels: labels)
            return line.isEmpty ? [] : [line, ""]
        case let .list(ordered, items):
            let rendered = items.map { item in "[" + item.flatMap { render($0, labels: labels) }.trimmedJoined() + "]" }
            return ["#\(ordered ? "enum" : "list")(" + rendered.joined(separator: ", ") + ")", ""]
        case let .quote(text, attribution, _):
            let words = inline(text, labels: labels)
            // Past about a page of words, a quotation may break rather than run off the page.
            let breakable = text.plainText.count > 2500 ? "breakable: true, " : ""
            let attributed = attribution.map { "attribution: [" + inline($0, labels: labels) + "], " } ?? ""
            return ["#sl-quote(\(attributed)\(breakable))[#\"“\"" + words + "#\"”\"]", ""]
        case let .table(table):
            let columns = max(1, table.header.count)
            let aligns = (0 ..< columns).map { c -> String in
                switch c < table.alignments.count ? table.alignments[c] : .left {
                case .left: "left"
                case .center: "center"
                case .right: "right"
                }
            }
            func cells(_ row: [[Inline]]) -> [String] {
                (0 ..< columns).map { "[" + ($0 < row.count ? inline(row[$0], labels: labels) : "") + "]" }
            }
            var parts = ["columns: \(columns)", "align: (" + aligns.joined(separator: ", ") + ",)",
                         "table.header(" + cells(table.header).joined(separator: ", ") + ")"]
            parts += table.rows.map { cells($0).joined(separator: ", ") }
            let body = "table(" + parts.joined(separator: ",\n  ") + ")"
            if let caption = table.caption {
                return ["#figure(kind: table, caption: [" + inline(caption, labels: labels) + "], " + body + ")", ""]
            }
            return ["#" + body, ""]
        case let .callout(_, title, blocks):
            let titled = title.map { "title: [" + inline($0, labels: labels) + "]" } ?? ""
            return ["#sl-callout(\(titled))[", blocks.flatMap { render($0, labels: labels) }.trimmedJoined(), "]", ""]
        case let .contents(depth):
            return ["#outline(title: [#\"Contents\"], depth: \(options.depth(of: depth)))", ""]
        case let .figure(figure):
            return render(figure, labels: labels)
        }
    }

    /// A figure: its drawing as an SVG image, its caption, its label; a set diagram's regions
    /// follow it as a numbered list (they may run long, so they are outside the unbreakable
    /// figure).
    private func render(_ figure: Figure, labels: Set<String>) -> [String] {
        let font = "'Libertinus Serif', serif"
        let body: String
        var after: [String] = []
        switch figure.content {
        case let .barChart(chart):
            let svg = SVGBarChart(chart: chart, style: options.style, id: "sl-fig-" + figure.id, alt: figure.alt,
                                  standalone: true, fontFamily: font).render()
            body = image(svg, alt: figure.alt, width: "100%")
        case let .sets(diagram):
            let svg = SetDiagramSVG(diagram: diagram, style: options.style, id: "sl-fig-" + figure.id, alt: figure.alt,
                                    standalone: true, fontFamily: font).drawing()
            body = image(svg, alt: figure.alt, width: diagram.isVenn ? "62%" : "100%")
            let regions = diagram.regions.map { region in
                "[#strong[" + Self.text(diagram.name(of: region)) + "]"
                    + (region.items.isEmpty ? "" : " #list(" + region.items.map { "[" + Self.text(SetDiagram.describe($0)) + "]" }.joined(separator: ", ") + ")")
                    + "]"
            }
            if !regions.isEmpty { after = ["#enum(" + regions.joined(separator: ", ") + ")", ""] }
        case let .graph(graph):
            let dot = DOTRenderer(style: options.style).render(graph, name: figure.id)
            if let draw = options.graphToSVG, let svg = draw(dot) {
                body = image(svg, alt: figure.alt, width: "100%")
            } else {
                let why = options.graphToSVG == nil ? "Graphviz is not installed, so this diagram is not drawn: " : "Graphviz could not draw this diagram: "
                body = "block(width: 100%, inset: 10pt, stroke: (paint: \(colour(\.muted)), dash: \"dashed\"))[" + Self.text(why + figure.alt) + "]"
            }
        }
        let caption = figure.caption.isEmpty ? "" : ", caption: [" + inline(figure.caption, labels: labels) + "]"
        let label = labels.contains(figure.id) ? " <\(figure.id)>" : ""
        return ["#figure(" + body + caption + ")" + label, ""] + after
    }

    /// An SVG drawing as a Typst image, given as bytes in the file itself (no file is read).
    /// A tall drawing is sized by its height so it fits a page.
    private func image(_ svg: String, alt: String, width: String) -> String {
        let size: String
        if let (w, h) = Self.size(of: svg), w > 0, h / w > 1.25 {
            size = "height: 19cm"
        } else {
            size = "width: \(width)"
        }
        return "image(bytes(" + Self.string(svg) + "), format: \"svg\", " + size + ", alt: " + Self.string(TextCleaning.cleanLine(alt)) + ")"
    }

    /// The width and height an SVG's root gives (its `viewBox`, else `width` and `height`).
    static func size(of svg: String) -> (Double, Double)? {
        guard let root = svg.firstMatch(of: /<svg\b[^>]*>/) else { return nil }
        let tag = root.output
        if let box = tag.firstMatch(of: /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"/),
           let w = Double(box.output.1), let h = Double(box.output.2) {
            return (w, h)
        }
        if let w = tag.firstMatch(of: /\swidth="([\d.]+)/).flatMap({ Double($0.output.1) }),
           let h = tag.firstMatch(of: /\sheight="([\d.]+)/).flatMap({ Double($0.output.1) }) {
            return (w, h)
        }
        return nil
    }
}

private extension [String] {
    /// Lines joined, without the blank lines a last block leaves.
    func trimmedJoined() -> String {
        var lines = self
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

private extension CharacterSet {
    static let quotes = CharacterSet(charactersIn: "\"'")
}
