import BitCollections
import Dispatch
import StoryloomCorpus

/// Orders records by named criteria for `selection:top(k, order)`; ties always end in corpus
/// order, so the same corpus gives the same records.
public struct RecordOrder {
    let corpus: Corpus
    let kind: RecordKind
    let criteria: [Criterion]
    /// The quotes' keys in flat arrays, when the caller has them (see `QuoteSortKeys`).
    let quoteKeys: QuoteSortKeys?

    enum Criterion {
        case quoteKey, quoteThemes, quoteLength, storyRecorded, storyQuotes, storyKey, tellerStories
    }

    static func criterion(_ kind: RecordKind, _ name: String) -> Criterion? {
        switch (kind, name) {
        case (.quotes, "key"): .quoteKey
        case (.quotes, "themes"): .quoteThemes
        case (.quotes, "length"): .quoteLength
        case (.stories, "recorded"): .storyRecorded
        case (.stories, "quotes"): .storyQuotes
        case (.stories, "key"): .storyKey
        case (.storytellers, "stories"): .tellerStories
        default: nil
        }
    }

    static let known: [RecordKind: [String]] = [
        .quotes: ["key", "themes", "length"],
        .stories: ["recorded", "quotes", "key"],
        .storytellers: ["stories"],
    ]

    public init(corpus: Corpus, kind: RecordKind, criteria: [String], quoteKeys: QuoteSortKeys? = nil) throws(QueryError) {
        self.corpus = corpus
        self.kind = kind
        self.quoteKeys = quoteKeys
        // Each criterion once: a repeat could not change the order.
        var unique: [String] = []
        for criterion in criteria where !unique.contains(criterion) { unique.append(criterion) }
        let allowed = Self.known[kind] ?? []
        var parsed: [Criterion] = []
        for name in unique {
            if let criterion = Self.criterion(kind, name) {
                parsed.append(criterion)
                continue
            }
            throw QueryError("top: '\(name)' does not order \(kind.rawValue); use \(allowed.map { "'\($0)'" }.joined(separator: ", "))")
        }
        self.criteria = parsed
    }

    /// A sort key per criterion: smaller comes first.
    private func key(_ criterion: Criterion, _ i: Int) -> Int {
        switch criterion {
        case .quoteKey: corpus.quotes[i].key ? 0 : 1
        case .quoteThemes: corpus.quotes[i].themes.count
        case .quoteLength: corpus.quotes[i].textByteCount
        case .storyRecorded: corpus.stories[i].recordedDay ?? Int.max
        case .storyQuotes: -corpus.stories[i].quotes.count
        case .storyKey: corpus.stories[i].quotes.contains { corpus.quotes[$0].key } ? 0 : 1
        case .tellerStories: -corpus.storytellers[i].stories.count
        }
    }

    /// The first `k` of `members` in order. One pass keeping the best `k` so far: themes hold
    /// thousands of quotes, and layouts ask for a handful.
    public func top(_ members: BitSet, _ k: Int) -> [Int] {
        guard k > 0 else { return [] }
        // At most three criteria per kind: keys fit a tuple, so no array is made per record.
        typealias Item = (keys: (Int, Int, Int), index: Int)
        func before(_ a: Item, _ b: Item) -> Bool {
            if a.keys.0 != b.keys.0 { return a.keys.0 < b.keys.0 }
            if a.keys.1 != b.keys.1 { return a.keys.1 < b.keys.1 }
            if a.keys.2 != b.keys.2 { return a.keys.2 < b.keys.2 }
            return a.index < b.index
        }
        // Quotes' keys come from the columns, read without a switch per criterion.
        let columns = quoteKeys.map { keys in criteria.compactMap(keys.column) } ?? []
        let fromColumns = !columns.isEmpty && columns.count == criteria.count
        func keys(_ i: Int) -> (Int, Int, Int) {
            if fromColumns {
                return (Int(columns[0][i]), columns.count > 1 ? Int(columns[1][i]) : 0, columns.count > 2 ? Int(columns[2][i]) : 0)
            }
            return (criteria.count > 0 ? key(criteria[0], i) : 0, criteria.count > 1 ? key(criteria[1], i) : 0,
                    criteria.count > 2 ? key(criteria[2], i) : 0)
        }
        // Many asked for (a report showing every quote of a theme): one sort rather than an
        // insertion per record, which would cost k for each of them.
        if k > 16 {
            var all = members.map { (keys: keys($0), index: $0) }
            all.sort(by: before)
            return all.prefix(k).map(\.index)
        }
        var best: [Item] = []
        best.reserveCapacity(min(k, members.count) + 1)
        for i in members {
            let item = (keys: keys(i), index: i)
            if best.count == k, !before(item, best[k - 1]) { continue }
            let at = best.firstIndex { before(item, $0) } ?? best.count
            best.insert(item, at: at)
            if best.count > k { best.removeLast() }
        }
        return best.map(\.index)
    }
}

/// Each quote's sort keys (key-marked, themes coded, length) in flat columns, made once per
/// query: ranking a theme's quotes then reads an integer per criterion instead of copying each
/// quote's record. Made on two cores: a large corpus has half a million quotes.
public final class QuoteSortKeys: @unchecked Sendable {
    /// One column per quote criterion, in `Criterion` order: 0 for a key quote (1 otherwise),
    /// the number of themes, the length in UTF-8 bytes.
    private let columns: UnsafeMutableBufferPointer<Int32>
    private let count: Int

    init(corpus: Corpus) {
        count = corpus.quotes.count
        columns = .allocate(capacity: 3 * count)
        nonisolated(unsafe) let (columns, count) = (columns, count)
        corpus.quotes.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let quotes = buffer
            // A large corpus in two parts, each writing its own rows of the columns.
            let parts = count < 50_000 ? 1 : 2
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for i in part * count / parts ..< (part + 1) * count / parts {
                    (columns.baseAddress! + i).initialize(to: quotes[i].key ? 0 : 1)
                    (columns.baseAddress! + count + i).initialize(to: Int32(clamping: quotes[i].themes.count))
                    (columns.baseAddress! + 2 * count + i).initialize(to: Int32(clamping: quotes[i].textByteCount))
                }
            }
        }
    }

    deinit {
        columns.deallocate()
    }

    /// The column of a quote criterion.
    func column(_ criterion: RecordOrder.Criterion) -> UnsafeBufferPointer<Int32>? {
        let n: Int
        switch criterion {
        case .quoteKey: n = 0
        case .quoteThemes: n = 1
        case .quoteLength: n = 2
        default: return nil
        }
        return UnsafeBufferPointer(rebasing: columns[n * count ..< (n + 1) * count])
    }
}
