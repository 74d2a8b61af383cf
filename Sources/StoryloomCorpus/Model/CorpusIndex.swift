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
    /// Storytellers by self-described attribute.
    public let attributes: AttributeIndex
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
        // The three facets and the theme sets are independent: four jobs on the cores there are.
        // Each job writes its own slot of a fixed buffer: jobs assigning into one Swift array
        // would race on its copy-on-write check and could lose a facet's sets.
        typealias Sets = (tellers: [BitSet], stories: [BitSet], quotes: [BitSet])
        let facetBuffer = UnsafeMutableBufferPointer<Sets>.allocate(capacity: Facet.allCases.count)
        facetBuffer.initialize(repeating: ([], [], []))
        defer { facetBuffer.deinitialize().deallocate() }
        nonisolated(unsafe) let facetSets = facetBuffer
        nonisolated(unsafe) var themeQuoteSets: [BitSet] = []
        nonisolated(unsafe) var themeStorySets: [BitSet] = []
        nonisolated(unsafe) var keys = BitSet()
        nonisolated(unsafe) var attributeIndex: AttributeIndex?
        DispatchQueue.concurrentPerform(iterations: Facet.allCases.count + 2) { job in
            if job < Facet.allCases.count {
                facetSets[job] = Self.facetSets(Facet.allCases[job], entries: vocabularies[Facet.allCases[job]].count,
                                                tellers: tellers, stories: storyList, quotes: quoteList)
                return
            }
            if job == Facet.allCases.count {
                attributeIndex = AttributeIndex(storytellers: tellers)
                return
            }
            var quoteWords = [WordSet](repeating: WordSet(), count: themes.count)
            var storyWords = [WordSet](repeating: WordSet(), count: themes.count)
            var keyWords = WordSet()
            // Records are read in place, never copied: a copy of a quote retains its words'
            // block, which every quote shares, and two cores retaining one object wait on each other.
            quoteList.withUnsafeBufferPointer { quotes in
                for q in quotes.indices {
                    for theme in quotes[q].themes {
                        quoteWords[theme].insert(q)
                        storyWords[theme].insert(quotes[q].story)
                    }
                    if quotes[q].key { keyWords.insert(q) }
                }
            }
            storyList.withUnsafeBufferPointer { stories in
                for s in stories.indices {
                    for theme in stories[s].themes { storyWords[theme].insert(s) }
                }
            }
            themeQuoteSets = quoteWords.map(\.bitSet)
            themeStorySets = storyWords.map(\.bitSet)
            keys = keyWords.bitSet
        }
        var byTeller: [Facet: [BitSet]] = [:], byStory: [Facet: [BitSet]] = [:], byQuote: [Facet: [BitSet]] = [:]
        for (n, facet) in Facet.allCases.enumerated() {
            byTeller[facet] = facetSets[n].tellers
            byStory[facet] = facetSets[n].stories
            byQuote[facet] = facetSets[n].quotes
        }
        storytellers = byTeller
        stories = byStory
        quotes = byQuote
        themeQuotes = themeQuoteSets
        themeStories = themeStorySets
        keyQuotes = keys
        attributes = attributeIndex!

        (displayOrder, orderPosition, subtreeEnd) = Self.treeOrder(themes: themes, roots: roots)

        // Roll up children into parents, visiting the deepest themes first.
        var deepQuotes = themeQuoteSets
        var deepStories = themeStorySets
        for theme in displayOrder.reversed() {
            for child in themes[theme].children {
                deepQuotes[theme].formUnion(deepQuotes[child])
                deepStories[theme].formUnion(deepStories[child])
            }
        }
        themeQuotesDeep = deepQuotes
        themeStoriesDeep = deepStories
    }

    /// An index whose sets were made before (read from the cache): only the theme order is
    /// worked out again.
    init(themes: [Theme], roots: [Int], storytellers: [Facet: [BitSet]], stories: [Facet: [BitSet]], quotes: [Facet: [BitSet]],
         themeQuotes: [BitSet], themeQuotesDeep: [BitSet], themeStories: [BitSet], themeStoriesDeep: [BitSet], keyQuotes: BitSet, attributes: AttributeIndex) {
        self.storytellers = storytellers
        self.stories = stories
        self.quotes = quotes
        self.themeQuotes = themeQuotes
        self.themeQuotesDeep = themeQuotesDeep
        self.themeStories = themeStories
        self.themeStoriesDeep = themeStoriesDeep
        self.keyQuotes = keyQuotes
        self.attributes = attributes
        (displayOrder, orderPosition, subtreeEnd) = Self.treeOrder(themes: themes, roots: roots)
    }

    /// All themes depth first in display order, each theme's place in it, and where its
    /// subtree ends there.
    private static func treeOrder(themes: [Theme], roots: [Int]) -> (order: [Int], position: [Int], end: [Int]) {
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
        return (order, position, end)
    }

    /// One facet's sets. A story's entries are its storytellers' (a bit mask per story when
    /// the vocabulary has at most 64 entries, as nearly all do), a quote's its story's.
    private static func facetSets(_ facet: Facet, entries: Int, tellers tellerList: [Storyteller], stories storyList: [Story],
                                  quotes quoteList: [Quote]) -> (tellers: [BitSet], stories: [BitSet], quotes: [BitSet]) {
        // Records are read in place (see the theme job in `init`).
        tellerList.withUnsafeBufferPointer { tellers in
            storyList.withUnsafeBufferPointer { stories in
                quoteList.withUnsafeBufferPointer { quotes in
                    facetSets(facet, entries: entries, tellers: tellers, stories: stories, quotes: quotes)
                }
            }
        }
    }

    private static func facetSets(_ facet: Facet, entries: Int, tellers: UnsafeBufferPointer<Storyteller>,
                                  stories: UnsafeBufferPointer<Story>,
                                  quotes: UnsafeBufferPointer<Quote>) -> (tellers: [BitSet], stories: [BitSet], quotes: [BitSet]) {
        var tellerWords = [WordSet](repeating: WordSet(), count: entries)
        for t in tellers.indices {
            for entry in tellers[t].memberships(facet) { tellerWords[entry].insert(t) }
        }
        var storyWords = [WordSet](repeating: WordSet(), count: entries)
        var quoteWords = [WordSet](repeating: WordSet(), count: entries)
        if entries <= 64 {
            // A mask per storyteller first: reading a storyteller per story member would copy
            // its record (and touch its reference counts) each time.
            var tellerMasks = [UInt64](repeating: 0, count: tellers.count)
            for t in tellers.indices {
                for entry in tellers[t].memberships(facet) { tellerMasks[t] |= 1 << UInt64(entry) }
            }
            var masks = [UInt64](repeating: 0, count: stories.count)
            for s in stories.indices {
                var mask: UInt64 = 0
                for teller in stories[s].storytellers { mask |= tellerMasks[teller] }
                masks[s] = mask
                var bits = mask
                while bits != 0 {
                    storyWords[bits.trailingZeroBitCount].insert(s)
                    bits &= bits - 1
                }
            }
            for q in quotes.indices {
                var bits = masks[quotes[q].story]
                while bits != 0 {
                    quoteWords[bits.trailingZeroBitCount].insert(q)
                    bits &= bits - 1
                }
            }
        } else {
            var entriesOfStory = [[Int]](repeating: [], count: stories.count)
            for s in stories.indices {
                var seen = Set<Int>()
                for teller in stories[s].storytellers {
                    for entry in tellers[teller].memberships(facet) where seen.insert(entry).inserted {
                        storyWords[entry].insert(s)
                    }
                }
                entriesOfStory[s] = seen.sorted()
            }
            for q in quotes.indices {
                for entry in entriesOfStory[quotes[q].story] { quoteWords[entry].insert(q) }
            }
        }
        return (tellerWords.map(\.bitSet), storyWords.map(\.bitSet), quoteWords.map(\.bitSet))
    }
}

/// A bit set being filled in increasing-ish order: plain words, turned into a `BitSet` once.
struct WordSet {
    private var words: [UInt] = []

    @inline(__always)
    mutating func insert(_ member: Int) {
        let word = member >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word + 1 - words.count)) }
        words[word] |= 1 << UInt(member & 63)
    }

    func contains(_ member: Int) -> Bool {
        let word = member >> 6
        return word < words.count && words[word] & (1 << UInt(member & 63)) != 0
    }

    var bitSet: BitSet { BitSet(words: words) }
}
