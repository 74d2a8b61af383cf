/// The one plain value of Storyloom: what a corpus keeps of keys its format does not define,
/// what analyses return and plugins are given, and what JSON outputs are written from. Lua
/// values are marshalled to and from it (StoryloomLua's LuaStack); nothing else converts.
public indirect enum PlainValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([PlainValue])
    /// Members in the order their producer chose: file order for corpus extras, key order for
    /// values from Lua (so output never depends on hashing). JSON text sorts them by key.
    case object([(key: String, value: PlainValue)])

    public static func == (a: PlainValue, b: PlainValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.integer(x), .integer(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// A member of an object value.
    public subscript(key: String) -> PlainValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    public var arrayValue: [PlainValue]? {
        if case let .array(a) = self { return a }
        return nil
    }

    /// Numbers as Double, whether held as integers or not.
    public var doubleValue: Double? {
        switch self {
        case let .integer(i): Double(i)
        case let .number(d): d
        default: nil
        }
    }

    /// An object whose members are given in any order, kept in key order.
    public static func record(_ members: [(String, PlainValue)]) -> PlainValue {
        .object(members.map { (key: $0.0, value: $0.1) }.sorted { $0.key < $1.key })
    }

    /// The value's type as a plugin author knows it (Lua's names: filters and results are
    /// written in Lua), for messages.
    public var typeName: String {
        switch self {
        case .null: "nil"
        case .bool: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array, .object: "table"
        }
    }
}
