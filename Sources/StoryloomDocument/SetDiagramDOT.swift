/// A set diagram as Graphviz DOT, for others to restyle or to draw as SVG: neato with every
/// node pinned, the sets as translucent circles with each region's number where it lies, and a
/// key beside them listing each region's items (past three sets, the sets and the key only).
extension DOTRenderer {
    public func render(_ diagram: SetDiagram, name: String) -> String {
        let regions = diagram.regions
        let height = 420.0
        var lines = ["graph \(quoted(name)) {",
                     "  layout=neato; inputscale=72; notranslate=true; overlap=true; splines=false; outputorder=nodesfirst;",
                     "  bgcolor=\(quoted(style.background)); pad=0.3;",
                     "  node [fontname=\(quoted(style.safeGraphFont)), fontcolor=\(quoted(style.foreground)), fontsize=10];"]
        func pos(_ x: Double, _ y: Double) -> String { quoted("\(Int(x)),\(Int(height - y))!") }
        func fill(_ set: Int) -> String {
            let role = SetDiagramSVG.roles[set % SetDiagramSVG.roles.count]
            return style.color(role) ?? style.primary
        }
        // The key: left-aligned lines ("\\l" ends each in DOT), every one escaped.
        var key: [String] = []
        for (n, region) in regions.enumerated() {
            key.append("\(n + 1). \(diagram.name(of: region))")
            key += region.items.map { "     " + SetDiagram.describe($0) }
        }
        let keyLabel = "\"" + key.map { String(quoted($0).dropFirst().dropLast()) + "\\l" }.joined() + "\""
        if diagram.isVenn {
            let (centres, radius, anchors) = SetDiagramSVG.layout(sets: max(1, diagram.sets.count))
            for (n, set) in diagram.sets.enumerated() {
                let (x, y) = centres[n]
                let colour = fill(n)
                // Translucent fill: the colour with an alpha of about a fifth.
                let translucent = colour.count == 7 ? colour + "38" : colour
                lines.append("  \(quoted("set-" + set.id)) [shape=circle, fixedsize=true, width=\(formatValue(2 * radius / 72)), label=\"\", style=filled, fillcolor=\(quoted(translucent)), color=\(quoted(colour)), pos=\(pos(x, y))];")
                let labelY = n == 2 ? y + radius + 26 : y - radius - 12
                lines.append("  \(quoted("set-label-" + set.id)) [shape=plaintext, fontsize=16, fontcolor=\(quoted(colour)), label=\(quoted(set.label)), pos=\(pos(x, labelY))];")
            }
            for (n, region) in regions.enumerated() {
                guard let (x, y) = anchors[region.members] else { continue }
                lines.append("  \(quoted("region-\(n + 1)")) [shape=circle, fixedsize=true, width=0.42, style=filled, fillcolor=\(quoted(style.background)), color=\(quoted(style.foreground)), fontsize=13, label=\(quoted("\(n + 1)")), pos=\(pos(x, y))];")
            }
            // Pinned by its centre: half its width (about 6 points a character) right of the circles.
            let keyWidth = Double(key.map(\.count).max() ?? 0) * 6
            lines.append("  key [shape=plaintext, fontsize=11, label=\(keyLabel), pos=\(pos(420 + keyWidth / 2, 200))];")
        } else {
            for (n, set) in diagram.sets.enumerated() {
                lines.append("  \(quoted("set-" + set.id)) [shape=box, style=filled, fillcolor=\(quoted(fill(n))), fontcolor=\"#ffffff\", label=\(quoted(set.label)), pos=\(pos(60, 40 + Double(n) * 40))];")
            }
            lines.append("  key [shape=plaintext, fontsize=11, label=\(keyLabel), pos=\(pos(400, 200))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
