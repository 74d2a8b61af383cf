import Yams

/// A project or brand file's YAML tree made plain before it is read: merge keys (`<<: *base`)
/// applied as YAML defines them, aliases followed, and every step counted, so a few hundred
/// bytes of aliases to aliases, or merges of merges, stop with an error instead of growing
/// without bound. Keys must be text (YAML itself refuses a key given twice).
struct ConfigurationTree {
    /// Nodes one file may expand to; far beyond any real configuration, small enough to be quick.
    static let maximumNodes = 100_000
    /// Levels of nesting; a configuration file needs a handful.
    static let maximumDepth = 64

    let reader: NodeReader
    private var remaining: Int

    init(reader: NodeReader, textLength: Int) {
        self.reader = reader
        remaining = max(Self.maximumNodes, textLength * 2)
    }

    /// `node` with its merges applied, or the first problem, located.
    static func plain(_ node: Node, reader: NodeReader, textLength: Int) throws(ProjectError) -> Node {
        var tree = ConfigurationTree(reader: reader, textLength: textLength)
        return try tree.expand(node, depth: 0)
    }

    private mutating func expand(_ node: Node, depth: Int) throws(ProjectError) -> Node {
        remaining -= 1
        guard remaining >= 0 else {
            throw reader.error(node, "", "aliases here expand the file to far more values than it holds",
                               suggestion: "a configuration file may not repeat aliases of aliases")
        }
        guard depth < Self.maximumDepth else {
            throw reader.error(node, "", "values are nested more than \(Self.maximumDepth) deep")
        }
        switch node {
        case .scalar:
            return node
        case let .sequence(sequence):
            var items: [Node] = []
            for item in sequence { items.append(try expand(item, depth: depth + 1)) }
            return .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
        case let .mapping(mapping):
            return .mapping(Node.Mapping(try members(of: mapping, depth: depth), mapping.tag, mapping.style, mapping.mark))
        case .alias:
            throw reader.error(node, "", "an alias that names no anchor", suggestion: "define the anchor (&name) before the alias (*name)")
        }
    }

    /// A mapping's pairs with merged mappings' pairs first and the mapping's own winning over
    /// them (an earlier merged mapping wins over a later one), as YAML's merge key defines.
    private mutating func members(of mapping: Node.Mapping, depth: Int) throws(ProjectError) -> [(Node, Node)] {
        var own: [(Node, Node)] = []
        var merged: [(Node, Node)] = []
        var ownKeys = Set<String>()
        for (key, value) in mapping {
            guard case let .scalar(scalar) = key else {
                throw reader.error(key, "", "a key must be plain text, not a mapping or a list")
            }
            if scalar.string == "<<", scalar.style == .plain {
                let sources: [Node]
                switch value {
                case .mapping: sources = [value]
                case let .sequence(list) where list.allSatisfy({ if case .mapping = $0 { true } else { false } }): sources = Array(list)
                default:
                    throw reader.error(key, "", "a merge key '<<' takes a mapping or a list of mappings (such as *base)")
                }
                for source in sources {
                    guard case let .mapping(expanded) = try expand(source, depth: depth + 1) else { continue }
                    merged += expanded.map { ($0.key, $0.value) }
                }
                continue
            }
            ownKeys.insert(scalar.string)
            own.append((key, try expand(value, depth: depth + 1)))
        }
        guard !merged.isEmpty else { return own }
        var seen = ownKeys
        var result: [(Node, Node)] = []
        for pair in merged where seen.insert(pair.0.string ?? "").inserted { result.append(pair) }
        return result + own
    }
}
