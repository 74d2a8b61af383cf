/// The shapes of the names Storyloom accepts (reports, plugins, blocks, formats, modules,
/// language tags, CSS sizes), checked byte by byte: each used to be a regular expression,
/// compiled by ICU at every check, dozens of times in a build.
public enum NameShape {
    /// An ASCII letter or digit, then letters, digits, '.', '_' or '-'
    /// (`^[A-Za-z0-9][A-Za-z0-9._-]*$`): names that become file names.
    public static func isFileName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isAlphanumeric(first) else { return false }
        return bytes.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    /// ASCII letters and digits only, at least one (`^[A-Za-z0-9]+$`): file extensions.
    public static func isAlphanumeric(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isAlphanumeric)
    }

    /// Dot-separated parts, each of ASCII letters, digits, '_' or '-'
    /// (`^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$`): Lua module names.
    public static func isModuleName(_ text: String) -> Bool {
        text.utf8.split(separator: 0x2E, omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy { isAlphanumeric($0) || $0 == 0x5F || $0 == 0x2D }
        }
    }

    /// Two or three ASCII letters, then parts of one to eight letters or digits after '-'
    /// (`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`): BCP 47 language tags.
    public static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: 0x2D, omittingEmptySubsequences: false)
        guard let first = parts.first, (2 ... 3).contains(first.count), first.allSatisfy(isLetter) else { return false }
        return parts.dropFirst().allSatisfy { (1 ... 8).contains($0.count) && $0.allSatisfy(isAlphanumeric) }
    }

    /// Digits, optionally a '.' and more digits, then one of `units` (or nothing, if `units`
    /// holds ""): `^[0-9]+(\.[0-9]+)?(px|pt|rem|em|%)$` and `^[0-9]+(\.[0-9]+)?$`.
    public static func isDecimal(_ text: String, units: [String]) -> Bool {
        guard let unit = units.first(where: { text.hasSuffix($0) }) else { return false }
        let number = text.utf8.dropLast(unit.utf8.count)
        let parts = number.split(separator: 0x2E, maxSplits: 1, omittingEmptySubsequences: false)
        return (1 ... 2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(isDigit) }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    private static func isAlphanumeric(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
}
