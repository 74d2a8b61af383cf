/// Escaping for HTML text and attribute values (and SVG, which follows the same rules).
public enum HTMLEscape {
    /// Text or an attribute value: control characters removed, `& < > " '` as references.
    static func text(_ s: String) -> String {
        let clean = TextCleaning.clean(s)
        // Escaping works on bytes: the five characters are ASCII, so UTF-8 sequences pass intact.
        guard clean.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return clean }
        var out: [UInt8] = []
        out.reserveCapacity(clean.utf8.count + 16)
        for b in clean.utf8 {
            switch b {
            case 0x26: out += Array("&amp;".utf8)
            case 0x3C: out += Array("&lt;".utf8)
            case 0x3E: out += Array("&gt;".utf8)
            case 0x22: out += Array("&quot;".utf8)
            case 0x27: out += Array("&#39;".utf8)
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a link may stay a link in an output: http, https, mailto, or an in-page anchor.
    /// Control characters and spaces are ignored in the check, as browsers ignore them.
    public static func isSafeLink(_ s: String) -> Bool {
        let lower = String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })).lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") || lower.hasPrefix("#")
    }
}
