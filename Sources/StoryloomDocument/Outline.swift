/// The headings a contents block lists, with how deeply each nests. Nesting never skips a
/// step (a level-3 heading straight after a level-1 one nests one deeper, not two), so every
/// format can draw it as properly nested lists.
struct Outline {
    struct Entry {
        /// 1 for the outermost entries.
        let depth: Int
        let text: [Inline]
        let anchor: String
    }

    let entries: [Entry]

    /// The top-level headings of `document` down to level `depth`.
    init(_ document: Document, depth: Int) {
        var entries: [Entry] = []
        // Levels of the headings that enclose the next one, outermost first.
        var enclosing: [Int] = []
        for case let .heading(level, text, anchor) in document.blocks where level <= depth {
            while let last = enclosing.last, last >= level { enclosing.removeLast() }
            enclosing.append(level)
            entries.append(Entry(depth: enclosing.count, text: text, anchor: anchor))
        }
        self.entries = entries
    }
}
