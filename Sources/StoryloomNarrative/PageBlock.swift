import StoryloomDocument

/// A block of a narrative page, in reading order.
public enum PageBlock: Sendable, Equatable {
    /// A heading. The page does not give it an anchor: whoever adds it to a document does,
    /// from `id` (written `## Findings {#findings}`) when there is one, else from its text.
    /// `line` is the heading's line in the file.
    case heading(level: Int, text: [Inline], line: Int, id: String?)
    /// Anything else a page can hold: a paragraph, list, quote, table.
    case block(Block)
    /// A shortcode that is a paragraph on its own (`isBlock` is true).
    case shortcode(Shortcode)
}
