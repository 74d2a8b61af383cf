/// Draws a set diagram as inline SVG for HTML: for up to three sets, translucent overlapping
/// circles with each region's number of items in it; beyond, an UpSet-style matrix (a column
/// per region: its sets as dots, its size as a bar). The items themselves follow as HTML
/// lists, one per region and keyed to it, so they stay readable at any width; the drawing
/// scales to its container. Colours are the page's palette (CSS custom properties).
struct SetDiagramSVG {
    let diagram: SetDiagram
    let style: Style
    /// The prefix of the drawing's own ids; unique in the page.
    let id: String
    let alt: String
    /// A file of its own (for Typst): colours as they are rather than the page's custom
    /// properties, a fixed size, and the font written on it.
    var standalone = false
    /// The font, as an SVG `font-family` list, when standalone.
    var fontFamily = "sans-serif"

    /// The palette roles of the sets, in set order.
    static let roles = ["primary", "secondary", "accent"]

    func render() -> String {
        let regions = diagram.regions
        let svg = drawing()
        var lists: [String] = []
        for (n, region) in regions.enumerated() {
            let items = region.items.map { "<li>\(HTMLEscape.text(TextCleaning.cleanLine(SetDiagram.describe($0))))</li>" }.joined()
            lists.append("<div class=\"sl-sets-region\"><h4><span class=\"sl-sets-key\">\(n + 1)</span> \(HTMLEscape.text(TextCleaning.cleanLine(diagram.name(of: region))))</h4><ul>\(items)</ul></div>")
        }
        return "<div class=\"sl-sets\">\(svg)<div class=\"sl-sets-lists\">\(lists.joined())</div></div>"
    }

    /// The drawing alone: circles, or the matrix.
    func drawing() -> String {
        diagram.isVenn ? venn(diagram.regions) : matrix(diagram.regions)
    }

    private func colour(_ set: Int) -> String {
        let role = Self.roles[set % Self.roles.count]
        return paint(role, style.color(role) ?? style.primary)
    }

    /// A palette role's colour: the page's custom property (with `fallback` for a page without
    /// it), or, standalone, the colour itself.
    private func paint(_ role: String, _ fallback: String) -> String {
        standalone ? HTMLEscape.text(fallback) : "var(--sl-\(role), \(HTMLEscape.text(fallback)))"
    }

    private var background: String { paint("background", standalone ? style.background : "#ffffff") }
    private var foreground: String { paint("foreground", standalone ? style.foreground : "#1b1b1b") }
    private var tint: String { paint("tint", standalone ? style.tint : "#e8eef3") }

    private func header(width: Int, height: Int) -> String {
        let titleID = HTMLEscape.text(id + "-title")
        let size = standalone
            ? "width=\"\(width)\" height=\"\(height)\" font-family=\"\(HTMLEscape.text(fontFamily))\""
            : "width=\"100%\" style=\"max-width: \(width)px; height: auto\""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sl-sets-drawing\" role=\"img\" aria-labelledby=\"\(titleID)\" viewBox=\"0 0 \(width) \(height)\" \(size)>"
            + "<title id=\"\(titleID)\">\(HTMLEscape.text(TextCleaning.cleanLine(alt)))</title>"
    }

    /// Circle centres and radius, and where each region's key goes, by the number of sets.
    static func layout(sets: Int) -> (centres: [(Double, Double)], radius: Double, anchors: [[Int]: (Double, Double)]) {
        switch sets {
        case 1:
            return ([(200, 170)], 130, [[0]: (200, 170)])
        case 2:
            return ([(150, 170), (270, 170)], 120, [[0]: (95, 170), [1]: (325, 170), [0, 1]: (210, 170)])
        default:
            return ([(150, 150), (270, 150), (210, 250)], 115,
                    [[0]: (105, 120), [1]: (315, 120), [2]: (210, 310), [0, 1]: (210, 105),
                     [0, 2]: (150, 225), [1, 2]: (270, 225), [0, 1, 2]: (210, 180)])
        }
    }

