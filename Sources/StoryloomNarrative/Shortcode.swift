/// A shortcode in a page, as written: `{{< name arg "quoted arg" key=value key="quoted value" >}}`.
///
/// What it becomes is up to whoever expands the page (the build pipeline, through the
/// shortcodes plugins define); the parser only records it and keeps its place.
public struct Shortcode: Sendable, Equatable {
    /// One `key=value` argument.
    public struct Option: Sendable, Equatable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Letters, digits, `-`, `_` and `.`.
    public var name: String
    /// The positional arguments, quotes removed, in order.
    public var arguments: [String]
    /// The `key=value` arguments, in order; no key appears twice.
    public var options: [Option]
    /// Where the `{{<` is: line and column from 1, the column in characters of the line.
    public var line: Int
    public var column: Int
    /// The exact text, from `{{<` to `>}}`.
    public var source: String
    /// Whether it stands alone as a paragraph of a page (so it may become blocks), rather
    /// than inside running text.
    public var isBlock: Bool

    public init(name: String, arguments: [String] = [], options: [Option] = [], line: Int, column: Int, source: String,
                isBlock: Bool = false) {
        self.name = name
        self.arguments = arguments
        self.options = options
        self.line = line
        self.column = column
        self.source = source
        self.isBlock = isBlock
    }

    /// The value of option `key`, if given.
    public func option(_ key: String) -> String? {
        options.first { $0.key == key }?.value
    }
}

/// How a shortcode is held in the Markdown given to cmark: U+E000, its index, U+E001. cmark
/// passes private-use characters through text untouched, and a page may not contain them
/// itself (nor as character references), so a placeholder cannot be forged.
enum Placeholder {
    static let open: Unicode.Scalar = "\u{E000}"
    static let close: Unicode.Scalar = "\u{E001}"
    /// The UTF-8 of U+E000 and U+E001: EE 80 80, EE 80 81.
    static let openBytes: [UInt8] = [0xEE, 0x80, 0x80]
    static let closeBytes: [UInt8] = [0xEE, 0x80, 0x81]

    static func bytes(_ index: Int) -> [UInt8] {
        openBytes + Array(String(index).utf8) + closeBytes
    }

    /// A piece of text: words, or a placeholder's index.
    enum Piece {
        case text(String)
        case shortcode(Int)
    }

    /// The text cut at its placeholders. A malformed one (which the reader never makes)
    /// stays text.
    static func pieces(_ text: String) -> [Piece] {
        guard text.unicodeScalars.contains(open) else { return [.text(text)] }
        var pieces: [Piece] = []
        let scalars = text.unicodeScalars
        var runStart = scalars.startIndex
        var i = scalars.startIndex
        while i < scalars.endIndex {
            guard scalars[i] == open else {
                i = scalars.index(after: i)
                continue
            }
            var j = scalars.index(after: i)
            var value = 0
            var digits = 0
            while j < scalars.endIndex, (0x30 ... 0x39).contains(scalars[j].value), digits < 9 {
                value = value * 10 + Int(scalars[j].value - 0x30)
                digits += 1
                j = scalars.index(after: j)
            }
            if digits > 0, j < scalars.endIndex, scalars[j] == close {
                if runStart < i { pieces.append(.text(String(Substring(scalars[runStart ..< i])))) }
                pieces.append(.shortcode(value))
                i = scalars.index(after: j)
                runStart = i
            } else {
                i = scalars.index(after: i)
            }
        }
        if runStart < scalars.endIndex { pieces.append(.text(String(Substring(scalars[runStart ..< scalars.endIndex])))) }
        return pieces
    }

    /// The index, when the text is one placeholder and nothing else but white space.
    static func sole(_ text: String) -> Int? {
        let pieces = pieces(text)
        var found: Int? = nil
        for piece in pieces {
            switch piece {
            case let .text(words):
                guard words.allSatisfy(\.isWhitespace) else { return nil }
            case let .shortcode(index):
                guard found == nil else { return nil }
                found = index
            }
        }
        return found
    }
}
