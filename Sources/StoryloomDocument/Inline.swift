/// Text within a block.
public indirect enum Inline: Sendable, Equatable {
    case text(String)
    case emphasis([Inline])
    case strong([Inline])
    case code(String)
    case link(text: [Inline], url: String)
    case lineBreak
}

extension [Inline] {
    /// The words alone, without markup (for anchors, alt text, text widths).
    public var plainText: String {
        map { inline in
            switch inline {
            case let .text(s), let .code(s): s
            case let .emphasis(inner), let .strong(inner): inner.plainText
            case let .link(text, _): text.plainText
            case .lineBreak: " "
            }
        }.joined()
    }
}

extension Inline {
    /// Parses the inline Markdown layouts write: `*emphasis*` or `_emphasis_`, `**strong**`,
    /// `` `code` ``, `[links](url)` and backslash escapes. A marker without its partner stays
    /// literal text. (Written here because no Markdown library that yields a tree is available.)
    public static func parse(_ markdown: String) -> [Inline] {
        var parser = InlineParser(Array(markdown))
        return parser.parse(until: nil)
    }
}

private struct InlineParser {
    let chars: [Character]
    var i = 0

    init(_ chars: [Character]) {
        self.chars = chars
    }

    mutating func parse(until closer: String?) -> [Inline] {
        var out: [Inline] = []
        var text = ""
        func flush() {
            if !text.isEmpty { out.append(.text(text)); text = "" }
        }
        while i < chars.count {
            if let closer, matches(closer) { break }
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, "\\`*_[]()#+-.!<>".contains(chars[i + 1]) {
                text.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "\n" {
                text.append(" ")
                i += 1
                continue
            }
            if c == "`", let end = find("`", from: i + 1) {
                flush()
                out.append(.code(String(chars[(i + 1) ..< end])))
                i = end + 1
                continue
            }
            if matches("**"), let inner = delimited("**") {
                flush()
                out.append(.strong(inner))
                continue
            }
            if c == "*" || c == "_", let inner = delimited(String(c)) {
                flush()
                out.append(.emphasis(inner))
                continue
            }
            if c == "[", let link = linkAt() {
                flush()
                out.append(link)
                continue
            }
            text.append(c)
            i += 1
        }
        flush()
        return out
    }

    func matches(_ s: String) -> Bool {
        let m = Array(s)
        guard i + m.count <= chars.count else { return false }
        return Array(chars[i ..< i + m.count]) == m
    }

    func find(_ s: String, from start: Int) -> Int? {
        let m = Array(s)
        var j = start
        while j + m.count <= chars.count {
            if Array(chars[j ..< j + m.count]) == m { return j }
            j += 1
        }
        return nil
    }

    /// `marker inner marker`, when the marker opens before a non-space and closes after one.
    mutating func delimited(_ marker: String) -> [Inline]? {
        let start = i + marker.count
        guard start < chars.count, !chars[start].isWhitespace else { return nil }
        var j = start
        while let end = find(marker, from: j) {
            if end > start, !chars[end - 1].isWhitespace {
                // A single `_` inside a word (snake_case) is not emphasis.
                if marker == "_", end + 1 < chars.count, chars[end + 1].isLetter || chars[end + 1].isNumber { j = end + 1; continue }
                var inner = InlineParser(Array(chars[start ..< end]))
                let result = inner.parse(until: nil)
                i = end + marker.count
                return result
            }
            j = end + 1
        }
        return nil
    }

    mutating func linkAt() -> Inline? {
        guard let close = find("](", from: i + 1), let end = find(")", from: close + 2) else { return nil }
        let url = String(chars[(close + 2) ..< end])
        guard !url.isEmpty, !url.contains(" ") else { return nil }
        var inner = InlineParser(Array(chars[(i + 1) ..< close]))
        let text = inner.parse(until: nil)
        i = end + 1
        return .link(text: text, url: url)
    }
}
