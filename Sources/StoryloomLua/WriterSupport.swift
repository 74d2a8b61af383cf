import StoryloomDocument
import StoryloomShared

extension PluginHost {
    /// The writer plugin for a file extension, if one is known.
    public func writer(forExtension fileExtension: String) -> LoadedPlugin? {
        registry.all.first { $0.description.kind == .writer && $0.description.fileExtension == fileExtension }
    }

    /// Runs a writer on a finished document; returns the text it made.
    public func runWriter(_ writer: LoadedPlugin, document: Document, parameters: [(key: String, value: String)] = []) throws(PluginFailure) -> String {
        let resolved: [(key: String, value: PlainValue)]
        do {
            resolved = try writer.description.resolveParameters(parameters)
        } catch {
            throw .definition(error)
        }
        let tree = JSONRenderer().tree(document).forLua
        let value = try call(writer, parameters: resolved, results: []) { ctx in
            ctx.set("document", readOnly: tree)
        }
        guard case let .string(text) = value else {
            throw .definition(PluginError(file: writer.description.file, message: "writer '\(writer.description.name)' must return the file's text as a string, not \(value.typeName)"))
        }
        return text
    }
}

extension PlainValue {
    /// The value as a writer plugin reads it: objects in key order without null members (a
    /// Lua table cannot hold nil), whole numbers as integers (so they print without ".0").
    var forLua: PlainValue {
        switch self {
        case let .number(d): d == d.rounded() && abs(d) < 1e15 ? .integer(Int64(d)) : .number(d)
        case let .array(items): .array(items.map(\.forLua))
        case let .object(members):
            .object(members.filter { $0.value != .null }.map { (key: $0.key, value: $0.value.forLua) }.sorted { $0.key < $1.key })
        default: self
        }
    }
}
