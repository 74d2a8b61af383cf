/// One theme of the coding frame. Indexes refer to `Corpus.themes`.
public struct Theme: Sendable {
    public var id: String
    public var title: String
    public var parent: Int?
    /// Markdown: the curated narrative for the theme.
    public var summary: String?
    public var order: Int?
    public var tags: [String]
    public var extra: Extras
    /// Children in display order (by `order`, then file order).
    public internal(set) var children: [Int] = []
    /// 0 for a root.
    public internal(set) var depth: Int = 0
}
