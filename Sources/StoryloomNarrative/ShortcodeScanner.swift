/// The Markdown of a page with its shortcodes taken out: each is a placeholder (see
/// `Placeholder`), recorded in `shortcodes` at its index.
struct ScannedSource {
    var text: [UInt8]
    var shortcodes: [Shortcode]
    var map: SourceMap
}

/// Finds the shortcodes in a page's Markdown before cmark reads it, in one pass: each
/// `{{<` is read to its `>}}` (at most `maximumLength` characters, within its paragraph), so
/// the work is linear in the page's length whatever it holds.
struct ShortcodeScanner {
    /// The longest a shortcode may be, in characters, from `{{<` to `>}}`.
    static let maximumLength = 1_000

    private let bytes: [UInt8]
    private var out: [UInt8] = []
    private var map = SourceMap()
    private var shortcodes: [Shortcode] = []
    private var line: Int
    private var lineStart: Int
    /// The last column worked out on the current line, so columns are counted once.
    private var columnCache: (offset: Int, column: Int)

    /// Scans `bytes` from `offset`, which starts file line `line`. The Markdown returned has
    /// an empty line for each line before it (the front matter), so cmark's line numbers are
    /// the file's.
    static func scan(_ bytes: [UInt8], from offset: Int, line: Int) throws(PageProblem) -> ScannedSource {
        var scanner = ShortcodeScanner(bytes: bytes, offset: offset, line: line)
        try scanner.run(from: offset)
        return ScannedSource(text: scanner.out, shortcodes: scanner.shortcodes, map: scanner.map)
    }

    private init(bytes: [UInt8], offset: Int, line: Int) {
        self.bytes = bytes
        self.line = line
        lineStart = offset
        columnCache = (offset, 1)
        out.reserveCapacity(bytes.count - offset + max(0, line - 1))
        for earlier in 1 ..< max(1, line) {
            map.startLine(at: out.count, origin: earlier)
            out.append(0x0A)
        }
    }

