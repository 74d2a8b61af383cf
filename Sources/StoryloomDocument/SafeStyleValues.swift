/// The colours and font names a renderer lets through to CSS, SVG and Graphviz. Anything else
/// is replaced by a default before it is written: a colour or font name is copied into
/// attributes and style sheets, where a crafted one could carry markup or script, and Graphviz
/// itself crashes on some unknown colour names.
public enum SafeStyleValues {
    /// Colour names that CSS, SVG and Graphviz all know, with the same meaning.
    public static let namedColours: Set<String> = [
        "black", "white", "red", "green", "blue", "yellow", "orange", "purple", "gray", "grey", "navy",
        "teal", "maroon", "olive", "silver", "lime", "aqua", "fuchsia", "brown", "pink", "gold", "none",
    ]

    /// `value` if it is `#rgb`, `#rrggbb`, `#rrggbbaa` or one of `namedColours`; else nil.
    public static func colour(_ value: String) -> String? {
        if namedColours.contains(value) { return value }
        guard value.first == "#" else { return nil }
        let digits = value.dropFirst()
        guard [3, 6, 8].contains(digits.count), digits.allSatisfy(\.isHexDigit) else { return nil }
        return value
    }

    /// `value` if it is a plain font family name (letters, digits, spaces, '-', '_', '.', at most
    /// 64 characters); else nil.
    public static func fontFamily(_ value: String) -> String? {
        guard !value.isEmpty, value.count <= 64,
              value.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0" ... "9").contains($0) || " -_.".unicodeScalars.contains($0) })
        else { return nil }
        return value
    }
}
