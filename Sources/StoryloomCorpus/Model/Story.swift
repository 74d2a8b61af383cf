/// A gathered story. Indexes refer to `Corpus.storytellers`, `Corpus.themes`, `Corpus.quotes`.
public struct Story: Sendable {
    /// The changes a story says co-production brought about, at each level.
    public struct Changes: Sendable, Equatable {
        public var individual: [String] = []
        public var organisation: [String] = []
        public var society: [String] = []
    }

    public var id: String
    public var storytellers: [Int]
    /// `one-to-one` or `group`.
    public var format: String?
    public var reporter: String?
    /// ISO 8601 date as written.
    public var recorded: String?
    /// `recorded` as days since 1970-01-01, for date ranges.
    public var recordedDay: Int?
    public var title: String?
    public var summary: String?
    /// Themes from the story review sheet.
    public var themes: [Int]
    public var changes: Changes
    public var source: String?
    public var extra: Extras
    /// Quotes from this story, in corpus order.
    public internal(set) var quotes: [Int] = []
}
