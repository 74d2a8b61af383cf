import BitCollections
import StoryloomCorpus

/// Runs selections and aggregations on a corpus's bit sets. Caches what it derives (quote
/// sort keys), so keep one per corpus and reuse it.
public final class Query: @unchecked Sendable {
    public let corpus: Corpus

    public init(corpus: Corpus) {
        self.corpus = corpus
    }

    /// How many records of a kind the corpus has.
    public func total(_ kind: RecordKind) -> Int {
        switch kind {
        case .storytellers: corpus.storytellers.count
        case .stories: corpus.stories.count
        case .quotes: corpus.quotes.count
        }
    }

    /// Every record of a kind.
    public func everything(_ kind: RecordKind) -> BitSet {
        BitSet(0 ..< total(kind))
    }

    /// The records of `kind` that `selector` describes.
    public func select(_ kind: RecordKind, _ selector: Selector) throws(QueryError) -> BitSet {
        switch selector {
        case .all:
            return everything(kind)
        case let .facet(facet, id):
            guard let entry = corpus.vocabulary(facet, id: id) else {
                throw unknown(facet.rawValue, id, among: corpus.vocabularies[facet].map(\.id))
            }
            switch kind {
            case .storytellers: return corpus.index.storytellers[facet]![entry]
            case .stories: return corpus.index.stories[facet]![entry]
            case .quotes: return corpus.index.quotes[facet]![entry]
            }
        case let .theme(id, deep):
            guard let theme = corpus.theme(id: id) else {
                throw unknown("theme", id, among: corpus.themes.map(\.id))
            }
            let stories = deep ? corpus.index.themeStoriesDeep[theme] : corpus.index.themeStories[theme]
            switch kind {
            case .stories: return stories
            case .storytellers: return tellers(ofStories: stories)
            case .quotes: return deep ? corpus.index.themeQuotesDeep[theme] : corpus.index.themeQuotes[theme]
            }
        case let .attribute(key, value):
            let tellers = attributeTellers(key, value)
            return kind == .storytellers ? tellers : lift(tellers, to: kind)
        case let .recorded(from, to):
            var low = Int.min, high = Int.max
            if let from {
                guard let day = ISODate.day(from) else { throw QueryError("'\(from)' is not a date; write YYYY-MM-DD") }
                low = day
            }
            if let to {
                guard let day = ISODate.day(to) else { throw QueryError("'\(to)' is not a date; write YYYY-MM-DD") }
                high = day
            }
            var stories = BitSet()
            for (s, story) in corpus.stories.enumerated() {
                if let day = story.recordedDay, day >= low, day <= high { stories.insert(s) }
            }
            return fromStories(stories, to: kind)
        case .key:
            let quotes = corpus.index.keyQuotes
            return kind == .quotes ? quotes : fromStories(stories(ofQuotes: quotes), to: kind)
        case let .source(source):
            return fromStories(storiesWhere { $0.source == source }, to: kind)
        case let .storyFormat(format):
            return fromStories(storiesWhere { $0.format == format }, to: kind)
        case let .ids(ids):
            var result = BitSet()
            for id in ids {
                let found: Int? = switch kind {
                case .storytellers: corpus.storyteller(id: id)
                case .stories: corpus.story(id: id)
                case .quotes: corpus.quote(id: id)
                }
                guard let found else { throw QueryError("no \(kind.singular) has the id '\(id)'") }
                result.insert(found)
            }
            return result
        case let .and(parts):
            var result = everything(kind)
            for part in parts { result.formIntersection(try select(kind, part)) }
            return result
        case let .or(parts):
            var result = BitSet()
            for part in parts { result.formUnion(try select(kind, part)) }
            return result
        case let .not(part):
            return everything(kind).subtracting(try select(kind, part))
        }
    }

    // MARK: Moving between kinds

    /// Stories told by any of `tellers`.
    public func stories(ofTellers tellers: BitSet) -> BitSet {
        var result = BitSet()
        for t in tellers { for s in corpus.storytellers[t].stories { result.insert(s) } }
        return result
    }

