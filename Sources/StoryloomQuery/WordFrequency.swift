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
            for q in members[lower ..< upper] { quotes[q].withTextBytes { table.addQuote($0, minLength: minLength) } }
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
    private var scratch: [UInt8] = []

    @inline(__always) private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    @inline(__always) private static func isASCIIWordByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
    }

    /// Counts the words of one quote. Words are runs of letters and digits (any script), with
    /// apostrophes inside them (' or ’) kept; dashes, quotation marks and other punctuation
    /// (U+2000–U+206F and Latin-1 punctuation) separate them.
    mutating func addQuote(_ u: UnsafeBufferPointer<UInt8>, minLength: Int) {
        quoteNumber += 1
        do {
            let n = u.count
            var i = 0
            while i < n {
                // Find the start of a word.
                let c = u[i]
                if !Self.isASCIIWordByte(c) {
                    if c < 0x80 || c == 0xC2 || (c == 0xE2 && i + 1 < n && u[i + 1] == 0x80) {
                        i += c < 0x80 ? 1 : c == 0xC2 ? 2 : 3
                        continue
                    }
                }
                let start = i
                var end = i, ascii = true
                while i < n {
                    let b = u[i]
                    if Self.isASCIIWordByte(b) { i += 1; end = i; continue }
                    if b == 0x27 { i += 1; continue }  // kept only if a letter follows
                    if b < 0x80 || b == 0xC2 { break }
                    if b == 0xE2 && i + 2 < n && u[i + 1] == 0x80 {
                        if u[i + 2] == 0x99 { ascii = false; i += 3; continue }  // ’
                        break
                    }
                    ascii = false
                    i += b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                    end = min(i, n)
                }
                if end > start { count(u, start, end, ascii: ascii, minLength: minLength) }
                if i == start { i += 1 }
            }
        }
    }

    private mutating func count(_ u: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, ascii: Bool, minLength: Int) {
        if ascii {
            guard end - start >= minLength else { return }
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for j in start ..< end { hash = (hash ^ UInt64(Self.lower(u[j]))) &* 0x100_0000_01B3 }
            add(hash: hash, length: end - start) { stored in
                var j = 0
                while j < end - start {
                    if stored[stored.startIndex + j] != Self.lower(u[start + j]) { return false }
                    j += 1
                }
                return true
            } bytes: { $0.append(contentsOf: u[start ..< end].lazy.map(Self.lower)) }
            return
        }
        // Non-ASCII: normalise ’ to ' and lower-case ASCII letters, then count.
        scratch.removeAll(keepingCapacity: true)
        var j = start
        while j < end {
            if u[j] == 0xE2 && j + 2 < end && u[j + 1] == 0x80 && u[j + 2] == 0x99 {
                scratch.append(0x27)
                j += 3
            } else {
                scratch.append(Self.lower(u[j]))
                j += 1
            }
        }
        var characters = 0
        for b in scratch where b & 0xC0 != 0x80 { characters += 1 }
        guard characters >= minLength else { return }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in scratch { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 }
        let word = scratch
        add(hash: hash, length: word.count) { stored in stored.elementsEqual(word) } bytes: { $0.append(contentsOf: word) }
    }

    private mutating func add(hash: UInt64, length: Int, matches: (ArraySlice<UInt8>) -> Bool,
                              bytes write: (inout [UInt8]) -> Void) {
        let mask = slots.count - 1
        var slot = Int(hash & UInt64(mask))
        while true {
            let id = Int(slots[slot])
            if id < 0 { break }
            if hashes[id] == hash, lengths[id] == length, matches(bytes[starts[id] ..< starts[id] + length]) {
                counts[id] += 1
                if lastQuote[id] != quoteNumber { lastQuote[id] = quoteNumber; quoteCounts[id] += 1 }
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(counts.count)
        hashes.append(hash)
        starts.append(bytes.count)
        lengths.append(length)
        write(&bytes)
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