    private mutating func run(from offset: Int) throws(PageProblem) {
        map.startLine(at: out.count, origin: line)
        var i = offset
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            switch b {
            case 0x0A, 0x0D:
                let next = b == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A ? i + 2 : i + 1
                out.append(contentsOf: bytes[i ..< next])
                newLine(at: next)
                map.startLine(at: out.count, origin: line)
                i = next
            case 0xEE where i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x80 || bytes[i + 2] == 0x81):
                throw reserved(bytes[i + 2] == 0x80 ? "U+E000" : "U+E001", at: i)
            case 0x26:
                if let value = characterReference(at: i), value == 0xE000 || value == 0xE001 {
                    throw reserved(value == 0xE000 ? "U+E000" : "U+E001", at: i)
                }
                out.append(b)
                i += 1
            case 0x7B where starts(with: "{{{<", at: i):
                i = try shortcode(at: i, escaped: true)
            case 0x7B where starts(with: "{{<", at: i):
                i = try shortcode(at: i, escaped: false)
            default:
                // A run of bytes none of the cases above looks at is copied at once.
                var end = i + 1
                while end < n, !Self.mayStartSomething(bytes[end]) { end += 1 }
                out.append(contentsOf: bytes[i ..< end])
                i = end
            }
        }
    }

    /// Whether `run` may act on a byte: line ends, the lead byte of U+E000 and U+E001, the
    /// ampersand of a character reference, and the brace of a shortcode.
    private static func mayStartSomething(_ b: UInt8) -> Bool {
        b == 0x0A || b == 0x0D || b == 0xEE || b == 0x26 || b == 0x7B
    }

    private mutating func newLine(at offset: Int) {
        line += 1
        lineStart = offset
        columnCache = (offset, 1)
    }

    private func starts(with text: String, at i: Int) -> Bool {
        var k = i
        for unit in text.utf8 {
            guard k < bytes.count, bytes[k] == unit else { return false }
            k += 1
        }
        return true
    }

    /// The column (in characters, from 1) of byte `offset` of the current line.
    private mutating func column(at offset: Int) -> Int {
        if offset < columnCache.offset { columnCache = (lineStart, 1) }
        let column = columnCache.column + String(decoding: bytes[columnCache.offset ..< offset], as: UTF8.self).count
        columnCache = (offset, column)
        return column
    }

    private mutating func reserved(_ character: String, at offset: Int) -> PageProblem {
        PageProblem(line, column(at: offset), "a page may not contain the character \(character), which Storyloom keeps for its own use",
                    suggestion: "remove it (it is a private-use character and shows as nothing)")
    }

    /// The code point of a numeric character reference (`&#57344;`, `&#xE000;`) at `i`.
    private func characterReference(at i: Int) -> UInt32? {
        let n = bytes.count
        guard i + 2 < n, bytes[i + 1] == 0x23 else { return nil }
        var k = i + 2
        let hex = bytes[k] == 0x78 || bytes[k] == 0x58
        if hex { k += 1 }
        var value: UInt32 = 0
        var digits = 0
        while k < n, digits < 8 {
            let c = bytes[k]
            let digit: UInt32
            switch c {
            case 0x30 ... 0x39: digit = UInt32(c - 0x30)
            case 0x41 ... 0x46 where hex: digit = UInt32(c - 0x41 + 10)
            case 0x61 ... 0x66 where hex: digit = UInt32(c - 0x61 + 10)
            default: return digits > 0 && c == 0x3B ? value : nil
            }
            value = value * (hex ? 16 : 10) + digit
            digits += 1
            k += 1
        }
        return digits > 0 && k < n && bytes[k] == 0x3B ? value : nil
    }

    /// Reads the shortcode (or escaped shortcode) at `i`; returns where the text goes on.
    private mutating func shortcode(at i: Int, escaped: Bool) throws(PageProblem) -> Int {
        let startLine = line
        let startColumn = column(at: i)
        let opening = escaped ? 4 : 3
        var reader = ArgumentReader(bytes: bytes, offset: i + opening, used: opening, closing: escaped ? 4 : 3)
        let tokens: [ArgumentReader.Token]
        do {
            tokens = try reader.read()
        } catch {
            let what = escaped ? "escaped shortcode" : "shortcode"
            switch error {
            case .unclosed:
                throw PageProblem(startLine, startColumn, "this \(what) has no closing '\(escaped ? ">}}}" : ">}}")'",
                                  suggestion: "close it in the same paragraph, within \(Self.maximumLength) characters; "
                                      + "to show '{{<' itself, write '{{{< … >}}}'")
            case .unterminatedQuote:
                throw PageProblem(startLine, startColumn, "a quoted argument of this \(what) is not closed",
                                  suggestion: "end it with the same quote mark; a backslash before a quote mark keeps it inside")
            }
        }
        let end = reader.offset
        if escaped {
            // `{{{< x >}}}` is the text `{{< x >}}`, line ends and all.
            copyVerbatim(i + 1 ..< end - 1)
            return end
        }
        let source = String(decoding: bytes[i ..< end], as: UTF8.self)
        var code = try shortcode(from: tokens, source: source, line: startLine, column: startColumn)
        code.isBlock = false
        out.append(contentsOf: Placeholder.bytes(shortcodes.count))
        shortcodes.append(code)
        // The placeholder is on one line, however many the shortcode spanned.
        var k = i
        while k < end {
            let b = bytes[k]
            if b == 0x0A || b == 0x0D {
                let next = b == 0x0D && k + 1 < end && bytes[k + 1] == 0x0A ? k + 2 : k + 1
                newLine(at: next)
                k = next
            } else {
                k += 1
            }
        }
        map.resume(at: out.count, line: line, column: column(at: end))
        return end
    }

    private mutating func copyVerbatim(_ range: Range<Int>) {
        var k = range.lowerBound
        while k < range.upperBound {
            let b = bytes[k]
            if b == 0x0A || b == 0x0D {
                let next = b == 0x0D && k + 1 < range.upperBound && bytes[k + 1] == 0x0A ? k + 2 : k + 1
                out.append(contentsOf: bytes[k ..< next])
                newLine(at: next)
                map.startLine(at: out.count, origin: line)
                k = next
            } else {
                out.append(b)
                k += 1
            }
        }
    }

    private func shortcode(from tokens: [ArgumentReader.Token], source: String, line: Int, column: Int) throws(PageProblem) -> Shortcode {
        guard let first = tokens.first else {
            throw PageProblem(line, column, "this shortcode has no name", suggestion: "write its name first, as in '{{< quote q1 >}}'")
        }
        guard first.key == nil, !first.quoted, Self.isName(first.value) else {
            throw PageProblem(line, column, "'\(first.written)' is not a shortcode name",
                              suggestion: "a name is letters, digits, '-', '_' and '.', written first")
        }
        var arguments: [String] = []
        var options: [Shortcode.Option] = []
        for token in tokens.dropFirst() {
            if let key = token.key {
                if options.contains(where: { $0.key == key }) {
                    throw PageProblem(line, column, "the shortcode '\(first.value)' gives the option '\(key)' more than once",
                                      suggestion: "keep one '\(key)=…'")
                }
                options.append(Shortcode.Option(key: key, value: token.value))
            } else {
                arguments.append(token.value)
            }
        }
        return Shortcode(name: first.value, arguments: arguments, options: options, line: line, column: column, source: source)
    }

    /// Letters, digits, `-`, `_` and `.` (ASCII), at least one.
    static func isName<S: Sequence>(_ text: S) -> Bool where S.Element == Character {
        var any = false
        for c in text {
            guard c.isASCII, c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." else { return false }
            any = true
        }
        return any
    }
}

