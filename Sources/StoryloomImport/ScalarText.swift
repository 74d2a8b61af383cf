/// A source text addressed as REFI-QDA addresses it: by Unicode scalar, from 0, the end
/// exclusive. Other readings of the same two numbers are kept for diagnosing tools that count
/// differently (each CRLF as one character, or UTF-16 code units, where an emoji counts twice).
///
/// The text is kept as its UTF-8 bytes with where each scalar starts, so a slice is a copy of
/// bytes (a study has a hundred thousand selections; an array of scalars per source, rebuilt
/// into a string per slice, was most of an import's time).
public struct ScalarText {
    /// The text's UTF-8 bytes.
    private let utf8: [UInt8]
    /// The byte offset where each scalar starts, then the byte count; nil when the text is
    /// ASCII, where scalar and byte offsets are the same.
    private let starts: [Int32]?

    init(_ text: String) {
        utf8 = Array(text.utf8)
        if utf8.allSatisfy({ $0 < 0x80 }) {
            starts = nil
        } else {
            var offsets: [Int32] = []
            offsets.reserveCapacity(utf8.count + 1)
            // A scalar starts at every byte that is not a continuation byte (10xxxxxx).
            for (offset, byte) in utf8.enumerated() where byte & 0xC0 != 0x80 { offsets.append(Int32(offset)) }
            offsets.append(Int32(utf8.count))
            starts = offsets
        }
    }

    /// How many scalars the text has.
    var count: Int { starts.map { $0.count - 1 } ?? utf8.count }

    private func byteOffset(_ scalarIndex: Int) -> Int { starts.map { Int($0[scalarIndex]) } ?? scalarIndex }

    /// The scalar at an index below `count`.
    func scalar(at index: Int) -> Unicode.Scalar {
        let from = byteOffset(index)
        let lead = utf8[from]
        if lead < 0x80 { return Unicode.Scalar(lead) }
        var decoder = UTF8()
        var bytes = utf8[from ..< byteOffset(index + 1)].makeIterator()
        guard case let .scalarValue(scalar) = decoder.decode(&bytes) else { return "\u{FFFD}" }
        return scalar
    }

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
                let here = scalar(at: index)
                if reading == .crlfAsOne, here == "\r", index + 1 < count, scalar(at: index + 1) == "\n" {
                    index += 2
                } else {
                    index += 1
                }
                units += reading == .utf16 ? UTF16.width(here) : 1
                if units > position { return nil }  // inside a surrogate pair
            }
            return units == position ? count : nil
        }
    }

    /// The text from `start` to `end` (exclusive) in one reading, or nil when out of range.
    func slice(_ start: Int, _ end: Int, reading: Reading = .scalars) -> String? {
        guard start <= end, let from = scalarIndex(start, reading: reading), let to = scalarIndex(end, reading: reading),
              from <= to else { return nil }
        return String(decoding: utf8[byteOffset(from) ..< byteOffset(to)], as: UTF8.self)
    }

    /// Whether a line feed comes before a scalar index.
    func hasLineFeed(before index: Int) -> Bool {
        utf8[..<byteOffset(min(max(index, 0), count))].contains(0x0A)
    }

    /// Whether a CR LF pair lies between two scalar indexes (so a count that took it as one
    /// character would drift by one after it).
    func hasCRLF(before index: Int) -> Bool {
        // CR and LF are single bytes, never inside another scalar's bytes.
        let end = min(index, count - 1)
        guard end > 0 else { return false }
        let bytes = utf8[..<byteOffset(end + 1)]
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            if bytes[i] == 0x0D, bytes[i + 1] == 0x0A { return true }
            i += 1
        }
        return false
    }
}
