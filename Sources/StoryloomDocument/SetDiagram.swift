/// Items placed by the sets they belong to: a Venn diagram for up to three sets, an UpSet-style
/// matrix beyond. The sector diagram is one: findings placed by the sectors whose stories
/// support them.
public struct SetDiagram: Sendable, Equatable {
    public struct Set: Sendable, Equatable, Codable {
        public var id: String
        public var label: String

        public init(id: String, label: String) {
            self.id = id
            self.label = label
        }
    }

    public struct Item: Sendable, Equatable, Codable {
        public var label: String
        /// What the item counts (stories, say), shown beside it; the caption says what.
        public var count: Int?
        /// Ids of the sets it belongs to (at least one).
        public var sets: [String]

        public init(label: String, count: Int? = nil, sets: [String]) {
            self.label = label
            self.count = count
            self.sets = sets
        }
    }

    /// One region: the items that belong to exactly these sets.
    public struct Region: Sendable, Equatable {
        /// Indexes into `sets`, ascending.
        public var members: [Int]
        public var items: [Item]
    }

    public var sets: [Set]
    public var items: [Item]

    public init(sets: [Set], items: [Item]) {
        self.sets = sets
        self.items = items
    }

    /// Whether it is drawn as a Venn diagram (up to three sets) rather than a matrix.
    public var isVenn: Bool { sets.count <= 3 }

    /// The non-empty regions: for a Venn in a fixed order (one set, then two, then three, each
    /// in set order); for a matrix by size, largest first, ties in set order. Items keep their
    /// order within a region.
    public var regions: [Region] {
        let index = Dictionary(sets.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var byMembers: [[Int]: [Item]] = [:]
        for item in items {
            let members = Array(Swift.Set(item.sets.compactMap { index[$0] })).sorted()
            guard !members.isEmpty else { continue }
            byMembers[members, default: []].append(item)
        }
        let ordered = byMembers.keys.sorted { a, b in
            if !isVenn, byMembers[a]!.count != byMembers[b]!.count { return byMembers[a]!.count > byMembers[b]!.count }
            if a.count != b.count { return a.count < b.count }
            return a.lexicographicallyPrecedes(b)
        }
        return ordered.map { Region(members: $0, items: byMembers[$0]!) }
    }

    /// "Research and policy", for a region.
    public func name(of region: Region) -> String {
        let labels = region.members.map { sets[$0].label }
        if labels.count <= 1 { return (labels.first ?? "") + " only" }
        return labels.dropLast().joined(separator: ", ") + " and " + labels.last!
    }

    /// "Co-production in research (12)", for an item.
    public static func describe(_ item: Item) -> String {
        item.label + (item.count.map { " (\($0))" } ?? "")
    }
}
