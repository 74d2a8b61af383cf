/// Makes plain text safe inside the inline Markdown that layouts write (what
/// `Inline.parseMarkdown` reads as markup: backslashes, backticks, `*`, `_` and brackets).
public enum MarkdownEscape {
    /// `text` with each of `` \ ` * _ [ ] `` backslash-escaped, so it parses back to itself.
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
