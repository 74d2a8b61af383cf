/// Quotes are most of a large corpus, so they are decoded on a second thread while the
/// storytellers and stories are decoded on the first. The story a quote names is resolved
/// afterwards, once the story ids are known.
struct QuoteBatch {
    var quotes: [Quote] = []
    /// For each quote, the tape entry of its `story` value (nil when the key is missing).
    var storyEntries: [Int?] = []
    var ids = IDIndex()

    /// Decodes `/quotes` with its own decoder `d`, resolving themes but not stories.
    static func decode(_ entry: Int, d: TapeDecoder, themeIDs: IDIndex) -> QuoteBatch {
        var batch = QuoteBatch()
        guard d.expect(entry, .array, "/quotes", what: "an array of quotes") else { return batch }
        let count = Int(d.tape.entries[entry].count)
        batch.quotes.reserveCapacity(count)
        batch.storyEntries.reserveCapacity(count)
        var ids: [(id: String?, entry: Int)] = []
        ids.reserveCapacity(count)
        let themeCandidates = { themeIDs.keys.sorted() }
        var n = 0
        let t = d.tape  // once: each copy of the tape retains its buffers
        // The words of all quotes go into one block, reserved at a bound of their length so
        // that it is never copied to grow: the rest of the file for JSON (the array starts at
        // `position`), the decoded scalars for YAML. Pages never written cost no memory.
        let words = TextBlock(capacity: max(0, t.marks.isEmpty ? t.sourceBytes.count - Int(t.entries[entry].position) : t.arena.count))
        for element in d.elements(entry) {
            var quote = Quote(id: "", story: -1, block: words, start: 0, count: 0, themes: [], key: false, note: nil, extra: [])
            var hasID = false, hasText = false
            var storyEntry: Int? = nil
            var idEntry = element
            let read = d.object(element, "/quotes/\(n)", known: ["id", "story", "text", "themes", "key", "note"]) { key, value in
                if t.equals(key, "id") { quote.id = d.string(value, "/quotes/\(n)/id") ?? ""; hasID = true; idEntry = value }
                else if t.equals(key, "story") { storyEntry = value }
                else if t.equals(key, "text") {
                    if d.expect(value, .string, "/quotes/\(n)/text") {
                        quote.setText(start: t.withBytes(value) { words.append($0) }, count: Int(t.entries[value].count))
                    }
                    hasText = true
                }
                else if t.equals(key, "themes") {
                    quote.themes = d.resolveAll(value, "/quotes/\(n)/themes", kind: "theme", ids: themeIDs,
                                                candidates: themeCandidates)
                }
                else if t.equals(key, "key") { quote.key = d.bool(value, "/quotes/\(n)/key") ?? false }
                else if t.equals(key, "note") { quote.note = d.optionalString(value, "/quotes/\(n)/note") }
                else { return false }
                return true
            }
            if let read, !(hasID && storyEntry != nil && hasText) {
                quote.extra = read.extras
                d.require([("id", hasID), ("story", storyEntry != nil), ("text", hasText)], in: element, "/quotes/\(n)",
                          unknownKeys: read.unknownKeys)
            } else if let read {
                quote.extra = read.extras
            }
            ids.append((hasID ? quote.id : nil, idEntry))
            batch.quotes.append(quote)
            batch.storyEntries.append(storyEntry)
            n += 1
        }
        batch.ids = d.registerIDs(ids, section: "quotes", kind: "quote")
        return batch
    }

    /// Resolves each quote's story now that the stories are known, reporting through `d`.
    mutating func resolveStories(d: TapeDecoder, storyIDs: IDIndex) {
        let candidates = { storyIDs.keys.sorted() }
        for (n, entry) in storyEntries.enumerated() {
            guard let entry else { continue }
            quotes[n].story = d.resolve(entry, "/quotes/\(n)/story", kind: "story", ids: storyIDs, candidates: candidates) ?? -1
        }
    }
}
