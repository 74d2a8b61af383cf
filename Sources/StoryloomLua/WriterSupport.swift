import StoryloomDocument

extension PluginHost {
    /// The writer plugin for a file extension, if one is known.
    public func writer(forExtension fileExtension: String) -> LoadedPlugin? {
        registry.all.first { $0.description.kind == .writer && $0.description.fileExtension == fileExtension }
    }

    /// Runs a writer on a finished document; returns the text it made.
    public func runWriter(_ writer: LoadedPlugin, document: Document, parameters: [(key: String, value: String)] = []) throws -> String {
        let resolved = try writer.description.resolveParameters(parameters)
        let tree = LuaValue(json: JSONRenderer().tree(document))
        let value = try call(writer, parameters: resolved, results: []) { ctx in
            ctx.set("document", readOnly: tree)
        }
        guard case let .string(text) = value else {
            throw PluginError(file: writer.description.file, message: "writer '\(writer.description.name)' must return the file's text as a string, not \(value.typeName)")
        }
        return text
    }
}

extension LuaValue {
    /// A JSON value as a Lua value; nulls are left out of tables, as Lua tables cannot hold nil.
    init(json value: JSONValue) {
        switch value {
        case .null: self = .nil
        case let .bool(b): self = .boolean(b)
        case let .integer(i): self = .integer(i)
        case let .number(d): self = d == d.rounded() && abs(d) < 1e15 ? .integer(Int64(d)) : .number(d)
        case let .string(s): self = .string(s)
        case let .array(items): self = .array(items.map(LuaValue.init(json:)))
        case let .object(members):
            self = .table(members.filter { $0.value != .null }.map { (key: $0.key, value: LuaValue(json: $0.value)) }
                .sorted { $0.key < $1.key })
        }
    }

    /// The value as JSON.
    public var json: JSONValue {
        switch self {
        case .nil: .null
        case let .boolean(b): .bool(b)
        case let .integer(i): .integer(i)
        case let .number(d): .number(d)
        case let .string(s): .string(s)
        case let .array(items): .array(items.map(\.json))
        case let .table(members): .object(members.map { (key: $0.key, value: $0.value.json) })
        }
    }
}
