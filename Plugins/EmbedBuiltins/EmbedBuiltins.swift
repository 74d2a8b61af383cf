import Foundation
import PackagePlugin

/// Embeds every file under the package's `plugins/` folder into the target that uses this
/// plugin, so the installed binary carries its built-in plugins and templates with it.
@main
struct EmbedBuiltins: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "plugins")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        let files = Self.files(under: root)
        return [.buildCommand(
            displayName: "Embedding \(files.count) built-in plugin files",
            executable: try context.tool(named: "storyloom-embed").url,
            arguments: [root.path, output.path] + files,
            inputFiles: files.map { root.appending(path: $0) },
            outputFiles: [output]
        )]
    }

    /// Regular files below `root`, as sorted relative paths (hidden files left out).
    static func files(under root: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return [] }
        var found: [String] = []
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            if path.hasPrefix(prefix) { found.append(String(path.dropFirst(prefix.count))) }
        }
        return found.sorted()
    }
}
