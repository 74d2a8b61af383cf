/// A key quotation, verbatim, from one story and coded to themes.
public struct Quote: Sendable {
    public var id: String
    public var story: Int
    public var themes: [Int]
    public var key: Bool
    public var note: String?
    public var extra: Extras
    /// The words are `textCount` bytes at `textStart` of a block shared with the corpus's other
    /// quotes (see `TextBlock`), made a String only when asked for.
    private var textBlock: TextBlock
    private var textStart: Int
    private var textCount: Int

    public init(id: String, story: Int, text: String, themes: [Int], key: Bool, note: String?, extra: Extras) {
        let (block, count) = TextBlock.holding(text)
        self.init(id: id, story: story, block: block, start: 0, count: count, themes: themes, key: key, note: note, extra: extra)
    }

    init(id: String, story: Int, block: TextBlock, start: Int, count: Int, themes: [Int], key: Bool, note: String?, extra: Extras) {
        self.id = id
        self.story = story
        self.themes = themes
        self.key = key
        self.note = note
        self.extra = extra
        textBlock = block
        textStart = start
        textCount = count
    }

    /// Points the words at bytes of the block the quote was made with.
    mutating func setText(start: Int, count: Int) {
        textStart = start
        textCount = count
    }

    /// The quote's words.
    public var text: String {
        get { withTextBytes { String(decoding: $0, as: UTF8.self) } }
        set { (textBlock, textCount) = TextBlock.holding(newValue); textStart = 0 }
    }

    /// How long the words are in UTF-8 bytes.
    public var textByteCount: Int { textCount }

    /// Runs `body` over the words' UTF-8 bytes, without making a String. They are UTF-8 unless
    /// a cache file was altered by hand; `text` repairs that, so use it for anything shown.
    public func withTextBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        textBlock.withBytes(textStart, textCount, body)
    }
}
