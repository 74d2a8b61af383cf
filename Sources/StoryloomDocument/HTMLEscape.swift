/// Escaping for HTML text and attribute values (and SVG, which follows the same rules).
enum HTMLEscape {
    static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in TextCleaning.clean(s).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A URL for `href`: only http(s), mailto and in-page anchors are kept; anything else
    /// (javascript:, data:) becomes a harmless in-page link.
    static func url(_ s: String) -> String {
        let lower = s.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") || lower.hasPrefix("#") else {
            return "#"
        }
        return text(s)
    }
}
