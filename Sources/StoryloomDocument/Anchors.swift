/// Stable anchors from heading text: lower-case ASCII letters and digits joined by hyphens,
/// made unique within a document by -2, -3 in document order.
public struct Anchors: Sendable {
    private var used: [String: Int] = [:]

    public init() {}

    public static func slug(_ text: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in text.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }

    /// A unique anchor for `wanted` (or for the slug of `text` when none is wanted).
    public mutating func unique(_ wanted: String) -> String {
        let base = wanted.isEmpty ? "section" : wanted
        if let seen = used[base] {
            var n = seen + 1
            while used["\(base)-\(n)"] != nil { n += 1 }
            used[base] = n
            used["\(base)-\(n)"] = 1
            return "\(base)-\(n)"
        }
        used[base] = 1
        return base
    }
}
