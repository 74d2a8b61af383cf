/// Word wrapping by display columns, for the plain-text renderer.
enum TextWrap {
    /// `text` wrapped to `width` columns: the first line starts with `first`, the others with
    /// `rest`. Words move whole to the next line; only a word wider than a line is cut. A "\n"
    /// in `text` ends a line. Lines carry no trailing spaces.
    static func wrap(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        var lineWidth = TextCleaning.width(first)
        let restWidth = TextCleaning.width(rest)
        var indentWidth = lineWidth
        var empty = true
        func newLine() {
            lines.append(line)
            line = rest
            lineWidth = restWidth
            indentWidth = restWidth
            empty = true
        }
        for (n, paragraph) in TextCleaning.lines(text).enumerated() {
            if n > 0 { newLine() }
            for word in TextCleaning.words(paragraph) {
                let w = TextCleaning.width(word)
                if !empty && lineWidth + 1 + w > width { newLine() }
                if !empty {
                    line += " "
                    lineWidth += 1
                }
                if lineWidth + w <= width || w <= 1 {
                    line += word
                    lineWidth += w
                } else {
                    // A word wider than the line is cut into pieces that fill each line, in one
                    // pass over its characters (so a megabyte-long word costs a megabyte of work).
                    for character in word {
                        let cw = TextCleaning.width(character)
                        if lineWidth + cw > width && lineWidth > indentWidth { newLine() }
                        line.append(character)
                        lineWidth += cw
                    }
                }
                empty = false
            }
        }
        if !empty || lines.isEmpty { lines.append(line) }
        return lines.map { $0.trimmingTrailingSpaces() }
    }

    /// The longest start of `word` that fits `columns` (at least one character), and the rest.
    static func split(_ word: String, columns: Int) -> (String, String) {
        var head = ""
        var used = 0
        var index = word.startIndex
        while index < word.endIndex {
            let w = TextCleaning.width(word[index])
            if used + w > columns && !head.isEmpty { break }
            head.append(word[index])
            used += w
            index = word.index(after: index)
        }
        return (head, String(word[index...]))
    }

    /// `text` cut to `columns`, ending in "…" when it was longer.
    static func truncate(_ text: String, to columns: Int) -> String {
        guard TextCleaning.width(text) > columns else { return text }
        return split(text, columns: max(0, columns - 1)).0 + "…"
    }

    /// `text` padded with spaces to `width` columns, on the right (left-aligned), the left
    /// (right-aligned) or both (centred).
    static func pad(_ text: String, to width: Int, alignment: Table.Alignment = .left) -> String {
        let gap = max(0, width - TextCleaning.width(text))
        switch alignment {
        case .left: return text + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + text
        case .center: return String(repeating: " ", count: gap / 2) + text + String(repeating: " ", count: gap - gap / 2)
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
