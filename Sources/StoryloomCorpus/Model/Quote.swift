/// A key quotation, verbatim, from one story and coded to themes.
public struct Quote: Sendable {
    public var id: String
    public var story: Int
    public var text: String
    public var themes: [Int]
    public var key: Bool
    public var note: String?
    public var extra: Extras
}
