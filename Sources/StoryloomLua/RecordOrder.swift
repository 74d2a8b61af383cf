import BitCollections
import StoryloomCorpus
import StoryloomQuery

/// Orders records by named criteria for `selection:top(k, order)`; ties always end in corpus
/// order, so the same corpus gives the same records.
struct RecordOrder {
    let corpus: Corpus
    let kind: RecordKind
    let criteria: [String]

    static let known: [RecordKind: [String]] = [
        .quotes: ["key", "themes", "length"],
        .stories: ["recorded", "quotes", "key"],
        .storytellers: ["stories"],
    ]

    init(corpus: Corpus, kind: RecordKind, criteria: [String]) throws(HostError) {
        self.corpus = corpus
        self.kind = kind
        self.criteria = criteria
        let allowed = Self.known[kind] ?? []
        for criterion in criteria where !allowed.contains(criterion) {
            throw HostError("top: '\(criterion)' does not order \(kind.rawValue); use \(allowed.map { "'\($0)'" }.joined(separator: ", "))")
        }
    }

    /// A sort key per criterion: smaller comes first.
    private func key(_ criterion: String, _ i: Int) -> Int {
        switch (kind, criterion) {
        case (.quotes, "key"): corpus.quotes[i].key ? 0 : 1
        case (.quotes, "themes"): corpus.quotes[i].themes.count
        case (.quotes, "length"): corpus.quotes[i].text.unicodeScalars.count
        case (.stories, "recorded"): corpus.stories[i].recordedDay ?? Int.max
        case (.stories, "quotes"): -corpus.stories[i].quotes.count
        case (.stories, "key"): corpus.stories[i].quotes.contains { corpus.quotes[$0].key } ? 0 : 1
        case (.storytellers, "stories"): -corpus.storytellers[i].stories.count
        default: 0
        }
    }

    func top(_ members: BitSet, _ k: Int) -> [Int] {
        let keyed = members.map { i in (keys: criteria.map { key($0, i) }, index: i) }
        let sorted = keyed.sorted { a, b in
            for (x, y) in zip(a.keys, b.keys) where x != y { return x < y }
            return a.index < b.index
        }
        return sorted.prefix(max(0, k)).map(\.index)
    }
}
