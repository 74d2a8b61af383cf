/// Text from a corpus may hold anything; before it reaches a terminal, control characters
/// (which could move the cursor, recolour or hide output) are replaced.
enum Terminal {
    static func clean(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: result.append(scalar)
            case 0x09: result.append(" ")
            case 0x00 ..< 0x20, 0x7F ..< 0xA0, 0x202A ... 0x202E, 0x2066 ... 0x2069: result.append("\u{FFFD}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

/// Columns of text aligned for a terminal.
struct TextTable {
    var header: [String]
    var rows: [[String]]
    /// Columns whose cells are right-aligned (numbers).
    var numeric: Set<Int> = []

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0.count > c ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return numeric.contains(c) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        var lines = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        return Terminal.clean(lines.joined(separator: "\n"))
    }
}
