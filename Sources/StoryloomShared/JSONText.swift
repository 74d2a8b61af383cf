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

    /// `quoted(s)`'s bytes, appended.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        guard !needsEscapes(s) else {
            out.append(contentsOf: quoted(s).utf8)
            return
        }
        out.append(0x22)
        out.append(contentsOf: s.utf8)
        out.append(0x22)
    }

    /// Whether `quoted` escapes anything in `s`: a string without these bytes is written as it
    /// is between quotes (the lead bytes of the escaped characters beyond ASCII included).
    public static func needsEscapes(_ s: String) -> Bool {
        s.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 || $0 == 0xEF }
    }

    /// A JSON string literal; control characters, the line separators JavaScript trips on and
    /// the bidi controls are escaped.
    public static func quoted(_ s: String) -> String {
        if !needsEscapes(s) { return "\"" + s + "\"" }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".unicodeScalars)
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            // Controls, and the characters that reorder or hide text on a terminal (bidi
            // overrides and marks, the byte-order mark), are written as escapes.
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80 ..< 0xA0).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x061C || scalar.value == 0x200E
                || scalar.value == 0x200F || (0x202A ... 0x202E).contains(scalar.value) || (0x2066 ... 0x2069).contains(scalar.value)
                || scalar.value == 0xFEFF:
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            default: out.append(scalar)
            }
        }
        out.append("\"")
        return String(out)
    }
}
