import CCmark
import StoryloomDocument

/// Reads the Markdown of a page (its shortcodes already placeholders) with cmark, and walks
/// cmark's tree into page blocks. Every tree cmark makes here is freed before returning,
/// whether the walk ends or throws.
final class CmarkReader {
    /// How deeply quotes, lists and inline markup may nest. Far more than a page needs, and
    /// little enough that nothing downstream recurses deeply.
    static let maximumDepth = 32

    private let text: [UInt8]
    private let map: SourceMap
    /// The page's shortcodes; those standing alone become blocks (`isBlock`).
    private(set) var shortcodes: [Shortcode]
    /// Which shortcodes are in text (to be expanded) rather than in code.
    private(set) var inText: [Bool]

    /// A cmark position (line, byte column) as the file's line and column.
    private typealias Locate = (_ line: Int, _ column: Int) -> (line: Int, column: Int)

    init(_ source: ScannedSource) {
        text = source.text
        map = source.map
        shortcodes = source.shortcodes
        inText = Array(repeating: false, count: source.shortcodes.count)
    }

    /// Parses Markdown with cmark's defaults and source positions (not UNSAFE: cmark keeps
    /// raw HTML as HTML nodes, which the walk turns into words).
    private static func parse(_ bytes: [UInt8]) -> OpaquePointer? {
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS
        if bytes.isEmpty { return cmark_parse_document("", 0, options) }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, options) }
        }
    }

    private static func children(_ node: OpaquePointer) -> UnfoldSequence<OpaquePointer, OpaquePointer?> {
        sequence(state: cmark_node_first_child(node)) { next in
            guard let node = next else { return nil }
            next = cmark_node_next(node)
            return node
        }
    }

    private static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    private func locateInPage(_ line: Int, _ column: Int) -> (line: Int, column: Int) {
        map.original(line: line, column: column, in: text)
    }

    private func problem(_ node: OpaquePointer, _ locate: Locate, _ message: String, suggestion: String? = nil) -> PageProblem {
        let place = locate(Int(cmark_node_get_start_line(node)), Int(cmark_node_get_start_column(node)))
        return PageProblem(place.line, place.column, message, suggestion: suggestion)
    }

    private func tooDeep(_ node: OpaquePointer, _ locate: Locate) -> PageProblem {
        problem(node, locate, "quotes, lists or emphasis here nest more than \(Self.maximumDepth) deep",
                suggestion: "a page never needs that many levels; flatten them")
    }

    // MARK: Blocks

    /// The page's blocks.
    func read() throws(PageProblem) -> [PageBlock] {
        guard let document = Self.parse(text) else { throw PageProblem(1, 1, "the page could not be read as Markdown") }
        defer { cmark_node_free(document) }
        var blocks: [PageBlock] = []
        for node in Self.children(document) {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING:
                var inlines = try self.inlines(node, depth: 1, locateInPage)
                let id = Self.takeID(&inlines)
                let line = locateInPage(Int(cmark_node_get_start_line(node)), 1).line
                blocks.append(.heading(level: Int(cmark_node_get_heading_level(node)), text: inlines, line: line, id: id))
            case CMARK_NODE_PARAGRAPH:
                if let index = soleShortcode(node) {
                    shortcodes[index].isBlock = true
                    inText[index] = true
                    blocks.append(.shortcode(shortcodes[index]))
                } else {
                    blocks.append(.block(try paragraph(node, depth: 1)))
                }
            default:
                blocks += try self.blocks(node, depth: 1).map(PageBlock.block)
            }
        }
        return blocks
    }

    /// The index of the placeholder that is the paragraph's only content (white space aside).
    private func soleShortcode(_ node: OpaquePointer) -> Int? {
        var words = ""
        for child in Self.children(node) {
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT: words += Self.literal(child)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: words += " "
            default: return nil
            }
        }
        guard let index = Placeholder.sole(words), shortcodes.indices.contains(index) else { return nil }
        return index
    }

    /// One block node as document blocks (none for a thematic break or empty code).
    private func blocks(_ node: OpaquePointer, depth: Int) throws(PageProblem) -> [Block] {
        guard depth <= Self.maximumDepth else { throw tooDeep(node, locateInPage) }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            return [try paragraph(node, depth: depth)]
        case CMARK_NODE_HEADING:
            // Inside a list or quote a heading has no place in the outline: it is bold words.
            var inlines = try self.inlines(node, depth: depth, locateInPage)
            _ = Self.takeID(&inlines)
            return inlines.isEmpty ? [] : [.paragraph([.strong(inlines)])]
        case CMARK_NODE_CODE_BLOCK:
            return codeLines(Self.literal(node)).map { [.paragraph($0)] } ?? []
        case CMARK_NODE_HTML_BLOCK:
            return lines(of: Self.literal(node)).map { [.paragraph($0)] } ?? []
        case CMARK_NODE_THEMATIC_BREAK:
            return []
        case CMARK_NODE_BLOCK_QUOTE:
            return try quote(node, depth: depth)
        case CMARK_NODE_LIST:
            var items: [[Block]] = []
            for item in Self.children(node) {
                var blocks: [Block] = []
                for child in Self.children(item) { blocks += try self.blocks(child, depth: depth + 1) }
                items.append(blocks)
            }
            return items.isEmpty ? [] : [.list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST, items: items)]
        default:
            // Items are read with their list; cmark makes nothing else here.
            var blocks: [Block] = []
            for child in Self.children(node) { blocks += try self.blocks(child, depth: depth + 1) }
            return blocks
        }
    }

    /// A block quote: the document's quote when it holds only running text (paragraphs kept
    /// apart by a blank line), else a call-out of kind "quote" holding its blocks.
    private func quote(_ node: OpaquePointer, depth: Int) throws(PageProblem) -> [Block] {
        var inner: [Block] = []
        for child in Self.children(node) { inner += try blocks(child, depth: depth + 1) }
        guard !inner.isEmpty else { return [] }
        var text: [Inline] = []
        for block in inner {
            guard case let .paragraph(inlines) = block else {
                return [.callout(kind: "quote", title: nil, blocks: inner)]
            }
            if !text.isEmpty { text += [.lineBreak, .lineBreak] }
            text += inlines
        }
        return [.quote(text: text, attribution: nil, source: nil)]
    }

    /// A paragraph, or the pipe table it spells.
    private func paragraph(_ node: OpaquePointer, depth: Int) throws(PageProblem) -> Block {
        if let table = try table(node) { return .table(table) }
        return .paragraph(try inlines(node, depth: depth, locateInPage))
    }

    /// A code block as a paragraph of code, one `.code` per line between line breaks.
    private func codeLines(_ literal: String) -> [Inline]? {
        let restored = restoringSources(literal)
        var lines = restored.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.contains(where: { !$0.isEmpty }) else { return nil }
        var inlines: [Inline] = []
        for (n, line) in lines.enumerated() {
            if n > 0 { inlines.append(.lineBreak) }
            if !line.isEmpty { inlines.append(.code(line)) }
        }
        return inlines
    }

    /// Raw HTML as the words it is, a line at a time.
    private func lines(of literal: String) -> [Inline]? {
        var lines = literal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.contains(where: { !$0.isEmpty }) else { return nil }
        var inlines: [Inline] = []
        for (n, line) in lines.enumerated() {
            if n > 0 { inlines.append(.lineBreak) }
            if !line.isEmpty { inlines.append(.text(noteShortcodes(line))) }
        }
        return inlines
    }

    // MARK: Inlines

    /// The inline content of `node`, adjacent words joined.
    private func inlines(_ node: OpaquePointer, depth: Int, _ locate: Locate) throws(PageProblem) -> [Inline] {
        guard depth <= Self.maximumDepth else { throw tooDeep(node, locate) }
        var out: [Inline] = []
        for child in Self.children(node) {
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT:
                out.append(.text(noteShortcodes(Self.literal(child))))
            case CMARK_NODE_HTML_INLINE:
                out.append(.text(noteShortcodes(Self.literal(child))))
            case CMARK_NODE_SOFTBREAK:
                out.append(.text(" "))
            case CMARK_NODE_LINEBREAK:
                out.append(.lineBreak)
            case CMARK_NODE_CODE:
                out.append(.code(restoringSources(Self.literal(child))))
            case CMARK_NODE_EMPH:
                out.append(.emphasis(try inlines(child, depth: depth + 1, locate)))
            case CMARK_NODE_STRONG:
                out.append(.strong(try inlines(child, depth: depth + 1, locate)))
            case CMARK_NODE_LINK:
                let url = cmark_node_get_url(child).map { String(cString: $0) } ?? ""
                if url.unicodeScalars.contains(Placeholder.open) {
                    throw problem(child, locate, "a shortcode cannot be where a link goes",
                                  suggestion: "write the address itself, or a shortcode that makes the whole link")
                }
                let words = try inlines(child, depth: depth + 1, locate)
                if HTMLEscape.isSafeLink(url) {
                    out.append(.link(text: words.isEmpty ? [.text(url)] : words, url: url))
                } else {
                    // Other schemes and relative paths: the words stay, the link does not.
                    out += words
                }
            case CMARK_NODE_IMAGE:
                throw problem(child, locate, "images are not supported in pages; use the chart or figure shortcodes")
            default:
                out += try inlines(child, depth: depth + 1, locate)
            }
        }
        return Self.joined(out)
    }

    /// Adjacent words as one `.text`, empty words dropped.
    static func joined(_ inlines: [Inline]) -> [Inline] {
        var out: [Inline] = []
        out.reserveCapacity(inlines.count)
        for inline in inlines {
            if case let .text(words) = inline {
                if words.isEmpty { continue }
                if case let .text(before) = out.last {
                    out[out.count - 1] = .text(before + words)
                    continue
                }
            }
            out.append(inline)
        }
        return out
    }

    /// Marks the shortcodes in `words` as in text.
    private func noteShortcodes(_ words: String) -> String {
        guard words.unicodeScalars.contains(Placeholder.open) else { return words }
        for case let .shortcode(index) in Placeholder.pieces(words) where inText.indices.contains(index) {
            inText[index] = true
        }
        return words
    }

    /// Code shows shortcodes as they were written.
    private func restoringSources(_ code: String) -> String {
        guard code.unicodeScalars.contains(Placeholder.open) else { return code }
        return Placeholder.pieces(code).map { piece in
            switch piece {
            case let .text(words): words
            case let .shortcode(index): shortcodes.indices.contains(index) ? shortcodes[index].source : ""
            }
        }.joined()
    }

    /// A trailing `{#name}` of a heading: taken off the text and returned.
    static func takeID(_ inlines: inout [Inline]) -> String? {
        guard case let .text(words) = inlines.last, words.hasSuffix("}"),
              let open = words.range(of: "{#", options: .backwards) else { return nil }
        let name = words[open.upperBound ..< words.index(before: words.endIndex)]
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else {
            return nil
        }
        let before = words[..<open.lowerBound]
        guard before.isEmpty ? inlines.count > 1 : before.last!.isWhitespace else { return nil }
        inlines.removeLast()
        let rest = before.trimmingTrailingSpaces()
        if !rest.isEmpty {
            inlines.append(.text(rest))
        } else if case let .text(last) = inlines.last {
            let trimmed = last.trimmingTrailingSpaces()
            if trimmed.isEmpty { inlines.removeLast() } else { inlines[inlines.count - 1] = .text(trimmed) }
        }
        return String(name)
    }

    // MARK: Tables

    /// The pipe table a paragraph's lines make, if they make one. Inside a list or quote the
    /// lines after the first must start with what the container puts there (spaces, `>`).
    private func table(_ node: OpaquePointer) throws(PageProblem) -> Table? {
        let first = Int(cmark_node_get_start_line(node))
        let last = Int(cmark_node_get_end_line(node))
        guard last > first, last - first < 100_000 else { return nil }
        let indent = max(0, Int(cmark_node_get_start_column(node)) - 1)
        var lines: [ArraySlice<UInt8>] = []
        for number in first ... last {
            let line = map.line(number, in: text)
            let cut = min(indent, line.count)
            if number > first, !line.prefix(cut).allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x3E }) { return nil }
            lines.append(line.dropFirst(cut))
            if number == first + 1, !line.contains(0x7C) { return nil }
        }
        guard let shape = PipeTable.read(lines) else { return nil }
        func read(_ cell: PipeTable.Cell, line: Int, base: Int) throws(PageProblem) -> [Inline] {
            try cellInlines(cell.text, line: line, offset: base + cell.offset)
        }
        let headerBase = lines[0].startIndex - map.line(first, in: text).startIndex
        var header: [[Inline]] = []
        for cell in shape.header { header.append(try read(cell, line: first, base: headerBase)) }
        var rows: [[[Inline]]] = []
        for (n, row) in shape.rows.enumerated() {
            let number = first + 2 + n
            let base = lines[n + 2].startIndex - map.line(number, in: text).startIndex
            var cells: [[Inline]] = []
            for cell in row { cells.append(try read(cell, line: number, base: base)) }
            rows.append(cells)
        }
        return Table(header: header, rows: rows, alignments: shape.alignments, caption: nil)
    }

    /// A cell's Markdown read as inline text: cmark reads it as a page of its own, with a
    /// backslash before anything at its start that would make it a block.
    private func cellInlines(_ cell: [UInt8], line: Int, offset: Int) throws(PageProblem) -> [Inline] {
        guard !cell.isEmpty else { return [] }
        let markdown = Self.inlineOnly(cell)
        guard let document = Self.parse(markdown) else { return [.text(String(decoding: cell, as: UTF8.self))] }
        defer { cmark_node_free(document) }
        let shift = markdown.count - cell.count
        let locate: Locate = { [unowned self] _, column in
            self.locateInPage(line, offset + max(1, column - shift))
        }
        var out: [Inline] = []
        for block in Self.children(document) {
            if !out.isEmpty { out.append(.text(" ")) }
            out += try flatInlines(block, depth: 1, locate)
        }
        return Self.joined(out)
    }

    /// Whatever blocks cmark made of a cell, as inlines.
    private func flatInlines(_ node: OpaquePointer, depth: Int, _ locate: Locate) throws(PageProblem) -> [Inline] {
        guard depth <= Self.maximumDepth else { throw tooDeep(node, locate) }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
            return try inlines(node, depth: depth, locate)
        case CMARK_NODE_CODE_BLOCK:
            return [.code(restoringSources(Self.literal(node)).trimmingTrailingNewlines())]
        case CMARK_NODE_HTML_BLOCK:
            return [.text(noteShortcodes(Self.literal(node).trimmingTrailingNewlines()))]
        default:
            var out: [Inline] = []
            for child in Self.children(node) {
                let inner = try flatInlines(child, depth: depth + 1, locate)
                if !out.isEmpty, !inner.isEmpty { out.append(.text(" ")) }
                out += inner
            }
            return out
        }
    }

    /// `cell` with a backslash before a start that would make a block: a heading's `#`, a
    /// quote's `>`, a list marker, a thematic break, a code fence, a link definition.
    static func inlineOnly(_ cell: [UInt8]) -> [UInt8] {
        guard let first = cell.first else { return cell }
        func followedBySpace(_ i: Int) -> Bool { i >= cell.count || cell[i] == 0x20 || cell[i] == 0x09 }
        switch first {
        case 0x23:
            let hashes = cell.prefix { $0 == 0x23 }.count
            if hashes <= 6, followedBySpace(hashes) { return [0x5C] + cell }
        case 0x3E:
            return [0x5C] + cell
        case 0x2D, 0x2B, 0x2A, 0x5F:
            if first != 0x5F, followedBySpace(1) { return [0x5C] + cell }
            let marks = cell.filter { $0 != 0x20 && $0 != 0x09 }
            if marks.count >= 3, marks.allSatisfy({ $0 == first }), first != 0x2B { return [0x5C] + cell }
        case 0x60, 0x7E:
            let run = cell.prefix { $0 == first }.count
            if run >= 3, first == 0x7E || !cell.dropFirst(run).contains(0x60) { return [0x5C] + cell }
        case 0x30 ... 0x39:
            let digits = cell.prefix { (0x30 ... 0x39).contains($0) }.count
            if digits <= 9, digits < cell.count, cell[digits] == 0x2E || cell[digits] == 0x29, followedBySpace(digits + 1) {
                return Array(cell[..<digits]) + [0x5C] + Array(cell[digits...])
            }
        case 0x5B:
            if let close = cell.firstIndex(of: 0x5D), close + 1 < cell.count, cell[close + 1] == 0x3A { return [0x5C] + cell }
        default:
            break
        }
        return cell
    }
}

extension StringProtocol {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return String(s)
    }

    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while let last = s.last, last.isNewline { s.removeLast() }
        return String(s)
    }
}
