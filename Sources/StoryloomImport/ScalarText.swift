/// A source text addressed as REFI-QDA addresses it: by Unicode scalar, from 0, the end
/// exclusive. Other readings of the same two numbers are kept for diagnosing tools that count
/// differently (each CRLF as one character, or UTF-16 code units, where an emoji counts twice).
public struct ScalarText {
    let scalars: [Unicode.Scalar]

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    var count: Int { scalars.count }

    /// How a tool may have counted positions.
    public enum Reading: String, CaseIterable, Sendable {
        /// Unicode scalars, as the standard says.
        case scalars
        /// Unicode scalars, with each CR LF line ending counted as one.
        case crlfAsOne = "crlf-as-one"
        /// UTF-16 code units (characters beyond the Basic Multilingual Plane count twice).
        case utf16

        var explanation: String {
            switch self {
            case .scalars: "Unicode scalars"
            case .crlfAsOne: "each CRLF line ending counted as one character"
            case .utf16: "UTF-16 code units (each emoji or other character beyond U+FFFF counted twice)"
            }
        }
    }

    /// The scalar index a position of `reading` stands for, or nil when it is past the end.
    func scalarIndex(_ position: Int, reading: Reading) -> Int? {
        guard position >= 0 else { return nil }
        switch reading {
        case .scalars:
            return position <= count ? position : nil
        case .crlfAsOne, .utf16:
            var units = 0
            var index = 0
            while index < count {
                if units == position { return index }
                if reading == .crlfAsOne, scalars[index] == "\r", index + 1 < count, scalars[index + 1] == "\n" {
                    index += 2
                } else {
                    index += 1
                }
                units += reading == .utf16 ? UTF16.width(scalars[index - 1]) : 1
                if units > position { return nil }  // inside a surrogate pair
            }
            return units == position ? count : nil
        }
    }

    /// The text from `start` to `end` (exclusive) in one reading, or nil when out of range.
    func slice(_ start: Int, _ end: Int, reading: Reading = .scalars) -> String? {
        guard start <= end, let from = scalarIndex(start, reading: reading), let to = scalarIndex(end, reading: reading),
              from <= to else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[from ..< to])
        return String(view)
    }

    /// The line (from 1) of a scalar index, for messages.
    func line(ofScalar index: Int) -> Int {
        var line = 1
        for scalar in scalars.prefix(index) where scalar == "\n" { line += 1 }
        return line
    }

    /// Whether a CR LF pair lies between two scalar indexes (so a count that took it as one
    /// character would drift by one after it).
    func hasCRLF(before index: Int) -> Bool {
        var i = 0
        let end = min(index, count - 1)
        while i < end {
            if scalars[i] == "\r", scalars[i + 1] == "\n" { return true }
            i += 1
        }
        return false
    }
}
