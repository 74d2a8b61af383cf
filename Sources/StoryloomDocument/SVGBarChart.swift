/// Draws a bar chart as inline SVG: horizontal bars with their labels and values, grouped,
/// scaled to the chart's maximum. Text is escaped; sizes are fixed so output is stable.
struct SVGBarChart {
    let chart: BarChart
    let style: Style
    /// The prefix of the chart's own ids; unique in the page.
    let id: String
    /// What the chart shows, in words: the SVG's accessible name.
    let alt: String
    /// A file of its own (for Typst) rather than part of a page: no style sheet reaches it, so
    /// its fonts and colours are written on it.
    var standalone = false
    /// The font, as an SVG `font-family` list, when standalone.
    var fontFamily = "sans-serif"
    /// For a phone's width: each label above its bar, 360 wide, so at 390 px the text is drawn
    /// near its own size rather than shrunk with a 670-wide chart.
    var narrow = false

    /// Labels longer than this many characters are shortened (the whole label is the tooltip).
    static let longestLabel = 32

    func render() -> String {
        narrow ? renderNarrow() : renderWide()
    }

    private func renderNarrow() -> String {
        let width = 360, barWidth = 290, rowHeight = 42
        let top = chart.maximum.flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? max(chart.bars.map(\.value).max() ?? 1, 1e-9)
        let titleID = HTMLEscape.text(id + "-title")
        var rows: [String] = []
        var y = 4
        var group: String? = nil
        if let title = chart.title {
            rows.append("<text x=\"0\" y=\"18\" class=\"sl-chart-title\">\(HTMLEscape.text(title))</text>")
            y = 30
        }
        for bar in chart.bars {
            if bar.group != group, let name = bar.group {
                y += group == nil ? 0 : 6
                rows.append("<text x=\"0\" y=\"\(y + 14)\" class=\"sl-chart-group\">\(HTMLEscape.text(name))</text>")
                y += 22
                group = name
            }
            let share = bar.value.isFinite ? max(0, min(bar.value, top)) / top : 0
            let length = Int((share * Double(barWidth)).rounded())
            let label = TextCleaning.cleanLine(bar.label)
            // A label has the whole width here: cut only past 44 characters.
            let shown = label.count > 44 ? String(label.prefix(43)) + "…" : label
            let tooltip = shown == label ? "" : "<title>\(HTMLEscape.text(label))</title>"
            rows.append("<text x=\"0\" y=\"\(y + 14)\">\(tooltip)\(HTMLEscape.text(shown))</text>")
            rows.append("<rect x=\"0\" y=\"\(y + 20)\" width=\"\(max(1, length))\" height=\"14\" rx=\"3\" fill=\"\(HTMLEscape.text(style.primary))\"/>")
            rows.append("<text x=\"\(length + 6)\" y=\"\(y + 32)\">\(HTMLEscape.text(formatValue(bar.value) + chart.unit))</text>")
            y += rowHeight
        }
        let height = y + 4
        return """
        <svg xmlns="http://www.w3.org/2000/svg" class="sl-chart sl-chart-narrow" role="img" aria-labelledby="\(titleID)" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)">
        <title id="\(titleID)">\(HTMLEscape.text(alt))</title>
        \(rows.joined(separator: "\n"))
        </svg>
        """
    }

    private func renderWide() -> String {
        let rowHeight = 26, groupGap = 22, labelWidth = 230, barWidth = 360, valueWidth = 64
        let width = labelWidth + barWidth + valueWidth + 16
        let top = chart.maximum.flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? max(chart.bars.map(\.value).max() ?? 1, 1e-9)
        let titleID = HTMLEscape.text(id + "-title")
        var rows: [String] = []
        var y = chart.title == nil ? 8 : 34
        var group: String? = nil
        // Standalone, the title's and groups' look is written on them, as the page's CSS would.
        let emphasis = standalone ? " font-weight=\"bold\" fill=\"\(HTMLEscape.text(style.primary))\"" : ""
        if let title = chart.title {
            rows.append("<text x=\"0\" y=\"20\" class=\"sl-chart-title\"\(emphasis)>\(HTMLEscape.text(title))</text>")
        }
        for bar in chart.bars {
            if bar.group != group, let name = bar.group {
                y += group == nil ? 0 : 8
                rows.append("<text x=\"0\" y=\"\(y + 14)\" class=\"sl-chart-group\"\(emphasis)>\(HTMLEscape.text(name))</text>")
                y += groupGap
                group = name
            }
            let share = bar.value.isFinite ? max(0, min(bar.value, top)) / top : 0
            let length = Int((share * Double(barWidth)).rounded())
            let value = formatValue(bar.value) + chart.unit
            let label = TextCleaning.cleanLine(bar.label)
            let shown = label.count > Self.longestLabel ? String(label.prefix(Self.longestLabel - 1)) + "…" : label
            let tooltip = shown == label ? "" : "<title>\(HTMLEscape.text(label))</title>"
            rows.append("<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\">\(tooltip)\(HTMLEscape.text(shown))</text>")
            rows.append("<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(1, length))\" height=\"\(rowHeight - 8)\" rx=\"3\" fill=\"\(HTMLEscape.text(style.primary))\"/>")
            rows.append("<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 17)\">\(HTMLEscape.text(value))</text>")
            y += rowHeight
        }
        let height = y + 8
        let look = standalone
            ? " font-family=\"\(HTMLEscape.text(fontFamily))\" font-size=\"13\" fill=\"\(HTMLEscape.text(style.foreground))\"" : ""
        return """
        <svg xmlns="http://www.w3.org/2000/svg" class="sl-chart" role="img" aria-labelledby="\(titleID)" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)"\(look)>
        <title id="\(titleID)">\(HTMLEscape.text(alt))</title>
        \(rows.joined(separator: "\n"))
        </svg>
        """
    }
}
