/// A value of a key the format does not define, kept as read so plugins can use it.
public indirect enum ExtraValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ExtraValue])
    /// Members in file order.
    case object([(key: String, value: ExtraValue)])

    public static func == (lhs: ExtraValue, rhs: ExtraValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }
}

/// Unknown keys of one object, in file order.
public typealias Extras = [(key: String, value: ExtraValue)]
