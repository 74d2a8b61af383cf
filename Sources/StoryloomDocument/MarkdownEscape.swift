/// Makes plain text safe inside the inline Markdown that layouts write (what
/// `Inline.parseMarkdown` reads as markup: backslashes, backticks, `*`, `_` and brackets).
public enum MarkdownEscape {
    /// `text` with each of `` \ ` * _ [ ] `` backslash-escaped, so it parses back to itself.
    public static func escape(_ text: String) -> String {
        // Most text holds none of them: returned as it is.
        guard text.utf8.contains(where: { isMarkup[Int($0)] }) else { return text }
        var out = ""
        for c in text {
            // A character with a combining mark (`_` + U+0301) is not the bare one, and has no
            // ASCII value.
            if let ascii = c.asciiValue, isMarkup[Int(ascii)] { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// `` \ ` * _ [ ] `` by byte.
    private static let isMarkup = byteTable("\\`*_[]")

    /// For each byte, whether it is one of `characters` (ASCII): a lookup for text scanned a
    /// byte at a time, where a `Set` would hash every byte.
    static func byteTable(_ characters: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in characters.utf8 { table[Int(byte)] = true }
        return table
    }
}
