import Foundation
import StoryloomCorpus

/// A plugin found and loaded: its description and its `run` function.
public final class LoadedPlugin {
    public let description: PluginDescription
    let run: LuaRef

    init(description: PluginDescription, run: LuaRef) {
        self.description = description
        self.run = run
    }
}

/// The plugins of one run, found in folders searched in order: a later folder's plugin of the
/// same name overrides an earlier one, and the registry remembers which won.
public final class PluginRegistry {
    /// A folder to search, and what it is.
    public struct Source: Sendable {
        public var folder: String
        public var origin: PluginDescription.Origin

        public init(folder: String, origin: PluginDescription.Origin) {
            self.folder = folder
            self.origin = origin
        }
    }

    /// One override: `winner` replaced `loser`.
    public struct Override: Sendable {
        public var winner: PluginDescription
        public var loser: PluginDescription
    }

    public private(set) var plugins: [String: LoadedPlugin] = [:]
    public private(set) var overrides: [Override] = []

    /// The plugins in name order.
    public var all: [LoadedPlugin] { plugins.keys.sorted().map { plugins[$0]! } }

    /// Finds and loads every plugin of `sources` in `runtime`.
    public init(sources: [Source], runtime: LuaRuntime) throws(PluginError) {
        runtime.searchPath = sources.map(\.folder)
        for source in sources {
            var inThisFolder: [String: String] = [:]
            for file in Self.pluginFiles(in: source.folder) {
                let plugin = try Self.load(file: file, origin: source.origin, runtime: runtime)
                let name = plugin.description.name
                if let other = inThisFolder[name] {
                    throw PluginError(file: file, message: "plugin '\(name)' is also defined in \(other); names must be unique within a folder")
                }
                inThisFolder[name] = file
                if let earlier = plugins[name] {
                    overrides.append(Override(winner: plugin.description, loser: earlier.description))
                }
                plugins[name] = plugin
            }
        }
    }

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

    /// The analyses to run for `names`, dependencies first; ties in name order.
    public func runOrder(for names: [String]) throws(PluginError) -> [LoadedPlugin] {
        var order: [LoadedPlugin] = []
        var state: [String: Bool] = [:]  // false: visiting, true: done
        func visit(_ name: String, from: String?) throws(PluginError) {
            if state[name] == true { return }
            guard let plugin = plugins[name] else {
                var suggest = Suggest()
                let near = suggest.nearest(to: name, among: Array(plugins.keys))
                let message = from.map { "plugin '\($0)' uses '\(name)', which is not a known plugin" } ?? "no plugin is named '\(name)'"
                throw PluginError(file: from.flatMap { plugins[$0]?.description.file } ?? "",
                                  message: message + (near.map { "; did you mean '\($0)'?" } ?? "; `storyloom plugins` lists them"))
            }
            if state[name] == false {
                throw PluginError(file: plugin.description.file, message: "plugin '\(name)' uses itself through its 'uses' list (a cycle)")
            }
            state[name] = false
            for dependency in plugin.description.uses.sorted() {
                guard plugins[dependency]?.description.kind ?? .analysis == .analysis else {
                    throw PluginError(file: plugin.description.file, message: "plugin '\(name)' uses '\(dependency)', which is a \(plugins[dependency]!.description.kind.rawValue), not an analysis")
                }
                try visit(dependency, from: name)
            }
            state[name] = true
            order.append(plugin)
        }
        for name in names { try visit(name, from: nil) }
        return order
    }
}
