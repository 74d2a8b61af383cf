/// Makes plain text safe inside the inline Markdown that layouts write.
public enum MarkdownEscape {
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
