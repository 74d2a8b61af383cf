/// Text within a block.
public indirect enum Inline: Sendable, Equatable {
    /// Words, as they are: renderers escape them for their format.
    case text(String)
    /// Stressed words (italic).
    case emphasis([Inline])
    /// Important words (bold).
    case strong([Inline])
    /// Code or a literal name, shown in a fixed-width font.
    case code(String)
    /// A link to `url` (http, https, mailto, or `#anchor` within the document).
    case link(text: [Inline], url: String)
    /// A line break within a block.
    case lineBreak
}

extension [Inline] {
    /// The words alone, without markup (for anchors, alt text, text widths).
    public var plainText: String {
        map { inline in
            switch inline {
            case let .text(s), let .code(s): s
            case let .emphasis(inner), let .strong(inner): inner.plainText
            case let .link(text, _): text.plainText
            case .lineBreak: " "
            }
        }.joined()
    }
}
