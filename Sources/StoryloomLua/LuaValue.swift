/// A plain value crossing between Lua and Swift: what analyses return, what parameters hold,
/// and what the host hands to plugins.
public indirect enum LuaValue: Sendable, Equatable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    /// A Lua sequence (keys 1…n). An empty Lua table reads as an empty array.
    case array([LuaValue])
    /// A table with string keys, in ascending key order so output never depends on hashing.
    case table([(key: String, value: LuaValue)])

    public static func == (a: LuaValue, b: LuaValue) -> Bool {
        switch (a, b) {
        case (.nil, .nil): true
        case let (.boolean(x), .boolean(y)): x == y
        case let (.integer(x), .integer(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.table(x), .table(y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// A field of a table value.
    public subscript(key: String) -> LuaValue? {
        guard case let .table(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    public var arrayValue: [LuaValue]? {
        if case let .array(a) = self { return a }
        return nil
    }

    /// Numbers as Double, whether Lua held them as integers or floats.
    public var doubleValue: Double? {
        switch self {
        case let .integer(i): Double(i)
        case let .number(d): d
        default: nil
        }
    }

    /// A builder for tables whose keys are given in any order.
    public static func record(_ members: [(String, LuaValue)]) -> LuaValue {
        .table(members.map { (key: $0.0, value: $0.1) }.sorted { $0.key < $1.key })
    }

    /// The Lua type name, for messages.
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array, .table: "table"
        }
    }
}
