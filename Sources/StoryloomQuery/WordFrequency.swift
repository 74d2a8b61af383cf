import BitCollections
import Dispatch
import StoryloomCorpus

/// A word and how often it occurs.
public struct WordCount: Sendable, Equatable {
    public var word: String
    /// Occurrences in the quotes counted.
    public var count: Int
    /// Quotes that hold the word at least once.
    public var quotes: Int
}

/// Common English words left out of word counts unless asked for.
public let defaultStopWords: Set<String> = Set("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each even few for from further get got had
has have having he her here hers herself him himself his how i if in into is it its itself just like
lot me more most much my myself no nor not now of off on once one only or other our ours ourselves out
over own really same she should so some something such than that the their theirs them themselves then
there these they thing things think this those through to too under until up us very was way we well
were what when where which while who whom why will with would yeah you your yours yourself yourselves
it's i'm don't that's they're we're there's can't didn't doesn't isn't you're i've we've
""".split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

extension Query {
    /// The `limit` most frequent words in the quotes of `within`, lower-cased, skipping
    /// `stopWords` and words shorter than `minLength`; ties go to the word first in
    /// alphabetical order. Work is split across cores: the text of a large corpus is the
    /// heaviest thing any analysis reads.
    public func wordFrequency(within: BitSet, limit: Int, stopWords: Set<String> = defaultStopWords,
                              minLength: Int = 3) -> [WordCount] {
        let members = Array(within)
        let parts = members.count < 20_000 ? 1 : 4
        // Each part writes only its own slot.
        nonisolated(unsafe) let tables = UnsafeMutableBufferPointer<WordTable>.allocate(capacity: parts)
        defer { tables.deallocate() }
        let quotes = corpus.quotes
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var table = WordTable()
            let lower = members.count * part / parts, upper = members.count * (part + 1) / parts
            for q in members[lower ..< upper] { table.addQuote(quotes[q].text, minLength: minLength) }
            (tables.baseAddress! + part).initialize(to: table)
        }
        var merged: [String: (count: Int, quotes: Int)] = [:]
        for part in 0 ..< parts {
            let table = (tables.baseAddress! + part).move()
            table.forEach { word, count, quotes in
                guard !stopWords.contains(word) else { return }
                let old = merged[word] ?? (0, 0)
                merged[word] = (old.count + count, old.quotes + quotes)
            }
        }
        return merged.map { WordCount(word: $0.key, count: $0.value.count, quotes: $0.value.quotes) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.word < $1.word }
            .prefix(max(0, limit)).map { $0 }
    }
}

/// An open-addressing table of words kept as bytes, so counting makes no String per word.
struct WordTable {
    private var slots: [Int32] = Array(repeating: -1, count: 1 << 12)
    private var hashes: [UInt64] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var counts: [Int] = []
    private var quoteCounts: [Int] = []
    private var lastQuote: [Int] = []
    private var bytes: [UInt8] = []
    private var quoteNumber = 0

    mutating func addQuote(_ text: String, minLength: Int) {
        quoteNumber += 1
        var text = text
        text.withUTF8 { utf8 in
            var word: [UInt8] = []
            word.reserveCapacity(32)
            var i = 0
            let n = utf8.count
            while i <= n {
                let c: UInt8 = i < n ? utf8[i] : 0x20
                var letter = false
                var width = 1
                if c >= 0x61 && c <= 0x7A || c >= 0x30 && c <= 0x39 { letter = true }
                else if c >= 0x41 && c <= 0x5A { letter = true }
                else if c == 0x27 { letter = !word.isEmpty }  // apostrophe inside a word
                else if c >= 0x80 {
                    width = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
                    // U+2000–U+206F (dashes, curly quotes) separate words; U+2019 is an apostrophe.
                    if c == 0xE2 && i + 2 < n && utf8[i + 1] == 0x80 {
                        letter = utf8[i + 2] == 0x99 && !word.isEmpty
                        if letter { word.append(0x27); i += 3; continue }
                    } else if c == 0xC2 {
                        letter = false  // Latin-1 punctuation and spaces
                    } else {
                        letter = true
                    }
                }
                if letter {
                    for k in 0 ..< width where i + k < n {
                        let b = utf8[i + k]
                        word.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                    }
                } else if !word.isEmpty {
                    while word.last == 0x27 { word.removeLast() }
                    if word.count >= minLength { add(word) }
                    word.removeAll(keepingCapacity: true)
                }
                i += width
            }
        }
    }

    private mutating func add(_ word: [UInt8]) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in word { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 }
        let mask = slots.count - 1
        var slot = Int(hash & UInt64(mask))
        while true {
            let id = Int(slots[slot])
            if id < 0 { break }
            if hashes[id] == hash, lengths[id] == word.count,
               bytes[starts[id] ..< starts[id] + lengths[id]].elementsEqual(word) {
                counts[id] += 1
                if lastQuote[id] != quoteNumber { lastQuote[id] = quoteNumber; quoteCounts[id] += 1 }
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(counts.count)
        hashes.append(hash)
        starts.append(bytes.count)
        lengths.append(word.count)
        bytes.append(contentsOf: word)
        counts.append(1)
        quoteCounts.append(1)
        lastQuote.append(quoteNumber)
        if counts.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for id in hashes.indices {
            var slot = Int(hashes[id] & UInt64(mask))
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    func forEach(_ body: (String, Int, Int) -> Void) {
        for id in counts.indices {
            let word = String(decoding: bytes[starts[id] ..< starts[id] + lengths[id]], as: UTF8.self)
            body(word, counts[id], quoteCounts[id])
        }
    }
}
