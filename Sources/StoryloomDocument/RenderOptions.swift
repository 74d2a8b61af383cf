/// How a document is rendered: the text width, the look (colours and fonts, which a brand
/// overrides), and the tool that turns a graph into SVG.
public struct RenderOptions: Sendable {
    /// Columns for plain text.
    public var width: Int
    /// Lists headings down to this level in every contents block, overriding the block's own
    /// depth; nil keeps each block's.
    public var contentsDepth: Int?
    /// Colours and fonts: HTML's CSS custom properties and DOT's colours and font.
    public var style: Style
    /// Turns DOT into inline SVG (`GraphvizSVG.renderer()` runs Graphviz). Nil means Graphviz
    /// is not installed: HTML then shows a notice and the DOT source. A nil result means it
    /// failed on that graph, with the same fallback.
    public var graphToSVG: (@Sendable (String) -> String?)?
    /// Lines printed above plain text (a brand's header).
    public var textHeader: [String]
    /// Lines printed below plain text (a brand's footer).
    public var textFooter: [String]
    /// Which Markdown to write: GitHub's (the default) or Pandoc's.
    public var markdownFlavour: MarkdownFlavour = .github
    /// Image files that show figures, by figure id: a path relative to the Markdown file
    /// (`sector-diagram.svg`). Markdown shows such a figure as that image.
    public var figureImages: [String: String] = [:]
    /// The page size of Typst and PDF.
    public var paper: Paper = .a4
    /// The report's date as `YYYY-MM-DD` (the corpus's project date): the PDF's creation date,
    /// fixed so the same input gives the same bytes. Nil: none.
    public var date: String?

    /// Options; the defaults are 80 columns, the default style, and no Graphviz.
    public init(width: Int = 80, contentsDepth: Int? = nil, style: Style = Style(), graphToSVG: (@Sendable (String) -> String?)? = nil,
                textHeader: [String] = [], textFooter: [String] = []) {
        self.width = width
        self.contentsDepth = contentsDepth
        self.style = style
        self.graphToSVG = graphToSVG
        self.textHeader = textHeader
        self.textFooter = textFooter
    }

    /// The depth a contents block lists to.
    func depth(of contents: Int) -> Int {
        min(6, max(1, contentsDepth ?? contents))
    }
}

/// The Markdown a report is written in.
public enum MarkdownFlavour: String, Sendable, CaseIterable {
    /// GitHub-flavoured: headings without attributes (GitHub makes their ids from their text,
    /// and the contents links follow its rule).
    case github
    /// Pandoc's: each heading carries its document anchor as `{#anchor}`.
    case pandoc
}

/// A page size for printed formats.
public enum Paper: String, Sendable, CaseIterable {
    /// 210 × 297 mm, the default.
    case a4
    /// US letter, 8.5 × 11 in.
    case letter

    /// Typst's name for it.
    var typstName: String { self == .a4 ? "a4" : "us-letter" }
    /// CSS's name for it (`@page { size: … }`).
    public var cssName: String { self == .a4 ? "A4" : "letter" }
}

/// The look a brand overrides; the name the renderers' docs use for `Style`.
public typealias Theme = Style

/// Colours and fonts. The defaults pass WCAG AA: every text colour has a contrast of at least
/// 4.5:1 against the background.
public struct Style: Sendable, Equatable {
    /// Headings, rules, bars and the sector clusters.
    public var primary = "#1b5e84"
    /// Quotation rules and a second cluster colour.
    public var secondary = "#6b3f7a"
    /// Focus rings and a third cluster colour.
    public var accent = "#a34700"
    /// Captions, metadata and edges.
    public var muted = "#595f66"
    /// The page.
    public var background = "#ffffff"
    /// Body text.
    public var foreground = "#1f2328"
    /// Links.
    public var link = "#0b5cad"
    /// Light fills behind figures' regions and call-outs.
    public var tint = "#eef4f8"
    /// Body text's font stack (system fonts: nothing is downloaded).
    public var fontBase = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif"
    /// Headings' font stack.
    public var fontHeadings = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif"
    /// Code's font stack.
    public var fontMonospace = "ui-monospace, \"SFMono-Regular\", Menlo, Consolas, monospace"
    /// Body text's size.
    public var fontSize = "1.0625rem"
    /// Body text's line height.
    public var lineHeight = "1.6"
    /// Headings' font weight.
    public var headingWeight = "700"
    /// A font family name Graphviz can find.
    public var graphFont = "Helvetica"

    /// The default look.
    public init() {}

    /// A palette role (`primary`, `secondary`, `accent`, `muted`, `tint`) or a colour as given;
    /// nil for anything else, which is never passed on (see `SafeStyleValues`).
    public func color(_ name: String?) -> String? {
        switch name {
        case "primary": primary
        case "secondary": secondary
        case "accent": accent
        case "muted": muted
        case "tint": tint
        case let name?: SafeStyleValues.colour(name)
        case nil: nil
        }
    }

    /// The graph font if it is a plain family name, else Graphviz's default.
    public var safeGraphFont: String {
        SafeStyleValues.fontFamily(graphFont) ?? "Helvetica"
    }
}
