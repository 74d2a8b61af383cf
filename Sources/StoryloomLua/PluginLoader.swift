import Foundation

/// Finds plugin files in a folder and loads each into a runtime, reading its description.
enum PluginLoader {
    /// `*.lua` files directly in `folder` and in its `analyses`, `layouts` and `writers`
    /// folders, in path order. Other folders hold modules for `require`.
    static func pluginFiles(in folder: String) -> [String] {
        var files: [String] = []
        for sub in ["", "analyses", "layouts", "writers"] {
            let path = sub.isEmpty ? folder : (folder as NSString).appendingPathComponent(sub)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
            files += names.filter { $0.hasSuffix(".lua") }.sorted().map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }

    /// Runs a plugin file and reads the table it returns (without running `run`).
    static func load(file: String, origin: PluginDescription.Origin, runtime: LuaRuntime) throws(PluginError) -> LoadedPlugin {
        let returned: LuaRef
        do {
            returned = try runtime.runFile(file)
        } catch {
            throw PluginError(file: "", message: error.description)
        }
        let run = returned.field("run")
        let hasRun = run.map { $0.typeName == "function" } ?? false
        // Read the description without `run` (a function is not a plain value).
        let value: LuaValue
        do {
            value = try runtime.describePlugin(returned)
        } catch {
            throw PluginError(file: file, message: error.message)
        }
        let description = try PluginDescription.parse(value, hasRun: hasRun, file: file, origin: origin)
        return LoadedPlugin(description: description, run: run!)
    }
}
