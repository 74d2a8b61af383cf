import StoryloomValue

extension PlainValue {
    /// The Lua type name of the value as a plugin sees it, for messages.
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
