import Foundation
import StoryloomShared
/// Loads a plugin file of a source into a runtime, reading its description.
enum PluginLoader {
    /// Runs a plugin file and reads the table it returns (without running `run`).
    static func load(_ relative: String, from source: PluginSource, runtime: LuaRuntime) throws(PluginError) -> LoadedPlugin {
        let file = source.displayPath(relative)
        guard let text = source.text(of: relative) else {
            throw PluginError(file: file, message: "cannot read the file (it is not UTF-8 text)")
        }
        let returned: LuaRef
        do {
            returned = try runtime.run(text, chunkName: file)
        } catch {
            throw PluginError(file: "", message: error.description)
        }
        let run = returned.field("run")
        let hasRun = run.map { $0.typeName == "function" } ?? false
        // Read the description without `run` (a function is not a plain value).
        let value: PlainValue
        do {
            value = try runtime.describePlugin(returned)
        } catch {
            throw PluginError(file: file, message: error.message)
        }
        var description = try PluginDescription.parse(value, hasRun: hasRun, file: file, origin: source.origin)
        let blocks = try readBlocks(returned.field("blocks"), of: description)
        description.blocks = blocks.keys.sorted()
        return LoadedPlugin(description: description, run: run!, blocks: blocks)
    }

    /// A layout's `blocks`: a table of name = function(ctx, params).
    private static func readBlocks(_ table: LuaRef?, of d: PluginDescription) throws(PluginError) -> [String: LuaRef] {
        guard let table else { return [:] }
        func fail(_ message: String) -> PluginError { PluginError(file: d.file, message: "plugin '\(d.name)': \(message)") }
        guard d.kind == .layout else { throw fail("only a layout has 'blocks'") }
        guard table.typeName == "table" else { throw fail("'blocks' must be a table of name = function(ctx, params)") }
        let (functions, other) = table.functionFields()
        if let other { throw fail("in 'blocks', '\(other)' is not a name = function(ctx, params)") }
        for name in functions.keys.sorted() where !NameShape.isFileName(name) {
            throw fail("block name '\(name)' may hold only letters, digits, '.', '_' and '-'")
        }
        return functions
    }
}
