import StoryloomShared
import Yams

/// The YAML at the top of a page, between a first line `---` and the next line `---` (or
/// `...`): a mapping of keys to plain values, in file order.
enum FrontMatter {
    /// Levels of nesting a page's front matter may have; a page needs a handful.
    static let maximumDepth = 64

    struct Split {
        var members: [(key: String, value: PlainValue)]
        /// Where the Markdown starts: a byte offset into the file and its line number.
        var bodyOffset: Int
        var bodyLine: Int
    }

    /// The front matter, if the file opens with one, and where the body starts.
    static func read(_ bytes: [UInt8]) throws(PageProblem) -> Split {
        var lines = LineCursor(bytes)
        // A byte order mark is not part of the first line.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { lines.offset = 3 }
        guard let first = lines.next(), isFence(bytes[first], allowDots: false) else {
            return Split(members: [], bodyOffset: 0, bodyLine: 1)
        }
        let yamlStart = lines.offset
        var closing: (content: Range<Int>, next: Int)? = nil
        var lineNumber = 1
        while let line = lines.next() {
            lineNumber += 1
            if isFence(bytes[line], allowDots: true) {
                closing = (line, lines.offset)
                break
            }
        }
        guard let closing else {
            throw PageProblem(1, 1, "the front matter that opens with '---' is never closed",
                              suggestion: "end it with a line of '---' before the page's text")
        }
        let yaml = String(decoding: bytes[yamlStart ..< closing.content.lowerBound], as: UTF8.self)
        let members = try parse(yaml)
        return Split(members: members, bodyOffset: closing.next, bodyLine: lineNumber + 1)
    }

    /// `---` (or `...` to close), with nothing after it but spaces.
    private static func isFence(_ line: ArraySlice<UInt8>, allowDots: Bool) -> Bool {
        var trimmed = line
        while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed.removeLast() }
        return trimmed.elementsEqual("---".utf8) || (allowDots && trimmed.elementsEqual("...".utf8))
    }

    /// The YAML text (which starts on line 2 of the file) as ordered members.
    private static func parse(_ yaml: String) throws(PageProblem) -> [(key: String, value: PlainValue)] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw describe(error)
        } catch {
            throw PageProblem(2, 1, "the front matter is not YAML: \(error)")
        }
        guard let root else { return [] }
        guard case let .mapping(mapping) = root else {
            let (line, column) = place(root.mark)
            throw PageProblem(line, column, "the front matter must be a mapping of keys to values, not \(kind(root))",
                              suggestion: "write it as lines of 'key: value', such as 'title: Our findings'")
        }
        // Aliases share nodes that the conversion copies: count what it makes, so a few
        // lines of aliases to aliases cannot expand without bound.
        var budget = max(100_000, yaml.utf8.count * 2)
        return try members(of: mapping, depth: 1, budget: &budget)
    }

    private static func members(of mapping: Node.Mapping, depth: Int, budget: inout Int) throws(PageProblem)
        -> [(key: String, value: PlainValue)] {
        var members: [(key: String, value: PlainValue)] = []
        for (key, value) in mapping {
            guard case let .scalar(scalar) = key else {
                let (line, column) = place(key.mark)
                throw PageProblem(line, column, "a front matter key must be a word or phrase, not \(kind(key))")
            }
            members.append((key: scalar.string, value: try plain(value, depth: depth + 1, budget: &budget)))
        }
        return members
    }

    private static func plain(_ node: Node, depth: Int, budget: inout Int) throws(PageProblem) -> PlainValue {
        budget -= 1
        let (line, column) = place(node.mark)
        guard budget >= 0 else {
            throw PageProblem(line, column, "aliases here expand the front matter to far more values than it holds")
        }
        guard depth <= maximumDepth else {
            throw PageProblem(line, column, "the front matter nests values more than \(maximumDepth) deep")
        }
        switch node {
        case let .scalar(scalar):
            return value(of: scalar)
        case let .sequence(sequence):
            var items: [PlainValue] = []
            for item in sequence { items.append(try plain(item, depth: depth + 1, budget: &budget)) }
            return .array(items)
        case let .mapping(mapping):
            return .object(try members(of: mapping, depth: depth, budget: &budget))
        case .alias:
            return .null
        }
    }

    /// Only plain (unquoted) scalars can be null, booleans or numbers, as in YAML 1.2's core schema.
    private static func value(of scalar: Node.Scalar) -> PlainValue {
        guard scalar.style == .plain else { return .string(scalar.string) }
        let node = Node.scalar(scalar)
        if node.null != nil { return .null }
        if let value = node.bool { return .bool(value) }
        if let value = node.int { return .integer(Int64(value)) }
        if let value = node.float, value.isFinite { return .number(value) }
        return .string(scalar.string)
    }

    private static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: "a single value"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }

    /// A YAML position as a position in the file: the YAML starts on line 2.
    private static func place(_ mark: Mark?) -> (line: Int, column: Int) {
        guard let mark else { return (2, 1) }
        return (mark.line + 1, max(1, mark.column))
    }

    private static func describe(_ error: YamlError) -> PageProblem {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            let (line, column) = place(mark)
            return PageProblem(line, column, "the front matter is not valid YAML: \(prefix)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let (line, column) = place(context.mark)
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return PageProblem(line, column, "the front matter gives the key \(keys) more than once")
        default:
            return PageProblem(2, 1, "the front matter is not valid YAML: \(error)")
        }
    }
}

/// Lines of UTF-8 text, each ended by LF, CR LF or CR (as CommonMark reads them).
struct LineCursor {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next line's bytes without its ending; `offset` moves past the ending.
    mutating func next() -> Range<Int>? {
        guard offset < bytes.count else { return nil }
        let start = offset
        var i = offset
        while i < bytes.count, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 }
        let end = i
        if i < bytes.count {
            i += (bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A) ? 2 : 1
        }
        offset = i
        return start ..< end
    }
}
