/// Text from a corpus may hold anything. Before it reaches a terminal or a text file, control
/// characters that could move the cursor, recolour or reorder output are removed (or, for
/// messages, replaced by `replacement` so the reader sees something was there).
public enum TextCleaning {
    public static func clean(_ text: String, replacement: Unicode.Scalar? = nil) -> String {
        // Almost all text is clean: a scan of the bytes spares building a copy.
        guard needsCleaning(text) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: result.append(scalar)
            case 0x09: result.append(" ")
            case 0x00 ..< 0x20, 0x7F ..< 0xA0, 0x200E, 0x200F, 0x202A ... 0x202E, 0x2066 ... 0x2069, 0xFEFF:
                if let replacement { result.append(replacement) }
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether any byte could start a character `clean` removes: C0 controls but newline, DEL,
    /// C1 controls (C2 80–9F), the bidi and direction marks (E2 80 8E/8F/AA–AE, E2 81 A6–A9)
    /// and the byte-order mark (EF BB BF).
    static func needsCleaning(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        while let b = utf8.next() {
            if b < 0x20 && b != 0x0A { return true }
            if b == 0x7F { return true }
            if previous == 0xC2 && b >= 0x80 && b <= 0x9F { return true }
            if beforePrevious == 0xE2 && previous == 0x80 && (b == 0x8E || b == 0x8F || (b >= 0xAA && b <= 0xAE)) { return true }
            if beforePrevious == 0xE2 && previous == 0x81 && b >= 0xA6 && b <= 0xA9 { return true }
            if beforePrevious == 0xEF && previous == 0xBB && b == 0xBF { return true }
            beforePrevious = previous
            previous = b
        }
        return false
    }

    /// Columns a string takes in a terminal: wide East Asian characters count two, combining
    /// marks none.
    static func width(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        var columns = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark || v == 0x200B {
                continue
            }
            if (0x1100 ... 0x115F).contains(v) || (0x2E80 ... 0xA4CF).contains(v) || (0xAC00 ... 0xD7A3).contains(v)
                || (0xF900 ... 0xFAFF).contains(v) || (0xFE30 ... 0xFE4F).contains(v) || (0xFF00 ... 0xFF60).contains(v)
                || (0xFFE0 ... 0xFFE6).contains(v) || (0x1F300 ... 0x1FAFF).contains(v) || (0x20000 ... 0x3FFFD).contains(v) {
                columns += 2
            } else {
                columns += 1
            }
        }
        return columns
    }

    /// Words wrapped to `width` columns; a word longer than the width stands on its own line.
    static func wrap(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        var lineWidth = self.width(first)
        var empty = true
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let w = self.width(String(word))
            if !empty && lineWidth + 1 + w > width {
                lines.append(line)
                line = rest
                lineWidth = self.width(rest)
                empty = true
            }
            if !empty {
                line += " "
                lineWidth += 1
            }
            line += word
            lineWidth += w
            empty = false
        }
        if !empty || lines.isEmpty { lines.append(line) }
        return lines.map { $0.trimmingTrailingSpaces() }
    }

    static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let gap = String(repeating: " ", count: max(0, width - self.width(text)))
        return right ? gap + text : text + gap
    }
}
