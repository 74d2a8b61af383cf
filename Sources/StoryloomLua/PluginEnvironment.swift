/// Everything a command needs to run plugins, decided in one place: the plugin sources in
/// override order (built-in, then the project's folder, then `--plugin-path` folders) and the
/// limits each plugin run gets. The project loader or a command builds it once; discovery,
/// `require` and page templates all read through its sources.
public struct PluginEnvironment: Sendable {
    public var sources: [PluginSource]
    public var limits: LuaRuntime.Limits
    /// Parameters a project gives analyses in place of their defaults (its `analyses:`), by name.
    public var analysisParameters: [String: [(key: String, value: String)]] = [:]

    public init(sources: [PluginSource], limits: LuaRuntime.Limits = .init(),
                analysisParameters: [String: [(key: String, value: String)]] = [:]) {
        self.sources = sources
        self.limits = limits
        self.analysisParameters = analysisParameters
    }

    /// The usual sources: the built-in plugins, the project's plugin folder when it exists,
    /// then further folders, each overriding the ones before.
    public static func standard(projectPlugins: String?, extraFolders: [String] = [],
                                limits: LuaRuntime.Limits = .init()) throws(PluginError) -> PluginEnvironment {
        var sources = [try PluginSource.builtin()]
        if let projectPlugins {
            let project = PluginSource.folder(projectPlugins, origin: .project)
            if project.exists { sources.append(project) }
        }
        for folder in extraFolders {
            let source = PluginSource.folder(folder, origin: .path)
            guard source.exists else {
                throw PluginError(file: folder, message: "the plugin folder '\(folder)' does not exist")
            }
            sources.append(source)
        }
        return PluginEnvironment(sources: sources, limits: limits)
    }

    /// The winning copy of a non-plugin file, such as `templates/page.mustache`: its text and the
    /// name it goes by in messages.
    public func file(_ relative: String) -> (text: String, name: String)? {
        guard let source = sources.winner(for: relative), let text = source.text(of: relative) else { return nil }
        return (text, source.displayPath(relative))
    }
}