    private func venn(_ regions: [SetDiagram.Region]) -> String {
        let (centres, radius, anchors) = Self.layout(sets: max(1, diagram.sets.count))
        let width = 420, height = diagram.sets.count == 3 ? 400 : 340
        var parts = [header(width: width, height: height)]
        for (n, set) in diagram.sets.enumerated() {
            let (x, y) = centres[n]
            parts.append("<circle cx=\"\(Int(x))\" cy=\"\(Int(y))\" r=\"\(Int(radius))\" style=\"fill: \(colour(n)); fill-opacity: 0.22; stroke: \(colour(n)); stroke-width: 2\"/>")
            // Set names outside their circles: above the top two, below the third.
            let labelY = n == 2 ? Int(y + radius + 26) : Int(y - radius - 12)
            let labelX = n == 2 ? Int(x) : (n == 0 ? Int(x - radius / 3) : Int(x + radius / 3))
            parts.append("<text x=\"\(labelX)\" y=\"\(labelY)\" text-anchor=\"middle\" style=\"font-weight: 700; font-size: 20px; fill: \(colour(n))\">\(HTMLEscape.text(TextCleaning.cleanLine(set.label)))</text>")
        }
        for (n, region) in regions.enumerated() {
            guard let (x, y) = anchors[region.members] else { continue }
            parts.append("<circle cx=\"\(Int(x))\" cy=\"\(Int(y))\" r=\"17\" style=\"fill: \(background); stroke: \(foreground); stroke-width: 1.5\"/>")
            parts.append("<text x=\"\(Int(x))\" y=\"\(Int(y) + 6)\" text-anchor=\"middle\" style=\"font-size: 17px; font-weight: 700; fill: \(foreground)\"><title>\(HTMLEscape.text(TextCleaning.cleanLine(diagram.name(of: region)))): \(region.items.count)</title>\(n + 1)</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }

    private func matrix(_ regions: [SetDiagram.Region]) -> String {
        let labelWidth = 150, column = 34, barHeight = 120, row = 28
        let width = labelWidth + column * max(1, regions.count) + 20
        let height = barHeight + 30 + row * diagram.sets.count + 10
        let largest = max(1, regions.map(\.items.count).max() ?? 1)
        var parts = [header(width: width, height: height)]
        for (s, set) in diagram.sets.enumerated() {
            let y = barHeight + 30 + s * row + row / 2
            parts.append("<text x=\"\(labelWidth - 10)\" y=\"\(y + 5)\" text-anchor=\"end\" style=\"font-size: 15px; fill: \(colour(s))\">\(HTMLEscape.text(TextCleaning.cleanLine(set.label)))</text>")
        }
        for (n, region) in regions.enumerated() {
            let x = labelWidth + n * column + column / 2
            let bar = Int(Double(barHeight - 20) * Double(region.items.count) / Double(largest))
            parts.append("<rect x=\"\(x - 10)\" y=\"\(barHeight - bar)\" width=\"20\" height=\"\(bar)\" style=\"fill: \(paint("primary", style.primary))\"/>")
            parts.append("<text x=\"\(x)\" y=\"\(barHeight - bar - 4)\" text-anchor=\"middle\" style=\"font-size: 13px\">\(region.items.count)</text>")
            parts.append("<text x=\"\(x)\" y=\"\(barHeight + 18)\" text-anchor=\"middle\" style=\"font-size: 13px; font-weight: 700\">\(n + 1)</text>")
            let ys = region.members.map { barHeight + 30 + $0 * row + row / 2 }
            if let low = ys.min(), let high = ys.max(), low != high {
                parts.append("<line x1=\"\(x)\" y1=\"\(low)\" x2=\"\(x)\" y2=\"\(high)\" style=\"stroke: \(foreground); stroke-width: 3\"/>")
            }
            for s in 0 ..< diagram.sets.count {
                let y = barHeight + 30 + s * row + row / 2
                let member = region.members.contains(s)
                parts.append("<circle cx=\"\(x)\" cy=\"\(y)\" r=\"8\" style=\"fill: \(member ? foreground : tint)\"/>")
            }
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
