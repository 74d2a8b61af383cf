import BitCollections
import StoryloomCorpus

/// The figures `storyloom stats` prints: counts, who told the stories, and themes.
public struct CorpusStatistics: Sendable, Encodable, Equatable {
    public struct Counts: Sendable, Encodable, Equatable {
        public var storytellers, stories, quotes, keyQuotes, themes: Int
    }

    /// A share of storytellers: `percent` is rounded to a whole number, as reports print it.
    public struct Share: Sendable, Encodable, Equatable {
        public var id: String
        public var label: String
        public var count: Int
        public var percent: Int
    }

    /// A self-described facet: how many gave it, and the values they gave.
    public struct Attribute: Sendable, Encodable, Equatable {
        public struct Value: Sendable, Encodable, Equatable {
            public var value: String
            public var count: Int
        }

        public var key: String
        public var given: Int
        public var values: [Value]
        /// For numeric facets (such as age): the smallest and largest given.
        public var min: Double?
        public var max: Double?
    }

    public struct ThemeCount: Sendable, Encodable, Equatable {
        public var id: String
        public var title: String
        public var stories: Int
        public var quotes: Int
    }

    public var counts: Counts
    public var sectors: [Share]
    public var roles: [Share]
    public var fields: [Share]
    public var attributes: [Attribute]
    /// Each top-level theme with its descendants.
    public var themes: [ThemeCount]

    public init(query: Query) {
        let corpus = query.corpus
        counts = Counts(storytellers: corpus.storytellers.count, stories: corpus.stories.count,
                        quotes: corpus.quotes.count, keyQuotes: corpus.index.keyQuotes.count,
                        themes: corpus.themes.count)
        let everyone = query.everything(.storytellers)
        func shares(_ facet: Facet) -> [Share] {
            let groups = try! query.group(.storytellers, everyone, by: .facet(facet))
            return groups.map { Share(id: $0.key, label: $0.label, count: $0.count, percent: Int(($0.share * 100).rounded())) }
        }
        sectors = shares(.sector)
        roles = shares(.role)
        fields = shares(.field)
        attributes = query.attributeKeys.map { key in
            let groups = try! query.group(.storytellers, everyone, by: .attribute(key))
            let numbers = corpus.storytellers.compactMap { teller -> Double? in
                if case let .number(n) = teller.attribute(key) { return n } else { return nil }
            }
            return Attribute(key: key, given: query.attributeTellers(key, nil).count,
                             values: groups.map { Attribute.Value(value: $0.key, count: $0.count) },
                             min: numbers.min(), max: numbers.max())
        }
        themes = corpus.roots.map { root in
            ThemeCount(id: corpus.themes[root].id, title: corpus.themes[root].title,
                       stories: corpus.index.themeStoriesDeep[root].count,
                       quotes: corpus.index.themeQuotesDeep[root].count)
        }
    }
}