    /// Storytellers of any of `stories`.
    public func tellers(ofStories stories: BitSet) -> BitSet {
        var result = BitSet()
        for s in stories { for t in corpus.stories[s].storytellers { result.insert(t) } }
        return result
    }

    /// Quotes from any of `stories`.
    public func quotes(ofStories stories: BitSet) -> BitSet {
        var result = BitSet()
        for s in stories { for q in corpus.stories[s].quotes { result.insert(q) } }
        return result
    }

    /// Stories that any of `quotes` come from.
    public func stories(ofQuotes quotes: BitSet) -> BitSet {
        var result = BitSet()
        for q in quotes { result.insert(corpus.quotes[q].story) }
        return result
    }

    /// The records of `kind` linked to a set of records of another kind.
    public func convert(_ set: BitSet, from: RecordKind, to: RecordKind) -> BitSet {
        switch (from, to) {
        case (.storytellers, .storytellers), (.stories, .stories), (.quotes, .quotes): set
        case (.storytellers, _): fromStories(stories(ofTellers: set), to: to)
        case (.stories, _): fromStories(set, to: to)
        case (.quotes, _): fromStories(stories(ofQuotes: set), to: to)
        }
    }

    private func lift(_ tellers: BitSet, to kind: RecordKind) -> BitSet {
        convert(tellers, from: .storytellers, to: kind)
    }

    private func fromStories(_ stories: BitSet, to kind: RecordKind) -> BitSet {
        switch kind {
        case .stories: stories
        case .storytellers: tellers(ofStories: stories)
        case .quotes: quotes(ofStories: stories)
        }
    }

    private func storiesWhere(_ test: (Story) -> Bool) -> BitSet {
        var result = BitSet()
        for (s, story) in corpus.stories.enumerated() where test(story) { result.insert(s) }
        return result
    }

    // MARK: Attributes

    /// Storytellers who gave `key` (value nil) or whose `key` equals or contains `value`.
    public func attributeTellers(_ key: String, _ value: String?) -> BitSet {
        guard let value else { return corpus.index.attributes.storytellers(giving: key) }
        return corpus.index.attributes.values(of: key)[value] ?? BitSet()
    }

    /// The values given for an attribute, with their storytellers.
    public func attributeValues(_ key: String) -> [String: BitSet] {
        corpus.index.attributes.values(of: key)
    }

    /// The numbers storytellers gave for an attribute (others are left out): how many, the
    /// least, the most and the mean, without making a Lua value per storyteller.
    public func numberSummary(ofTellers tellers: BitSet, attribute key: String) -> NumberSummary {
        var summary = NumberSummary()
        var total = 0.0
        for t in tellers {
            guard case let .number(value)? = corpus.storytellers[t].attribute(key) else { continue }
            summary.count += 1
            summary.min = Swift.min(summary.min ?? value, value)
            summary.max = Swift.max(summary.max ?? value, value)
            total += value
        }
        if summary.count > 0 { summary.mean = total / Double(summary.count) }
        return summary
    }

    /// The quotes' sort keys for `RecordOrder`, made on first use.
    public private(set) lazy var quoteSortKeys = QuoteSortKeys(corpus: corpus)

    /// Attribute keys in the order they first appear in the corpus.
    public var attributeKeys: [String] { corpus.index.attributes.keys }

    func unknown(_ what: String, _ id: String, among candidates: [String]) -> QueryError {
        var suggest = Suggest()
        var message = "the corpus has no \(what) '\(id)'"
        if let near = suggest.nearest(to: id, among: candidates) { message += "; did you mean '\(near)'?" }
        return QueryError(message)
    }
}

extension RecordKind {
    /// "storyteller", "story", "quote".
    public var singular: String {
        switch self {
        case .storytellers: "storyteller"
        case .stories: "story"
        case .quotes: "quote"
        }
    }
}

/// What `Query.numberSummary` finds; the figures are nil when no number was given.
public struct NumberSummary: Sendable, Equatable {
    public var count = 0
    public var min: Double?
    public var max: Double?
    public var mean: Double?
}
