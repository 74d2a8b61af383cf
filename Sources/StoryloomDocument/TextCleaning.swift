/// Text from a corpus may hold anything. Before it reaches a terminal, a text file, or any
/// other output, characters that could move the cursor, recolour, or reorder what is shown
/// are removed (or, for messages, replaced by `replacement` so the reader sees something was
/// there), and the columns text takes are measured the way terminals do.
public enum TextCleaning {
    /// `text` without C0 controls (line ends become "\n", tabs a space), DEL, C1 controls,
    /// bidirectional overrides, isolates and marks, or a byte-order mark; each removed
    /// character becomes `replacement` when one is given.
    public static func clean(_ text: String, replacement: Unicode.Scalar? = nil) -> String {
        // Almost all text is clean: a scan of the bytes spares building a copy.
        guard needsCleaning(text) else { return text }
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar.value == 0x0D }
            switch scalar.value {
            case 0x0A:
                if !previousWasCR { result.append(scalar) }
            case 0x0D, 0x2028, 0x2029:
                result.append("\n")
            case 0x09, 0x0B, 0x0C:
                result.append(" ")
            case 0x00 ..< 0x20, 0x7F ..< 0xA0, 0x061C, 0x200E, 0x200F, 0x202A ... 0x202E, 0x2066 ... 0x2069, 0xFEFF:
                if let replacement { result.append(replacement) }
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether any byte could start a character `clean` changes: C0 controls but newline, DEL,
    /// C1 controls (C2 80–9F), the Arabic letter mark (D8 9C), the line and paragraph
    /// separators and bidi marks (E2 80 8E/8F/A8–AE, E2 81 A6–A9), and the byte-order mark
    /// (EF BB BF).
    static func needsCleaning(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let n = bytes.count
            var i = 0
            while i < n {
                let b = bytes[i]
                i += 1
                // Printable ASCII and newlines, nearly all of any text, first.
                if (b >= 0x20 && b < 0x7F) || b == 0x0A { continue }
                if b < 0x80 { return true }
                // A lead byte: the sequences above start at C2, D8, E2 and EF (Swift strings are
                // always valid UTF-8, so a lead byte is never mistaken for a continuation).
                let next = i < n ? bytes[i] : 0, after = i + 1 < n ? bytes[i + 1] : 0
                switch b {
                case 0xC2: if next >= 0x80 && next <= 0x9F { return true }
                case 0xD8: if next == 0x9C { return true }
                case 0xE2:
                    if next == 0x80 && (after == 0x8E || after == 0x8F || (after >= 0xA8 && after <= 0xAE)) { return true }
                    if next == 0x81 && after >= 0xA6 && after <= 0xA9 { return true }
                case 0xEF: if next == 0xBB && after == 0xBF { return true }
                default: break
                }
            }
            return false
        }
    }

    /// `text` without the control characters `clean` removes, but with tabs and line ends kept
    /// as they are: for files whose format needs them (a CSV record, an email's CR LF).
    public static func removingControls(_ text: String) -> String {
        guard needsCleaning(text) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: result.append(scalar)
            case 0x00 ..< 0x20, 0x7F ..< 0xA0, 0x061C, 0x200E, 0x200F, 0x202A ... 0x202E, 0x2066 ... 0x2069, 0xFEFF: continue
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// `clean(text)` on one line: line ends become spaces.
    public static func cleanLine(_ text: String) -> String {
        let cleaned = clean(text)
        return cleaned.utf8.contains(0x0A) ? cleaned.replacingOccurrences(of: "\n", with: " ") : cleaned
    }

    /// Columns a string takes in a terminal: wide East Asian characters and emoji count two,
    /// combining marks and invisible format characters none.
    /// `text` split at each "\n", as `split(separator: "\n", omittingEmptySubsequences: false)`
    /// splits it, found among the UTF-8 bytes rather than by walking every character: a line
    /// feed always stands alone as a character, unless a carriage return comes before it (then
    /// the two are one character, and the walk is taken).
    static func lines<Text: StringProtocol>(_ text: Text) -> [Text.SubSequence] where Text.Index == String.Index {
        let bytes = text.utf8
        guard !bytes.contains(0x0D) else { return text.split(separator: "\n", omittingEmptySubsequences: false) }
        var lines: [Text.SubSequence] = []
        var start = text.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 0x0A {
                lines.append(text[start ..< i])
                start = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        lines.append(text[start...])
        return lines
    }

    /// The words of a line: `line.split(separator: " ")`, found among the UTF-8 bytes. A space
    /// between ASCII characters always stands alone as a character; next to anything else it
    /// may not (a combining mark after it joins it), so there the three scalars are asked.
    static func words(_ line: Substring) -> [Substring] {
        var words: [Substring] = []
        let bytes = line.utf8
        var start = line.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            guard bytes[i] == 0x20 else {
                i = bytes.index(after: i)
                continue
            }
            let next = bytes.index(after: i)
            if standsAlone(space: i, in: line) {
                if start < i { words.append(line[start ..< i]) }
                start = next
            }
            i = next
        }
        if start < line.endIndex { words.append(line[start...]) }
        return words
    }

    /// Whether the space at `i` is a character of its own in `line`.
    private static func standsAlone(space i: String.Index, in line: Substring) -> Bool {
        let bytes = line.utf8
        let after = bytes.index(after: i)
        let beforeIsASCII = i == line.startIndex || bytes[bytes.index(before: i)] < 0x80
        let afterIsASCII = after == line.endIndex || bytes[after] < 0x80
        if beforeIsASCII && afterIsASCII { return true }
        let scalars = line.unicodeScalars
        var around = String.UnicodeScalarView()
        if i > line.startIndex { around.append(scalars[scalars.index(before: i)]) }
        around.append(" ")
        if after < line.endIndex { around.append(scalars[after]) }
        return String(around).count == around.count
    }

    static func width(_ text: String) -> Int {
        width(Substring(text))
    }

    /// The same for part of a string, without copying it out.
    static func width(_ text: Substring) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var columns = 0
        for scalar in text.unicodeScalars {
            columns += width(of: scalar)
        }
        return columns
    }

    /// The same for one character.
    static func width(_ character: Character) -> Int {
        if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F { return 1 }
        return character.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if (0x1160 ... 0x11FF).contains(v) { return 0 } // Hangul medial vowels and final consonants join the syllable.
        if (0x1100 ... 0x115F).contains(v) || (0x2E80 ... 0x303E).contains(v) || (0x3041 ... 0x33FF).contains(v)
            || (0x3400 ... 0x4DBF).contains(v) || (0x4E00 ... 0x9FFF).contains(v) || (0xA000 ... 0xA4CF).contains(v)
            || (0xAC00 ... 0xD7A3).contains(v) || (0xF900 ... 0xFAFF).contains(v) || (0xFE30 ... 0xFE4F).contains(v)
            || (0xFF00 ... 0xFF60).contains(v) || (0xFFE0 ... 0xFFE6).contains(v) || (0x1F300 ... 0x1F64F).contains(v)
            || (0x1F900 ... 0x1FAFF).contains(v) || (0x20000 ... 0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }
}
