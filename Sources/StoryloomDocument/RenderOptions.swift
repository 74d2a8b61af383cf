/// How a document is rendered: the text width, the look (colours and fonts, which a brand
/// overrides), and the tool that turns a graph into SVG.
public struct RenderOptions: Sendable {
    /// Columns for plain text.
    public var width: Int
    public var style: Style
    /// Turns DOT into inline SVG (Graphviz); nil, or a nil result, puts a notice and the
    /// DOT source in the HTML instead.
    public var graphToSVG: (@Sendable (String) -> String?)?
    /// Lines printed above and below plain text (a brand's header and footer).
    public var textHeader: [String]
    public var textFooter: [String]

    public init(width: Int = 80, style: Style = Style(), graphToSVG: (@Sendable (String) -> String?)? = nil,
                textHeader: [String] = [], textFooter: [String] = []) {
        self.width = width
        self.style = style
        self.graphToSVG = graphToSVG
        self.textHeader = textHeader
        self.textFooter = textFooter
    }
}

/// Colours and fonts. The defaults pass WCAG AA: every text colour has a contrast of at least
/// 4.5:1 against the background.
public struct Style: Sendable, Equatable {
    public var primary = "#1b5e84"
    public var secondary = "#6b3f7a"
    public var accent = "#a34700"
    public var muted = "#595f66"
    public var background = "#ffffff"
    public var foreground = "#1f2328"
    public var link = "#0b5cad"
    /// Light fills behind figures' regions and call-outs.
    public var tint = "#eef4f8"
    public var fontBase = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif"
    public var fontHeadings = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif"
    public var fontMonospace = "ui-monospace, \"SFMono-Regular\", Menlo, Consolas, monospace"
    public var fontSize = "1.0625rem"
    public var lineHeight = "1.6"
    public var headingWeight = "700"
    /// A font family name Graphviz can find.
    public var graphFont = "Helvetica"

    public init() {}

    /// A palette role (`primary`, `secondary`, `accent`, `muted`) or a colour as given.
    public func color(_ name: String?) -> String? {
        switch name {
        case "primary": primary
        case "secondary": secondary
        case "accent": accent
        case "muted": muted
        case "tint": tint
        default: name
        }
    }
}
