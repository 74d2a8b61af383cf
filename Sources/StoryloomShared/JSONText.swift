/// A JSON value, and its text with object keys in ascending order, so the same value always
/// gives the same bytes. Documents and analysis results are both written with it.
extension PlainValue {
    /// JSON text: indented by two spaces per level, or on one line when `pretty` is false.
    public func text(pretty: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, depth: pretty ? 0 : nil)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the text as UTF-8 bytes: one buffer for the whole value, rather than a String
    /// made for each piece and joined.
    private func write(into out: inout [UInt8], depth: Int?) {
        func append(_ literal: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
        func newline(_ depth: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: 2 * depth))
        }
        let inner = depth.map { $0 + 1 }
        switch self {
        case .null: append("null")
        case let .bool(b): if b { append("true") } else { append("false") }
        case let .integer(i): out.append(contentsOf: String(i).utf8)
        case let .number(d):
            if !d.isFinite { append("null") } else { out.append(contentsOf: (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)").utf8) }
        case let .string(s): PlainValue.appendQuoted(s, to: &out)
        case let .array(items):
            guard !items.isEmpty else { append("[]"); return }
            append("[")
            for (n, item) in items.enumerated() {
                if n > 0 { append(",") }
                if let inner { newline(inner) } else if n > 0 { append(" ") }
                item.write(into: &out, depth: inner)
            }
            if let depth { newline(depth) }
            append("]")
        case let .object(members):
            guard !members.isEmpty else { append("{}"); return }
            append("{")
            for (n, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if n > 0 { append(",") }
                if let inner { newline(inner) } else if n > 0 { append(" ") }
                PlainValue.appendQuoted(member.key, to: &out)
                append(": ")
                member.value.write(into: &out, depth: inner)
            }
            if let depth { newline(depth) }
            append("}")
        }
    }

    /// `quoted(s)`'s bytes, appended: runs of bytes that need no escape are copied whole.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            var run = 0  // where the bytes not yet copied start
            var i = 0
            while i < bytes.count {
                let (length, escape) = escapeAt(i, in: bytes)
                if let escape {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run ..< i]))
                    out.append(contentsOf: escape.utf8)
                    run = i + length
                }
                i += length
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(0x22)
    }

    /// The length of the UTF-8 sequence at `i` (always valid: it is a String's), and what it
    /// is written as if it is escaped: the escapes JSON requires, then controls (C0, DEL, C1)
    /// and the characters that reorder or hide text on a terminal (bidi overrides and marks,
    /// the byte-order mark) and the line separators JavaScript trips on, as \u escapes.
    private static func escapeAt(_ i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, String?) {
        let b = bytes[i]
        switch b {
        case 0x22: return (1, "\\\"")
        case 0x5C: return (1, "\\\\")
        case 0x0A: return (1, "\\n")
        case 0x0D: return (1, "\\r")
        case 0x09: return (1, "\\t")
        case 0 ..< 0x20, 0x7F: return (1, unicodeEscape(UInt32(b)))
        case 0x20 ..< 0x80: return (1, nil)
        case 0xC0 ..< 0xE0:
            let scalar = (UInt32(b & 0x1F) << 6) | UInt32(bytes[i + 1] & 0x3F)
            return (2, (0x80 ..< 0xA0).contains(scalar) || scalar == 0x061C ? unicodeEscape(scalar) : nil)
        case 0xE0 ..< 0xF0:
            let scalar = (UInt32(b & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
            let hidden = scalar == 0x2028 || scalar == 0x2029 || scalar == 0x200E || scalar == 0x200F
                || (0x202A ... 0x202E).contains(scalar) || (0x2066 ... 0x2069).contains(scalar) || scalar == 0xFEFF
            return (3, hidden ? unicodeEscape(scalar) : nil)
        default: return (4, nil)
        }
    }

    private static func unicodeEscape(_ scalar: UInt32) -> String {
        let hex = String(scalar, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// Whether `quoted` escapes anything in `s`: a string without these bytes is written as it
    /// is between quotes (the lead bytes of the escaped characters beyond ASCII included).
    public static func needsEscapes(_ s: String) -> Bool {
        s.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 || $0 == 0xEF }
    }

    /// A JSON string literal; control characters, the line separators JavaScript trips on and
    /// the bidi controls are escaped (see `escapeAt`).
    public static func quoted(_ s: String) -> String {
        if !needsEscapes(s) { return "\"" + s + "\"" }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 8)
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