/// Reads a shortcode's arguments from just after its `{{<` to just after its `>}}`.
///
/// Arguments are split on white space; a double or single quote at the start of an argument
/// (or just after `key=`) groups up to the same quote, a backslash keeping a quote mark (or a
/// backslash) inside; `key=value` is an option when the key is a name.
struct ArgumentReader {
    enum Failure: Error {
        case unclosed, unterminatedQuote
    }

    struct Token {
        var key: String?
        var value: String
        var quoted: Bool

        /// The argument much as written, for messages.
        var written: String {
            let shown = quoted ? "\"\(value)\"" : value
            return key.map { "\($0)=\(shown)" } ?? shown
        }
    }

    let bytes: [UInt8]
    private(set) var offset: Int
    /// Characters read since the `{{<`.
    private var used: Int
    /// How many characters close it: 3 (`>}}`) or 4 (`>}}}`).
    let closing: Int

    init(bytes: [UInt8], offset: Int, used: Int, closing: Int) {
        self.bytes = bytes
        self.offset = offset
        self.used = used
        self.closing = closing
    }

    private var done: Bool { offset >= bytes.count || used > ShortcodeScanner.maximumLength }
    private var byte: UInt8 { bytes[offset] }

    private mutating func advance() {
        if bytes[offset] & 0xC0 != 0x80 { used += 1 }
        offset += 1
    }

    private var atClose: Bool {
        guard offset + closing <= bytes.count, bytes[offset] == 0x3E else { return false }
        for k in 1 ..< closing where bytes[offset + k] != 0x7D { return false }
        return true
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Whether the line after the line end at `offset` is blank (or the text ends), which
    /// ends the paragraph.
    private func blankLineFollows() -> Bool {
        var k = offset + (bytes[offset] == 0x0D && offset + 1 < bytes.count && bytes[offset + 1] == 0x0A ? 2 : 1)
        while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
        return k >= bytes.count || bytes[k] == 0x0A || bytes[k] == 0x0D
    }

    mutating func read() throws(Failure) -> [Token] {
        var tokens: [Token] = []
        while true {
            while !done, Self.isSpace(byte) {
                if byte == 0x0A || byte == 0x0D, blankLineFollows() { throw .unclosed }
                advance()
            }
            if done { throw .unclosed }
            if atClose {
                for _ in 0 ..< closing { advance() }
                return tokens
            }
            if byte == 0x22 || byte == 0x27 {
                tokens.append(Token(key: nil, value: try quoted(), quoted: true))
                continue
            }
            var raw: [UInt8] = []
            var key: [UInt8]? = nil
            var quotedValue = false
            while !done, !Self.isSpace(byte), !atClose {
                if byte == 0x3D, key == nil, ShortcodeScanner.isName(String(decoding: raw, as: UTF8.self)) {
                    key = raw
                    raw = []
                    advance()
                    if !done, byte == 0x22 || byte == 0x27 {
                        raw = Array(try quoted().utf8)
                        quotedValue = true
                        break
                    }
                    continue
                }
                raw.append(byte)
                advance()
            }
            tokens.append(Token(key: key.map { String(decoding: $0, as: UTF8.self) }, value: String(decoding: raw, as: UTF8.self),
                                quoted: quotedValue))
        }
    }

    /// A quoted argument, from its opening quote to just after its closing one.
    private mutating func quoted() throws(Failure) -> String {
        let quote = byte
        advance()
        var value: [UInt8] = []
        while true {
            if done { throw .unterminatedQuote }
            let b = byte
            if b == 0x5C, offset + 1 < bytes.count, bytes[offset + 1] == quote || bytes[offset + 1] == 0x5C {
                advance()
                value.append(byte)
                advance()
                continue
            }
            if b == quote {
                advance()
                return String(decoding: value, as: UTF8.self)
            }
            if b == 0x0A || b == 0x0D, blankLineFollows() { throw .unterminatedQuote }
            value.append(b)
            advance()
        }
    }
}
