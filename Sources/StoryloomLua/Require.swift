import Foundation
import StoryloomShared

extension LuaRuntime {
    /// `require(name)`: loads `name.lua` (dots for folders) from the plugin sources, once,
    /// in its own sandboxed environment. C modules and anything outside the path are refused.
    func hostRequire(_ stack: LuaStack) throws(HostError) -> Int32 {
        let name = try stack.stringArgument(1, "require")
        if let module = loadedModules[name] {
            module.push()
            return 1
        }
        guard NameShape.isModuleName(name) else {
            throw HostError("module name '\(name)' is not allowed: use letters, digits, '-', '_' and dots")
        }
        let relative = name.replacingOccurrences(of: ".", with: "/") + ".lua"
        // The same override order as plugins: the last source holding the module wins, so a
        // project can replace a library module as it can replace a layout.
        guard let source = sources.winner(for: relative), let text = source.text(of: relative) else {
            let places = sources.isEmpty ? "(no plugin folders)" : sources.map(\.label).joined(separator: ", ")
            throw HostError("module '\(name)' not found: plugins may only require Lua files from the plugin folders (\(places))")
        }
        do {
            // A module that returns nothing is loaded all the same, as `true` (as in Lua).
            let result = try run(text, chunkName: source.displayPath(relative))
            let module = result.typeName == "nil" ? stack.ref { stack.pushBoolean(true) } : result
            loadedModules[name] = module
            module.push()
            return 1
        } catch {
            throw HostError("error loading module '\(name)': \(error.message)")
        }
    }
}
