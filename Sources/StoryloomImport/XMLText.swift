/// Text as it can be written into XML 1.0 and read back the same.
enum XMLText {
    /// Whether XML 1.0 can hold the scalar at all (no other controls, no U+FFFE/U+FFFF).
    static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x20 ... 0xD7FF, 0xE000 ... 0xFFFD, 0x10000 ... 0x10FFFF: true
        default: false
        }
    }

    /// The text with what XML cannot hold removed: what an export writes, and so what an
    /// import compares with.
    static func representable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !allowed($0) }) else { return text }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: text.unicodeScalars.filter(allowed))
        return String(view)
    }

    /// Escaped for element content. CR is written as a reference: a parser turns a literal
    /// CR LF into LF.
    static func content(_ text: String) -> String {
        escape(representable(text), attribute: false)
    }

    /// Escaped for a double-quoted attribute value. Tabs and line breaks are written as
    /// references: a parser turns literal ones into spaces.
    static func attribute(_ text: String) -> String {
        escape(representable(text), attribute: true)
    }

    private static func escape(_ text: String, attribute: Bool) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\r": out += "&#13;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
