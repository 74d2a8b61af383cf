import BitCollections

/// Which part of a larger corpus a subset holds, so reports can say what their figures are a
/// share of.
public struct CorpusSelection: Sendable, Equatable {
    /// How the selection was made, in words (for example "sector: services").
    public var description: String
    /// The whole corpus's counts.
    public var allStories: Int
    public var allStorytellers: Int
    public var allQuotes: Int
}

extension Corpus {
    /// A corpus of the given stories only, with their storytellers and quotes; the project,
    /// vocabularies and themes stay whole. Records keep their order.
    public func subset(stories chosen: BitSet, description: String) -> Corpus {
        var storyIndex: [Int: Int] = [:]
        var tellerIndex: [Int: Int] = [:]
        var newStories: [Story] = []
        var newTellers: [Storyteller] = []
        var tellerSet = BitSet()
        for s in chosen { for t in stories[s].storytellers { tellerSet.insert(t) } }
        for t in tellerSet {
            tellerIndex[t] = newTellers.count
            var teller = storytellers[t]
            teller.stories = []
            newTellers.append(teller)
        }
        for s in chosen {
            storyIndex[s] = newStories.count
            var story = stories[s]
            story.storytellers = story.storytellers.map { tellerIndex[$0]! }
            story.quotes = []
            for t in story.storytellers { newTellers[t].stories.append(newStories.count) }
            newStories.append(story)
        }
        var newQuotes: [Quote] = []
        for quote in quotes {
            guard let s = storyIndex[quote.story] else { continue }
            var copy = quote
            copy.story = s
            newStories[s].quotes.append(newQuotes.count)
            newQuotes.append(copy)
        }
        var vocabularyIDs: [Facet: [String: Int]] = [:]
        for facet in Facet.allCases {
            vocabularyIDs[facet] = Dictionary(vocabularies[facet].enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        }
        return Corpus(project: project, vocabularies: vocabularies, themes: themes, storytellers: newTellers,
                      stories: newStories, quotes: newQuotes, extra: extra, roots: roots,
                      themeIDs: Dictionary(themes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a }),
                      // Made on first lookup.
                      storytellerIDs: nil, storyIDs: nil, quoteIDs: nil,
                      vocabularyIDs: vocabularyIDs,
                      selection: CorpusSelection(description: description, allStories: stories.count,
                                                 allStorytellers: storytellers.count, allQuotes: quotes.count))
    }
}
