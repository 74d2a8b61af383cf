/// Finds the existing id nearest to a misspelt one, for "did you mean" hints.
public struct Suggest: Sendable {
    /// Edit-distance comparisons left; a corpus with thousands of dangling references
    /// stops suggesting rather than taking minutes.
    private var budget = 5_000_000

    public init() {}

    /// The candidate within a few edits of `wanted`, if any.
    public mutating func nearest(to wanted: String, among candidates: [String]) -> String? {
        guard budget > 0, !candidates.isEmpty else { return nil }
        budget -= candidates.count
        let target = Array(wanted.lowercased().utf8)
        let limit = max(2, target.count / 3)
        var best: (id: String, distance: Int)? = nil
        for candidate in candidates {
            let other = Array(candidate.lowercased().utf8)
            if abs(other.count - target.count) > limit { continue }
            let distance = Suggest.distance(target, other, limit: best.map { min($0.distance, limit) } ?? limit)
            if distance <= limit, best == nil || distance < best!.distance {
                best = (candidate, distance)
            }
        }
        return best?.id
    }

    /// Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0 ... b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1 ... a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1 ... b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
