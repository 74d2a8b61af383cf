/// A loaded, validated and frozen corpus: records in file order (their index is their dense
/// id), lookups from string ids, and the membership bit sets that queries run on.
public final class Corpus: Sendable {
    /// The format this loader reads.
    public static let format = "storyloom-corpus/1"

    public let project: ProjectMetadata
    public let vocabularies: Vocabularies
    /// In file order; `roots` and `Theme.children` give display order.
    public let themes: [Theme]
    public let storytellers: [Storyteller]
    public let stories: [Story]
    public let quotes: [Quote]
    /// Unknown top-level keys.
    public let extra: Extras
    /// Root themes in display order.
    public let roots: [Int]
    public let index: CorpusIndex
    /// Set when this corpus is a part of a larger one (a report's `where`).
    public let selection: CorpusSelection?

    private let themeIDs: [String: Int]
    private let storytellerIDs: IDTable
    private let storyIDs: IDTable
    private let quoteIDs: IDTable
    private let vocabularyIDs: [Facet: [String: Int]]

    init(project: ProjectMetadata, vocabularies: Vocabularies, themes: [Theme], storytellers: [Storyteller],
         stories: [Story], quotes: [Quote], extra: Extras, roots: [Int],
         themeIDs: [String: Int], storytellerIDs: IDTable?, storyIDs: IDTable?,
         quoteIDs: IDTable?, vocabularyIDs: [Facet: [String: Int]], selection: CorpusSelection? = nil,
         index: CorpusIndex? = nil) {
        self.selection = selection
        self.project = project
        self.vocabularies = vocabularies
        self.themes = themes
        self.storytellers = storytellers
        self.stories = stories
        self.quotes = quotes
        self.extra = extra
        self.roots = roots
        self.themeIDs = themeIDs
        // Tables not given are made on first lookup (see IDTable). A closure rather than a key
        // path: applying `\.id` to each record goes through the key path machinery, and copies
        // the record, which a large table pays for a hundred thousand times.
        self.storytellerIDs = storytellerIDs ?? IDTable(lazy: { storytellers.map { $0.id } })
        self.storyIDs = storyIDs ?? IDTable(lazy: { stories.map { $0.id } })
        self.quoteIDs = quoteIDs ?? IDTable(lazy: { quotes.map { $0.id } })
        self.vocabularyIDs = vocabularyIDs
        self.index = index ?? CorpusIndex(themes: themes, roots: roots, vocabularies: vocabularies,
                                          storytellers: storytellers, stories: stories, quotes: quotes)
    }

    public func theme(id: String) -> Int? { themeIDs[id] }
    public func storyteller(id: String) -> Int? { storytellerIDs[id] }
    public func story(id: String) -> Int? { storyIDs[id] }
    public func quote(id: String) -> Int? { quoteIDs[id] }
    /// The index of a vocabulary entry of one kind.
    public func vocabulary(_ facet: Facet, id: String) -> Int? { vocabularyIDs[facet]?[id] }

    /// A theme's ancestors, nearest first.
    public func ancestors(of theme: Int) -> [Int] {
        var result: [Int] = []
        var current = themes[theme].parent
        while let parent = current {
            result.append(parent)
            current = themes[parent].parent
        }
        return result
    }

    /// A theme's descendants in display order (depth first), without the theme itself.
    public func descendants(of theme: Int) -> [Int] {
        Array(index.descendants(of: theme))
    }

    /// Every theme in display order (depth first from the roots).
    public var themesInDisplayOrder: [Int] { index.displayOrder }
}
