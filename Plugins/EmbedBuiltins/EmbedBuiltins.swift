import Foundation
import PackagePlugin

/// Embeds every file under the package's `plugins/` folder into the target that uses this
/// plugin, so the installed binary carries its built-in plugins and templates with it.
@main
struct EmbedBuiltins: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "plugins")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        let (files, folders) = Self.contents(of: root)
        // The tool lists the folder itself when it runs. The folders are inputs too: adding a
        // file changes its folder, which runs the tool again even before the build is planned anew.
        return [.buildCommand(
            displayName: "Embedding the built-in plugins",
            executable: try context.tool(named: "storyloom-embed").url,
            arguments: [root.path, output.path],
            inputFiles: [root] + folders.map { root.appending(path: $0) } + files.map { root.appending(path: $0) },
            outputFiles: [output]
        )]
    }

    /// Regular files and folders below `root`, as sorted relative paths (hidden ones left out).
    static func contents(of root: URL) -> (files: [String], folders: [String]) {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey],
                                                          options: [.skipsHiddenFiles]) else { return ([], []) }
        var files: [String] = [], folders: [String] = []
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in walker {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix) else { continue }
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey])
            if values?.isRegularFile == true { files.append(String(path.dropFirst(prefix.count))) }
            if values?.isDirectory == true { folders.append(String(path.dropFirst(prefix.count))) }
        }
        return (files.sorted(), folders.sorted())
    }
}
