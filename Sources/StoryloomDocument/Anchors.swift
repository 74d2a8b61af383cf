import Foundation

/// Stable anchors from heading text: lower-case ASCII letters and digits joined by single
/// hyphens, made unique within a document by -2, -3 in document order.
///
/// A slug never holds two hyphens in a row, so renderers give their own ids a `--` and can
/// never collide with an anchor.
public struct Anchors: Sendable {
    private var used: Set<String> = []
    private var nextSuffix: [String: Int] = [:]

    /// A set of anchors with none taken yet.
    public init() {}

    /// The slug of `text`: accents dropped ("Café" → "cafe"), anything but letters and digits
    /// becomes one hyphen, none at the ends; "section" when nothing is left.
    public static func slug(_ text: String) -> String {
        // ASCII has nothing to fold but case: most headings skip Foundation's folding.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSlug(text) }
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: english)
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.lowercased().unicodeScalars {
            // Letters that accents-off folding leaves alone but readers spell in ASCII.
            if let spelled = Self.spelledInASCII[scalar] {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                slug += spelled
                pendingHyphen = false
            } else if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }

    private static let english = Locale(identifier: "en")

    /// `slug` of ASCII text, byte by byte.
    private static func asciiSlug(_ text: String) -> String {
        var slug: [UInt8] = []
        var pendingHyphen = false
        for byte in text.utf8 {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if pendingHyphen && !slug.isEmpty { slug.append(UInt8(ascii: "-")) }
                slug.append(lower)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? "section" : String(decoding: slug, as: UTF8.self)
    }

    private static let spelledInASCII: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "ı": "i",
    ]

    /// `wanted` (a slug) if it is free, else the first free `wanted-2`, `wanted-3`, …; the
    /// result is taken.
    public mutating func unique(_ wanted: String) -> String {
        let base = wanted.isEmpty ? "section" : wanted
        var candidate = base
        var n = nextSuffix[base] ?? 2
        while used.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        if candidate != base { nextSuffix[base] = n }
        used.insert(candidate)
        return candidate
    }

    /// Whether `anchor` is already taken.
    public func contains(_ anchor: String) -> Bool {
        used.contains(anchor)
    }
}

/// The ids GitHub gives Markdown headings, so a contents list written as plain `[x](#slug)`
/// links lands where GitHub (and GitLab, and most renderers that copy it) put the heading.
///
/// The rule is GitHub's: lower-case the heading's text, drop every character that is not a
/// letter, mark, digit, connector (`_`), hyphen or space, turn each space into `-` (runs are not
/// collapsed: "a - b" is `a---b`), and give a slug already used `-1`, `-2`, … in document order.
public struct GitHubSlugs: Sendable {
    private var occurrences: [String: Int] = [:]

    /// No heading seen yet.
    public init() {}

    /// The slug of `text` alone, before duplicates are numbered; empty when nothing is kept
    /// (such a heading has no id to link to).
    public static func slug(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                out.append("-")
            } else if scalar == "-" || Self.isWordCharacter(scalar) {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Letters, marks, decimal digits and connector punctuation: Ruby's and JavaScript's `\w`
    /// with Unicode, which GitHub keeps.
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation:
            true
        default:
            false
        }
    }

    /// The id of the next heading whose text is `text`: its slug, or the slug with the first
    /// free `-1`, `-2`, … when taken (github-slugger's rule, which also steps past a heading
    /// that already spells `x-1`).
    public mutating func next(_ text: String) -> String {
        let base = Self.slug(text.trimmingCharacters(in: .whitespaces))
        var candidate = base
        while occurrences[candidate] != nil {
            occurrences[base, default: 0] += 1
            candidate = base + "-\(occurrences[base]!)"
        }
        occurrences[candidate] = 0
        return candidate
    }
}
