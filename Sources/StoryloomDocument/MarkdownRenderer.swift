/// CommonMark with pipe tables, so other tools can take a report over: text escaped, figures as
/// a table (bar charts), their regions in words (set diagrams) or an image of their `.svg` file
/// when the build writes one, captions in italics.
///
/// GitHub's flavour (the default) writes headings bare, as GitHub reads them, and points the
/// contents and in-page links at the ids GitHub gives them (`GitHubSlugs`); Pandoc's writes each
/// heading's document anchor as a `{#anchor}` attribute.
public struct MarkdownRenderer {
    /// The style (for DOT), contents depth, flavour and figure images used.
    public let options: RenderOptions
    /// The id each document anchor has in the output (headings' own; a figure's is its
    /// heading's); nil outside `render`, where in-page links are kept as they are.
    private var inPageIDs: [String: String]? = nil

    /// A renderer with these options.
    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    /// The document as Markdown, ending in one newline.
    public func render(_ document: Document) -> String {
        var renderer = self
        renderer.inPageIDs = inPageIDs(document)
        return renderer.renderDocument(document)
    }

    private func renderDocument(_ document: Document) -> String {
        var out = ["# " + escape(document.title)]
        if let subtitle = document.subtitle { out += ["", "_" + escape(subtitle) + "_"] }
        if !document.metadata.isEmpty {
            out.append("")
            out += document.metadata.map { "- **\(escape($0.key)):** \(escape($0.value))" }
        }
        out.append("")
        for block in document.blocks { out += render(block, document: document) }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    /// Where each anchor of `document` lands in the output. Pandoc reads the `{#anchor}`
    /// attributes, so anchors stay as they are. GitHub numbers headings by their text in the
    /// order it meets them (the title first, then every heading, nested ones too), so this walks
    /// the blocks in the order `render` writes them; a figure, which has no id of its own there,
    /// lands on the heading above it.
    func inPageIDs(_ document: Document) -> [String: String] {
        var ids: [String: String] = [:]
        switch options.markdownFlavour {
        case .pandoc:
            func walk(_ blocks: [Block]) {
                for block in blocks {
                    switch block {
                    case let .heading(_, _, anchor): ids[anchor] = anchor
                    case let .figure(figure): ids[figure.id] = figure.id
                    case let .list(_, items): items.forEach(walk)
                    case let .callout(_, _, inner): walk(inner)
                    default: break
                    }
                }
            }
            walk(document.blocks)
        case .github:
            var slugs = GitHubSlugs()
            var current = slugs.next(TextCleaning.cleanLine(document.title))
            func walk(_ blocks: [Block]) {
                for block in blocks {
                    switch block {
                    case let .heading(_, text, anchor):
                        current = slugs.next(TextCleaning.cleanLine(text.plainText))
                        ids[anchor] = current
                    case let .figure(figure): ids[figure.id] = current
                    case let .list(_, items): items.forEach(walk)
                    case let .callout(_, _, inner): walk(inner)
                    default: break
                    }
                }
            }
            walk(document.blocks)
        }
        // A heading whose text keeps nothing GitHub slugs has no id to link to.
        return ids.filter { !$0.value.isEmpty }
    }

    /// Plain text made literal: control characters removed, line ends as spaces, and every
    /// character Markdown could read as markup backslash-escaped.
    func escape(_ s: String) -> String {
        let line = TextCleaning.cleanLine(s)
        // Most text holds none of the characters that need escaping.
        guard line.utf8.contains(where: { Self.isEscaped[Int($0)] || $0 == 0x26 }) else { return line }
        var out = String.UnicodeScalarView()
        let scalars = Array(line.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            if scalar.isASCII && Self.isEscaped[Int(scalar.value)] {
                out.append("\\")
            } else if scalar == "&" && startsEntity(scalars, after: i) {
                out.append("\\")
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// The ASCII characters always escaped: `` \ ` * _ [ ] < > # | ~ ! ``, by byte.
    private static let isEscaped = MarkdownEscape.byteTable("\\`*_[]<>#|~!")

    /// Whether `&` at `i` starts what Markdown reads as an entity (`&amp;`, `&#38;`).
    private func startsEntity(_ scalars: [Unicode.Scalar], after i: Int) -> Bool {
        var j = i + 1
        while j < scalars.count, j - i <= 32, scalars[j].isASCII,
              scalars[j].properties.isAlphabetic || ("0" ... "9").contains(scalars[j]) || scalars[j] == "#" {
            j += 1
        }
        return j > i + 1 && j < scalars.count && scalars[j] == ";"
    }

    /// A line that starts a block, kept from being read as a list item, a rule or a setext
    /// underline ("- x", "+ x", "1. x", "==="), or as code (four spaces).
    func protectingStart(_ line: String) -> String {
        let trimmed = String(line.drop(while: { $0 == " " }))
        guard let first = trimmed.first else { return trimmed }
        if first == "-" || first == "+" || first == "=" { return "\\" + trimmed }
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.count <= 9, let after = trimmed.dropFirst(digits.count).first, after == "." || after == ")" {
            return digits + "\\" + trimmed.dropFirst(digits.count)
        }
        return trimmed
    }

    /// Inline Markdown; a line break is "\\" and a line end, or `<br>` inside a table cell
    /// (where a line end would end the row).
    func inline(_ inlines: [Inline], inTable: Bool = false) -> String {
        inlines.map { inline in
            switch inline {
            case let .text(s): escape(s)
            case let .code(s): codeSpan(TextCleaning.cleanLine(s), inTable: inTable)
            case let .emphasis(inner): "*" + self.inline(inner, inTable: inTable) + "*"
            case let .strong(inner): "**" + self.inline(inner, inTable: inTable) + "**"
            // Only web, mail and in-page links stay links (as in HTML): any other scheme
            // (javascript:, data:, file:) would be live in a Markdown viewer, so it becomes text.
            case let .link(text, url):
                if let target = linkTarget(url) {
                    "[" + self.inline(text, inTable: inTable) + "](" + destination(target) + ")"
                } else {
                    self.inline(text, inTable: inTable)
                }
            case .lineBreak: inTable ? "<br>" : "\\\n"
            }
        }.joined()
    }

    /// Where a link goes in the output: web and mail links as they are, an in-page link to the
    /// id its anchor has here; nil when it must be text.
    func linkTarget(_ url: String) -> String? {
        guard HTMLEscape.isSafeLink(url) else { return nil }
        let trimmed = TextCleaning.cleanLine(url).trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("#"), let ids = inPageIDs else { return url }
        // An anchor the document does not have is kept as written: perhaps the reader's page has it.
        return ids[String(trimmed.dropFirst())].map { "#" + $0 } ?? url
    }

    /// A code span whose fence is longer than any run of backticks inside it.
    func codeSpan(_ code: String, inTable: Bool) -> String {
        var content = code
        // In a table a pipe ends the cell even inside code, unless escaped (GitHub's rule).
        if inTable { content = content.replacingOccurrences(of: "|", with: "\\|") }
        let fence = String(repeating: "`", count: longestRun(of: "`", in: content) + 1)
        let padded = content.hasPrefix("`") || content.hasSuffix("`") || (content.hasPrefix(" ") && content.hasSuffix(" ") && !content.isEmpty)
        return padded ? fence + " " + content + " " + fence : fence + content + fence
    }

    /// A link destination without what would end it early: spaces, parentheses, angle
    /// brackets and pipes are percent-encoded.
    func destination(_ url: String) -> String {
        var out = ""
        for scalar in TextCleaning.cleanLine(url).unicodeScalars {
            switch scalar {
            case " ": out += "%20"
            case "(": out += "%28"
            case ")": out += "%29"
            case "<": out += "%3C"
            case ">": out += "%3E"
            case "|": out += "%7C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private func longestRun(of c: Character, in s: String) -> Int {
        var longest = 0, run = 0
        for x in s {
            run = x == c ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }

    /// Lines of a paragraph-like text: broken at line breaks, each protected at its start.
    private func lines(_ inlines: [Inline]) -> [String] {
        TextCleaning.lines(inline(inlines)).map { protectingStart(String($0)) }
    }

    /// Inline Markdown on one line (headings, attributions, captions): a break is a space.
    private func oneLine(_ inlines: [Inline]) -> String {
        inline(inlines).replacingOccurrences(of: "\\\n", with: " ")
    }

    private func render(_ block: Block, document: Document) -> [String] {
        switch block {
        case let .heading(level, text, anchor):
            let attribute = options.markdownFlavour == .pandoc ? " {#\(anchor)}" : ""
            return [String(repeating: "#", count: min(6, level + 1)) + " " + oneLine(text) + attribute, ""]
        case let .paragraph(text):
            return lines(text) + [""]
        case let .list(ordered, items):
            var out: [String] = []
            for (n, item) in items.enumerated() {
                let marker = ordered ? "\(n + 1). " : "- "
                let hang = String(repeating: " ", count: marker.count)
                var inner = item.flatMap { render($0, document: document) }
                while inner.last == "" { inner.removeLast() }
                for (k, line) in inner.enumerated() {
                    out.append(line.isEmpty ? "" : (k == 0 ? marker : hang) + line)
                }
            }
            return out + [""]
        case let .quote(text, attribution, _):
            var out = lines(text).map { "> " + $0 }
            if let attribution { out += [">", "> — " + oneLine(attribution)] }
            return out + [""]
        case let .table(table):
            let columns = table.header.count
            func row(_ cells: [[Inline]]) -> String {
                let padded = (0 ..< columns).map { $0 < cells.count ? inline(cells[$0], inTable: true) : "" }
                return "| " + padded.joined(separator: " | ") + " |"
            }
            var out = [row(table.header)]
            out.append("| " + (0 ..< columns).map { c -> String in
                switch c < table.alignments.count ? table.alignments[c] : .left {
                case .left: "---"
                case .center: ":---:"
                case .right: "---:"
                }
            }.joined(separator: " | ") + " |")
            out += table.rows.map(row)
            if let caption = table.caption { out += ["", italic(caption)] }
            return out + [""]
        case let .callout(_, title, blocks):
            var out: [String] = []
            if let title { out += ["**" + oneLine(title) + "**", ""] }
            for block in blocks { out += render(block, document: document) }
            while out.last == "" { out.removeLast() }
            return out.map { $0.isEmpty ? ">" : "> " + $0 } + [""]
        case let .contents(depth):
            var out = ["**Contents**", ""]
            for entry in Outline(document, depth: options.depth(of: depth)).entries {
                let text = escape(entry.text.plainText)
                // A heading without an id (its text has nothing GitHub slugs) is listed unlinked.
                let item = inPageIDs?[entry.anchor].map { "[" + text + "](#" + $0 + ")" } ?? text
                out.append(String(repeating: "  ", count: entry.depth - 1) + "- " + item)
            }
            return out + [""]
        case let .figure(figure):
            var out: [String]
            switch figure.content {
            case let .barChart(chart):
                let grouped = chart.bars.contains { $0.group != nil }
                out = chart.title.map { ["**" + escape($0) + "**", ""] } ?? []
                out += ["| " + (grouped ? "Group | " : "") + "Label | Value |", "| " + (grouped ? "--- | " : "") + "--- | ---: |"]
                out += chart.bars.map { bar in
                    "| " + (grouped ? escape(bar.group ?? "") + " | " : "") + escape(bar.label) + " | "
                        + escape(formatValue(bar.value) + chart.unit) + " |"
                }
            case let .sets(diagram):
                out = image(figure).map { [$0, ""] } ?? []
                for (n, region) in diagram.regions.enumerated() {
                    out += ["\(n + 1). **" + escape(diagram.name(of: region)) + "**"]
                    out += region.items.map { "    - " + escape(SetDiagram.describe($0)) }
                }
            case .graph:
                // A DOT block shows nothing in a Markdown viewer: the build's .svg of the
                // diagram, or else a word on where to see it.
                out = [image(figure) ?? "_" + escape("Diagram (drawn in the HTML and PDF versions): " + figure.alt) + "_"]
            }
            if !figure.caption.isEmpty { out += ["", italic(figure.caption)] }
            return out + [""]
        }
    }

    /// The figure as an image of its file, when the build writes one.
    private func image(_ figure: Figure) -> String? {
        options.figureImages[figure.id].map { "![" + escape(figure.alt) + "](" + destination($0) + ")" }
    }

    /// A caption in italics; underscores, so emphasis inside it (asterisks) stays distinct.
    private func italic(_ inlines: [Inline]) -> String {
        "_" + oneLine(inlines) + "_"
    }
}
