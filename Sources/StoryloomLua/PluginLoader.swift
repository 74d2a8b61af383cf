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
        let description = try PluginDescription.parse(value, hasRun: hasRun, file: file, origin: source.origin)
        return LoadedPlugin(description: description, run: run!)
    }
}
