extension Inline {
    /// Parses the small inline Markdown layouts write (no Markdown library that yields a tree
    /// is available here):
    ///
    /// - `*emphasis*` or `_emphasis_`, `**strong**` or `__strong__`, `***both***`
    /// - `` `code` `` (longer backtick runs may enclose backticks: ``` `` a`b `` ```)
    /// - `[link text](url)`; the url has no spaces, and balanced parentheses are kept in it
    /// - a backslash before ASCII punctuation makes it literal; a backslash before a line end
    ///   is a line break; any other line end is a space
    ///
    /// A marker without its partner stays literal text, as does an opener followed by a space,
    /// and `_` inside a word (`snake_case`) is never emphasis.
    public static func parseMarkdown(_ markdown: String) -> [Inline] {
        // Most text holds none of the characters the parser acts on: it is one text run, found
        // by a look at its bytes rather than by splitting it into characters.
        if !mayHoldMarkup(markdown) { return markdown.isEmpty ? [] : [.text(markdown)] }
        let parser = InlineMarkdownParser(Array(markdown))
        return parser.parse(parser.chars.startIndex ..< parser.chars.endIndex)
    }

    /// Whether `text` has a character the parser does more with than keep: a backslash,
    /// backtick, `*`, `_`, `[`, or a line end (line feed, vertical tab, form feed, carriage
    /// return, U+0085, U+2028, U+2029).
    static func mayHoldMarkup(_ text: String) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x0A ... 0x0D: return true
            case 0x85 where previous == 0xC2: return true
            case 0xA8 where previous == 0x80 && beforePrevious == 0xE2: return true
            case 0xA9 where previous == 0x80 && beforePrevious == 0xE2: return true
            default: break
            }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    /// The same as `parseMarkdown(_:)`.
    public static func parse(_ markdown: String) -> [Inline] {
        parseMarkdown(markdown)
    }
}

/// A recursive-descent reader over characters; every method works on a range so nested
/// content is parsed in place without copying.
private struct InlineMarkdownParser {
    let chars: [Character]

    init(_ chars: [Character]) {
        self.chars = chars
    }


    func parse(_ range: Range<Int>) -> [Inline] {
        var out: [Inline] = []
        var text = ""
        func flush() {
            if !text.isEmpty { out.append(.text(text)); text = "" }
        }
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let c = chars[i]
            switch c {
            case "\\" where i + 1 < end && chars[i + 1].isNewline:
                flush()
                out.append(.lineBreak)
                i += 2
            case "\\" where i + 1 < end && chars[i + 1].isASCIIPunctuation:
                text.append(chars[i + 1])
                i += 2
            case _ where c.isNewline:
                // Includes "\r\n", which Swift reads as one character.
                text.append(" ")
                i += 1
            case "`":
                let run = runLength(at: i, in: end)
                if let close = codeSpanEnd(openingRun: run, from: i + run, in: end) {
                    flush()
                    out.append(.code(codeContent(i + run ..< close)))
                    i = close + run
                } else {
                    text += String(repeating: "`", count: run)
                    i += run
                }
            case "*", "_":
                let run = runLength(at: i, in: end)
                if run <= 3, canOpen(at: i, run: run, in: end), let close = closer(of: c, run: run, from: i + run, in: end) {
                    flush()
                    let inner = parse(i + run ..< close)
                    switch run {
                    case 1: out.append(.emphasis(inner))
                    case 2: out.append(.strong(inner))
                    default: out.append(.strong([.emphasis(inner)]))
                    }
                    i = close + run
                } else {
                    text += String(repeating: String(c), count: run)
                    i += run
                }
            case "[":
                if let link = link(at: i, in: end) {
                    flush()
                    out.append(.link(text: parse(i + 1 ..< link.textEnd), url: link.url))
                    i = link.end
                } else {
                    text.append(c)
                    i += 1
                }
            default:
                text.append(c)
                i += 1
            }
        }
        flush()
        return out
    }

    func runLength(at i: Int, in end: Int) -> Int {
        var j = i
        while j < end && chars[j] == chars[i] { j += 1 }
        return j - i
    }

    /// Where a run of exactly `openingRun` backticks closes the span, if one does.
    func codeSpanEnd(openingRun: Int, from start: Int, in end: Int) -> Int? {
        var j = start
        while j < end {
            if chars[j] == "`" {
                let run = runLength(at: j, in: end)
                if run == openingRun { return j }
                j += run
            } else {
                j += 1
            }
        }
        return nil
    }

    /// Code as CommonMark reads it: line ends are spaces, and one space is trimmed from each
    /// side when both sides have one (so `` ` `a` ` `` can show backticks at its edges).
    func codeContent(_ range: Range<Int>) -> String {
        var content = String(chars[range].map { $0.isNewline ? " " : $0 })
        if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
            content = String(content.dropFirst().dropLast())
        }
        return content
    }

    /// An opener is followed by a non-space; `_` must also not follow a letter or digit.
    func canOpen(at i: Int, run: Int, in end: Int) -> Bool {
        guard i + run < end, !chars[i + run].isWhitespace else { return false }
        if chars[i] == "_", i > 0, chars[i - 1].isLetter || chars[i - 1].isNumber { return false }
        return true
    }

    /// The first run of exactly `run` markers that can close, skipping code spans, escapes,
    /// and runs of other lengths (which pair among themselves inside).
    func closer(of marker: Character, run: Int, from start: Int, in end: Int) -> Int? {
        var j = start
        while j < end {
            let c = chars[j]
            if c == "\\" {
                j += 2
            } else if c == "`" {
                let length = runLength(at: j, in: end)
                j = codeSpanEnd(openingRun: length, from: j + length, in: end).map { $0 + length } ?? j + length
            } else if c == marker {
                let length = runLength(at: j, in: end)
                let followedByWord = j + length < end && (chars[j + length].isLetter || chars[j + length].isNumber)
                if length == run, j > start, !chars[j - 1].isWhitespace, !(marker == "_" && followedByWord) {
                    return j
                }
                j += length
            } else {
                j += 1
            }
        }
        return nil
    }

    /// `[text](url)` starting at `i`: the text's brackets must balance, the url follows at
    /// once, has no spaces, and its parentheses balance.
    func link(at i: Int, in end: Int) -> (textEnd: Int, url: String, end: Int)? {
        var depth = 0
        var j = i
        var textEnd: Int? = nil
        while j < end {
            switch chars[j] {
            case "\\": j += 1
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { textEnd = j }
            default: break
            }
            if textEnd != nil { break }
            j += 1
        }
        guard let textEnd, textEnd + 1 < end, chars[textEnd + 1] == "(" else { return nil }
        var parens = 0
        var k = textEnd + 2
        while k < end {
            let c = chars[k]
            if c.isWhitespace { return nil }
            if c == "(" { parens += 1 }
            if c == ")" {
                if parens == 0 { break }
                parens -= 1
            }
            k += 1
        }
        guard k < end, k > textEnd + 2 else { return nil }
        return (textEnd, String(chars[(textEnd + 2) ..< k]), k + 1)
    }
}

extension Character {
    /// ASCII punctuation: what a backslash can make literal in Markdown.
    var isASCIIPunctuation: Bool {
        guard let ascii = asciiValue else { return false }
        return (33 ... 47).contains(ascii) || (58 ... 64).contains(ascii) || (91 ... 96).contains(ascii) || (123 ... 126).contains(ascii)
    }
}
