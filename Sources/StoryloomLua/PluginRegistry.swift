import Foundation
import StoryloomCorpus

/// A plugin found and loaded: its description and its `run` function.
public final class LoadedPlugin {
    public let description: PluginDescription
    let run: LuaRef
    /// A layout's blocks, by name.
    let blocks: [String: LuaRef]
    /// `ctx.plugin` for its calls, made at the first.
    var sharedRecord: LuaRef?

    init(description: PluginDescription, run: LuaRef, blocks: [String: LuaRef] = [:]) {
        self.description = description
        self.run = run
        self.blocks = blocks
    }
}

/// The plugins of one run, found in sources searched in order: a later source's plugin of the
/// same name overrides an earlier one, and the registry remembers which won.
public final class PluginRegistry {
    /// One override: `winner` replaced `loser`.
    public struct Override: Sendable {
        public var winner: PluginDescription
        public var loser: PluginDescription
    }

    /// Analyses, layouts and writers, by name.
    public private(set) var plugins: [String: LoadedPlugin] = [:]
    /// Shortcodes, by name: a namespace of their own, since a page's `{{< sector-diagram >}}`
    /// and the layout `sector-diagram` are different things.
    public private(set) var shortcodes: [String: LoadedPlugin] = [:]
    public private(set) var overrides: [Override] = []

    /// The plugins in name order (shortcodes after the others of the same name).
    public var all: [LoadedPlugin] {
        func order(_ p: LoadedPlugin) -> (String, Int) { (p.description.name, p.description.kind == .shortcode ? 1 : 0) }
        return (Array(plugins.values) + Array(shortcodes.values)).sorted { order($0) < order($1) }
    }

    /// Finds and loads every plugin of `sources` in `runtime`.
    public init(sources: [PluginSource], runtime: LuaRuntime) throws(PluginError) {
        runtime.sources = sources
        for source in sources {
            var inThisFolder: [String: String] = [:]
            for relative in source.pluginFiles() {
                let file = source.displayPath(relative)
                let plugin = try PluginLoader.load(relative, from: source, runtime: runtime)
                let name = plugin.description.name
                let isShortcode = plugin.description.kind == .shortcode
                if isShortcode, name == PluginHost.blockShortcode {
                    throw PluginError(file: file, message: "the shortcode name '\(name)' is Storyloom's own (it places a layout's block); give yours another name")
                }
                let key = isShortcode ? "shortcode " + name : name
                if let other = inThisFolder[key] {
                    throw PluginError(file: file, message: "plugin '\(name)' is also defined in \(other); names must be unique within a folder")
                }
                inThisFolder[key] = file
                if let earlier = isShortcode ? shortcodes[name] : plugins[name] {
                    overrides.append(Override(winner: plugin.description, loser: earlier.description))
                }
                if isShortcode { shortcodes[name] = plugin } else { plugins[name] = plugin }
            }
        }
    }

    /// The analyses to run for `names`, each after the analyses it uses: a topological order,
    /// ties broken by name. Unknown names and cycles are errors.
    public func runOrder(for names: [String]) throws(PluginError) -> [LoadedPlugin] {
        var order: [LoadedPlugin] = []
        var done: Set<String> = []
        var path: [String] = []  // the chain being visited, to name a cycle
        func visit(_ name: String, from: String?) throws(PluginError) {
            if done.contains(name) { return }
            guard let plugin = plugins[name] else {
                var suggest = Suggest()
                let near = suggest.nearest(to: name, among: Array(plugins.keys))
                let message = from.map { "plugin '\($0)' uses '\(name)', which is not a known plugin" } ?? "no plugin is named '\(name)'"
                throw PluginError(file: from.flatMap { plugins[$0]?.description.file } ?? "",
                                  message: message + (near.map { "; did you mean '\($0)'?" } ?? "; `storyloom plugins` lists them"))
            }
            if let start = path.firstIndex(of: name) {
                let cycle = (path[start...] + [name]).map { "'\($0)'" }.joined(separator: " → ")
                throw PluginError(file: plugin.description.file, message: "plugin '\(name)' uses itself through 'uses': \(cycle)")
            }
            path.append(name)
            for dependency in plugin.description.uses.sorted() {
                if let used = plugins[dependency], used.description.kind != .analysis {
                    throw PluginError(file: plugin.description.file, message: "plugin '\(name)' uses '\(dependency)', which is a \(used.description.kind.rawValue), not an analysis")
                }
                try visit(dependency, from: name)
            }
            path.removeLast()
            done.insert(name)
            order.append(plugin)
        }
        for name in names.sorted() { try visit(name, from: nil) }
        return order
    }
}
