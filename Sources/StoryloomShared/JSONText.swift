/// A JSON value, and its text with object keys in ascending order, so the same value always
/// gives the same bytes. Documents and analysis results are both written with it.
extension PlainValue {
    /// JSON text: indented by two spaces per level, or on one line when `pretty` is false.
    public func text(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: pretty ? "" : nil)
        return out
    }

    private func write(into out: inout String, indent: String?) {
        let inner = indent.map { $0 + "  " }
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .integer(i): out += String(i)
        case let .number(d):
            out += !d.isFinite ? "null" : (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)")
        case let .string(s): out += PlainValue.quoted(s)
        case let .array(items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (n, item) in items.enumerated() {
                out += n == 0 ? "" : ","
                if let inner { out += "\n" + inner } else if n > 0 { out += " " }
                item.write(into: &out, indent: inner)
            }
            if let indent { out += "\n" + indent }
            out += "]"
        case let .object(members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (n, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                out += n == 0 ? "" : ","
                if let inner { out += "\n" + inner } else if n > 0 { out += " " }
                out += PlainValue.quoted(member.key) + ": "
                member.value.write(into: &out, indent: inner)
            }
            if let indent { out += "\n" + indent }
            out += "}"
        }
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
