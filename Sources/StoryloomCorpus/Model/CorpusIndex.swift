import BitCollections
import Dispatch

/// Memberships as bit sets, built once at load, so that "stories in sector X coded to theme Y"
/// is a few word operations rather than a loop over records.
public struct CorpusIndex: Sendable {
    /// `storytellers[facet][entry]`: storytellers tagged with that vocabulary entry.
    public let storytellers: [Facet: [BitSet]]
    /// `stories[facet][entry]`: stories with at least one storyteller so tagged.
    public let stories: [Facet: [BitSet]]
    /// `quotes[facet][entry]`: quotes whose story has that tag.
    public let quotes: [Facet: [BitSet]]
    /// Quotes coded to each theme itself.
    public let themeQuotes: [BitSet]
    /// Quotes coded to each theme or any of its descendants.
    public let themeQuotesDeep: [BitSet]
    /// Stories that support each theme: named on the review sheet or holding a quote coded to it.
    public let themeStories: [BitSet]
    /// The same, counting descendants.
    public let themeStoriesDeep: [BitSet]
    /// Quotes marked `key`.
    public let keyQuotes: BitSet
    /// All themes, depth first from the roots in display order.
    public let displayOrder: [Int]
    /// Each theme's place in `displayOrder`, and where its subtree ends there: a theme's
    /// descendants are the themes between the two (linear memory however deep the tree).
    let orderPosition: [Int]
    let subtreeEnd: [Int]

    /// A theme's descendants, depth first in display order.
    public func descendants(of theme: Int) -> ArraySlice<Int> {
        displayOrder[(orderPosition[theme] + 1) ..< subtreeEnd[theme]]
    }

    init(themes: [Theme], roots: [Int], vocabularies: Vocabularies,
         storytellers tellers: [Storyteller], stories storyList: [Story], quotes quoteList: [Quote]) {
        // The facet sets and the theme sets are independent: build them on two cores.
        nonisolated(unsafe) var byTeller: [Facet: [BitSet]] = [:]
        nonisolated(unsafe) var byStory: [Facet: [BitSet]] = [:]
        nonisolated(unsafe) var byQuote: [Facet: [BitSet]] = [:]
        nonisolated(unsafe) var themeQuoteSets: [BitSet] = []
        nonisolated(unsafe) var themeStorySets: [BitSet] = []
        nonisolated(unsafe) var keys = BitSet()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                for facet in Facet.allCases {
                    let entries = vocabularies[facet].count
                    var tellerSets = [BitSet](repeating: BitSet(), count: entries)
                    for (t, teller) in tellers.enumerated() {
                        for entry in teller.memberships(facet) { tellerSets[entry].insert(t) }
                    }
                    var storySets = [BitSet](repeating: BitSet(), count: entries)
                    var storyMasks: [[Int]] = []
                    storyMasks.reserveCapacity(storyList.count)
                    for (s, story) in storyList.enumerated() {
                        var seen: [Int] = []
                        for teller in story.storytellers {
                            for entry in tellers[teller].memberships(facet) where !seen.contains(entry) {
                                seen.append(entry)
                                storySets[entry].insert(s)
                            }
                        }
                        storyMasks.append(seen)
                    }
                    var quoteSets = [BitSet](repeating: BitSet(), count: entries)
                    for (q, quote) in quoteList.enumerated() {
                        for entry in storyMasks[quote.story] { quoteSets[entry].insert(q) }
                    }
                    byTeller[facet] = tellerSets
                    byStory[facet] = storySets
                    byQuote[facet] = quoteSets
                }
            } else {
                themeQuoteSets = [BitSet](repeating: BitSet(), count: themes.count)
                themeStorySets = [BitSet](repeating: BitSet(), count: themes.count)
                for (q, quote) in quoteList.enumerated() {
                    for theme in quote.themes {
                        themeQuoteSets[theme].insert(q)
                        themeStorySets[theme].insert(quote.story)
                    }
                    if quote.key { keys.insert(q) }
                }
                for (s, story) in storyList.enumerated() {
                    for theme in story.themes { themeStorySets[theme].insert(s) }
                }
            }
        }
        storytellers = byTeller
        stories = byStory
        quotes = byQuote
        themeQuotes = themeQuoteSets
        themeStories = themeStorySets
        keyQuotes = keys

        // Depth first without recursion: a theme tree may be thousands of levels deep.
        var order: [Int] = []
        order.reserveCapacity(themes.count)
        var position = [Int](repeating: 0, count: themes.count)
        var end = [Int](repeating: 0, count: themes.count)
        var pending: [(theme: Int, entering: Bool)] = roots.reversed().map { ($0, true) }
        while let (theme, entering) = pending.popLast() {
            if entering {
                position[theme] = order.count
                order.append(theme)
                pending.append((theme, false))
                for child in themes[theme].children.reversed() { pending.append((child, true)) }
            } else {
                end[theme] = order.count
            }
        }
        displayOrder = order
        orderPosition = position
        subtreeEnd = end

        // Roll up children into parents, visiting the deepest themes first.
        var deepQuotes = themeQuoteSets
        var deepStories = themeStorySets
        for theme in order.reversed() {
            for child in themes[theme].children {
                deepQuotes[theme].formUnion(deepQuotes[child])
                deepStories[theme].formUnion(deepStories[child])
            }
        }
        themeQuotesDeep = deepQuotes
        themeStoriesDeep = deepStories
    }
}
