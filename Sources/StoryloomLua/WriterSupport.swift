import CLuaShim
import Foundation
import StoryloomDocument

extension PluginHost {
    /// The writer plugin for a file extension, if one is known.
    public func writer(forExtension fileExtension: String) -> LoadedPlugin? {
        registry.all.first { $0.description.kind == .writer && $0.description.fileExtension == fileExtension }
    }

    /// Runs a writer on a finished document; returns the text it made.
    public func runWriter(_ writer: LoadedPlugin, document: Document, parameters: [(key: String, value: String)] = []) throws -> String {
        let resolved = try writer.description.resolveParameters(parameters)
        let tree = LuaValue(jsonTree: JSONRenderer().tree(document))
        let value = try call(writer, parameters: resolved, results: []) { stack in
            stack.pushString("document")
            stack.pushReadOnly(tree)
            lua_rawset(stack.L, -3)
        }
        guard case let .string(text) = value else {
            throw PluginError(file: writer.description.file, message: "writer '\(writer.description.name)' must return the file's text as a string, not \(value.typeName)")
        }
        return text
    }
}

extension LuaValue {
    /// Converts values as JSONSerialization makes them; null members are left out, as Lua
    /// tables cannot hold nil.
    init(jsonTree value: Any) {
        switch value {
        case let b as Bool: self = .boolean(b)
        case let i as Int: self = .integer(Int64(i))
        case let d as Double: self = d == d.rounded() && abs(d) < 1e15 ? .integer(Int64(d)) : .number(d)
        case let s as String: self = .string(s)
        case let list as [Any]: self = .array(list.map(LuaValue.init(jsonTree:)))
        case let object as [String: Any]:
            self = .table(object.filter { !($0.value is NSNull) }.map { (key: $0.key, value: LuaValue(jsonTree: $0.value)) }
                .sorted { $0.key < $1.key })
        default: self = .nil
        }
    }
}
