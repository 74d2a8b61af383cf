import Foundation
import Yams

/// Reads YAML text into the same `Tape` the JSON reader makes, keeping each node's
/// line and column for error messages.
enum YAMLReader {
    struct SyntaxError: Error {
        var line: Int
        var column: Int
        var message: String
    }

    static func read(_ source: SourceBytes) throws(SyntaxError) -> (tape: Tape, problems: [(offset: Int, message: String)]) {
        // Every ill-formed UTF-8 sequence is a problem of its own; the text is read repaired.
        let problems = UTF8Check.allInvalid(source.buffer).map { (offset: $0, message: "text is not valid UTF-8") }
        let text = String(decoding: source.buffer, as: UTF8.self)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw describe(error)
        } catch {
            throw SyntaxError(line: 1, column: 1, message: "\(error)")
        }
        var tape = Tape()
        tape.source = source
        guard let root else {
            throw SyntaxError(line: 1, column: 1, message: "the file holds no YAML document")
        }
        // Aliases share nodes, which the tape copies: count what the copy makes, so a few
        // hundred bytes of aliases to aliases (a "billion laughs" file) stop with an error.
        var budget = Budget(remaining: max(100_000, source.count * 2))
        try append(root, to: &tape, depth: 0, budget: &budget)
        return (tape, problems)
    }

    private static func describe(_ error: YamlError) -> SyntaxError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return SyntaxError(line: mark.line, column: mark.column, message: prefix + problem)
        case let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return SyntaxError(line: mark.line, column: mark.column, message: prefix + problem)
        default:
            return SyntaxError(line: 1, column: 1, message: "\(error)")
        }
    }

    /// How many more values the tape may take.
    struct Budget {
        var remaining: Int
    }

    private static func append(_ node: Node, to tape: inout Tape, depth: Int, budget: inout Budget) throws(SyntaxError) {
        budget.remaining -= 1
        guard budget.remaining >= 0 else {
            throw SyntaxError(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1,
                              message: "aliases here expand the file to far more values than it holds; a corpus may not repeat aliases of aliases")
        }
        guard depth < Tape.maximumDepth else {
            throw SyntaxError(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1,
                              message: "values are nested more than \(Tape.maximumDepth) deep; a corpus never needs that many levels")
        }
        let position = UInt32(tape.marks.count)
        tape.marks.append(node.mark.map { ($0.line, $0.column) } ?? (0, 0))
        switch node {
        case let .mapping(mapping):
            let members = try mergedMembers(of: mapping, budget: &budget)
            let index = tape.entries.count
            tape.entries.append(Tape.Entry(kind: .object, flag: false, payload: 0, count: UInt32(members.count), position: position))
            for (key, value) in members {
                // Keys are read as text, whatever their scalar type; a mapping or list as a key
                // (YAML's "? [a, b]: x") names nothing a corpus has.
                guard case let .scalar(scalar) = key else {
                    throw SyntaxError(line: key.mark?.line ?? 1, column: key.mark?.column ?? 1,
                                      message: "a key must be plain text, not a mapping or a list")
                }
                appendText(scalar.string, mark: key.mark, kind: .string, to: &tape)
                try append(value, to: &tape, depth: depth + 1, budget: &budget)
            }
            tape.entries[index].payload = UInt32(tape.entries.count)
        case let .sequence(sequence):
            let index = tape.entries.count
            tape.entries.append(Tape.Entry(kind: .array, flag: false, payload: 0, count: UInt32(sequence.count), position: position))
            for element in sequence { try append(element, to: &tape, depth: depth + 1, budget: &budget) }
            tape.entries[index].payload = UInt32(tape.entries.count)
        case let .scalar(scalar):
            tape.marks.removeLast()
            appendScalar(scalar, mark: node.mark, to: &tape)
        case .alias:
            tape.marks.removeLast()
            appendText("", mark: node.mark, kind: .null, to: &tape)
        }
    }

    /// A mapping's members with YAML merge keys (`<<: *base`, or `<<: [*a, *b]`) applied: the
    /// merged mappings' members come first, then the mapping's own, which win over merged ones
    /// of the same key (and earlier merged mappings win over later ones).
    private static func mergedMembers(of mapping: Node.Mapping, budget: inout Budget) throws(SyntaxError) -> [(key: Node, value: Node)] {
        func isMergeKey(_ key: Node) -> Bool {
            if case let .scalar(scalar) = key { return scalar.string == "<<" && scalar.style == .plain }
            return false
        }
        guard mapping.contains(where: { isMergeKey($0.key) }) else { return Array(mapping) }
        var own: [(key: Node, value: Node)] = []
        var merged: [(key: Node, value: Node)] = []
        for (key, value) in mapping {
            guard isMergeKey(key) else {
                own.append((key, value))
                continue
            }
            let sources: [Node]
            switch value {
            case .mapping: sources = [value]
            case let .sequence(list) where list.allSatisfy({ if case .mapping = $0 { true } else { false } }): sources = Array(list)
            default:
                throw SyntaxError(line: key.mark?.line ?? 1, column: key.mark?.column ?? 1,
                                  message: "a merge key '<<' takes a mapping or a list of mappings (such as *base)")
            }
            // Merges of merges repeat members as aliases do: they count against the same budget.
            for case let .mapping(source) in sources {
                let members = try mergedMembers(of: source, budget: &budget)
                budget.remaining -= members.count
                guard budget.remaining >= 0 else {
                    throw SyntaxError(line: key.mark?.line ?? 1, column: key.mark?.column ?? 1,
                                      message: "merge keys here expand the file to far more values than it holds; a corpus may not repeat merges of merges")
                }
                merged += members
            }
        }
        var seen = Set(own.compactMap { $0.key.string })
        var result: [(key: Node, value: Node)] = []
        for pair in merged where seen.insert(pair.key.string ?? "").inserted { result.append(pair) }
        return result + own
    }

    private static func appendScalar(_ scalar: Node.Scalar, mark: Mark?, to tape: inout Tape) {
        // Only plain (unquoted) scalars can be null, booleans or numbers, as in YAML 1.2's core schema.
        guard scalar.style == .plain else {
            appendText(scalar.string, mark: mark, kind: .string, to: &tape)
            return
        }
        let node = Node.scalar(scalar)
        if node.null != nil {
            appendText("", mark: mark, kind: .null, to: &tape)
        } else if let value = node.bool {
            appendText("", mark: mark, kind: .bool, to: &tape)
            tape.entries[tape.entries.count - 1].flag = value
        } else if let value = node.int {
            appendText(String(value), mark: mark, kind: .number, to: &tape)
        } else if let value = node.float, value.isFinite {
            appendText(String(value), mark: mark, kind: .number, to: &tape)
        } else {
            appendText(scalar.string, mark: mark, kind: .string, to: &tape)
        }
    }

    private static func appendText(_ text: String, mark: Mark?, kind: Tape.Kind, to tape: inout Tape) {
        let position = UInt32(tape.marks.count)
        tape.marks.append(mark.map { ($0.line, $0.column) } ?? (0, 0))
        let start = tape.arena.count
        tape.arena.append(contentsOf: text.utf8)
        tape.entries.append(Tape.Entry(kind: kind, flag: true, payload: UInt32(start), count: UInt32(tape.arena.count - start), position: position))
    }
}
