import Foundation
import StoryloomBuiltins

/// One place plugins come from: a folder on disk, or the built-in set embedded in the binary.
/// Discovery, `require` and page templates all read files through sources, so they agree on
/// what exists and on which source wins.
public struct PluginSource: Sendable {
    public enum Storage: Sendable {
        /// A folder; file names are shown as `folder/relative`.
        case folder(String)
        /// Files held in memory, by relative path; shown as `<built-in>/relative`.
        case embedded([String: String])
    }

    public var origin: PluginDescription.Origin
    public var storage: Storage

    public init(origin: PluginDescription.Origin, storage: Storage) {
        self.origin = origin
        self.storage = storage
    }

    public static func folder(_ path: String, origin: PluginDescription.Origin) -> PluginSource {
        PluginSource(origin: origin, storage: .folder(path))
    }

    /// The prefix under which embedded files are named in messages and tracebacks.
    public static let embeddedPrefix = "<built-in>"

    /// The built-in plugins: the folder named by `$STORYLOOM_PLUGINS` (a developer's override,
    /// to try edits without rebuilding), else the set embedded in the binary.
    public static func builtin(environment: [String: String] = ProcessInfo.processInfo.environment) throws(PluginError) -> PluginSource {
        if let folder = environment["STORYLOOM_PLUGINS"], !folder.isEmpty {
            let source = PluginSource.folder(folder, origin: .builtin)
            guard !source.pluginFiles().isEmpty else {
                throw PluginError(file: folder, message: "STORYLOOM_PLUGINS names '\(folder)', which holds no plugins; unset it to use the built-in ones")
            }
            return source
        }
        let files = Dictionary(BuiltinFiles.all.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        guard !files.isEmpty else {
            throw PluginError(file: embeddedPrefix, message: "this storyloom binary was built without its built-in plugins; rebuild it from a full checkout")
        }
        return PluginSource(origin: .builtin, storage: .embedded(files))
    }

    /// Whether the folder exists (an embedded source always does).
    public var exists: Bool {
        switch storage {
        case let .folder(path):
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
        case .embedded: return true
        }
    }

    /// A short name for messages: the folder, or `<built-in>`.
    public var label: String {
        switch storage {
        case let .folder(path): path
        case .embedded: Self.embeddedPrefix
        }
    }

    /// The name a file of this source goes by in messages and tracebacks.
    public func displayPath(_ relative: String) -> String {
        (label as NSString).appendingPathComponent(relative)
    }

    /// Folders whose `*.lua` files are plugins; other folders hold modules for `require`.
    static let pluginFolders = ["", "analyses", "layouts", "writers", "shortcodes"]

    /// The relative paths of the Lua files in the plugin folders, in path order.
    private func luaFiles() -> [String] {
        var files: [String] = []
        for sub in Self.pluginFolders {
            let names: [String]
            switch storage {
            case let .folder(root):
                let path = sub.isEmpty ? root : (root as NSString).appendingPathComponent(sub)
                names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { name in
                    var isFolder: ObjCBool = false
                    return FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isFolder) && !isFolder.boolValue
                }
            case let .embedded(contents):
                let prefix = sub.isEmpty ? "" : sub + "/"
                names = contents.keys.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }
                    .map { String($0.dropFirst(prefix.count)) }
            }
            files += names.filter { $0.hasSuffix(".lua") }.sorted().map { sub.isEmpty ? $0 : sub + "/" + $0 }
        }
        return files
    }

    /// The plugin files proper: specs (`*_spec.lua`) sit beside them but are not plugins.
    public func pluginFiles() -> [String] {
        luaFiles().filter { !$0.hasSuffix(Self.specSuffix) }
    }

    /// The spec files `storyloom test` runs, in path order.
    public func specFiles() -> [String] {
        luaFiles().filter { $0.hasSuffix(Self.specSuffix) }
    }

    static let specSuffix = "_spec.lua"

    /// Whether the source holds a file at `relative`.
    public func contains(_ relative: String) -> Bool {
        switch storage {
        case let .folder(root):
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(relative), isDirectory: &isFolder) && !isFolder.boolValue
        case let .embedded(contents):
            return contents[relative] != nil
        }
    }

    /// The text of the file at `relative`; nil when it is missing or unreadable as UTF-8.
    public func text(of relative: String) -> String? {
        switch storage {
        case let .folder(root):
            return try? String(contentsOfFile: (root as NSString).appendingPathComponent(relative), encoding: .utf8)
        case let .embedded(contents):
            return contents[relative]
        }
    }
}

extension Array where Element == PluginSource {
    /// The first source, in override order (the last source wins), that holds `relative`.
    public func winner(for relative: String) -> PluginSource? {
        reversed().first { $0.contains(relative) }
    }
}
