import BitCollections

/// Storytellers by self-described attribute: who gave each key, and who gave each value. Made
/// once at load (or read from the cache) so that a report grouping by every attribute does not
/// walk all storytellers' records for it.
public struct AttributeIndex: Sendable {
    /// Attribute keys in the order they first appear in the corpus.
    public let keys: [String]
    /// By the key's place in `keys`: the storytellers who gave it, and them by value (a list
    /// value counts under each of its items).
    let given: [BitSet]
    let byValue: [[String: BitSet]]
    private let slots: [String: Int]

    /// The storytellers who gave `key` at all.
    public func storytellers(giving key: String) -> BitSet {
        slots[key].map { given[$0] } ?? BitSet()
    }

    /// The values given for `key`, each with its storytellers.
    public func values(of key: String) -> [String: BitSet] {
        slots[key].map { byValue[$0] } ?? [:]
    }

    /// The index of every storyteller's attributes, in one pass.
    init(storytellers: [Storyteller]) {
        // Each name gets a slot the first time it appears (so the keys come out in that order),
        // and a storyteller's attributes are filed by slot: one lookup of the name each.
        var slots: [String: Int] = [:]
        var keys: [String] = []
        var given: [WordSet] = [], byValue: [[String: WordSet]] = []
        for (t, teller) in storytellers.enumerated() {
            for (name, value) in teller.attributes {
                let slot: Int
                if let known = slots[name] {
                    slot = known
                } else {
                    slot = keys.count
                    slots[name] = slot
                    keys.append(name)
                    given.append(WordSet())
                    byValue.append([:])
                }
                // A key given twice counts once, with its first value.
                guard !given[slot].contains(t) else { continue }
                given[slot].insert(t)
                for group in value.groupKeys { byValue[slot][group, default: WordSet()].insert(t) }
            }
        }
        self.keys = keys
        self.given = given.map(\.bitSet)
        self.byValue = byValue.map { $0.mapValues(\.bitSet) }
        self.slots = slots
    }

    /// An index made before (read from the cache); nil when a key repeats.
    init?(keys: [String], given: [BitSet], byValue: [[String: BitSet]]) {
        guard keys.count == given.count, keys.count == byValue.count else { return nil }
        var slots: [String: Int] = [:]
        slots.reserveCapacity(keys.count)
        for (slot, key) in keys.enumerated() {
            guard slots.updateValue(slot, forKey: key) == nil else { return nil }
        }
        self.keys = keys
        self.given = given
        self.byValue = byValue
        self.slots = slots
    }
}
