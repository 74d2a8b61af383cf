import ArgumentParser
import Foundation
import StoryloomBuild
import StoryloomCorpus
import StoryloomLua
import StoryloomQuery

/// Options shared by the commands that run plugins.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugin-path"), help: "A further folder of plugins (repeatable); its plugins override built-in and project ones of the same name.")
    var pluginPaths: [String] = []

    @Option(help: "Memory a plugin run may use, e.g. 256MB (default: the project's limit, else 256MB).")
    var memory: String?

    @Option(help: "Lua instructions one plugin call may run (default: the project's limit, else 200000000).")
    var instructions: Int?

    /// The plugin environment: built-in plugins, then the project's, then --plugin-path, with
    /// the limits from the flags over `base`.
    func environment(projectPlugins: String?, base: Limits = Limits()) throws -> PluginEnvironment {
        let limits = try limits(base)
        do {
            return try PluginEnvironment.standard(projectPlugins: projectPlugins, extraFolders: pluginPaths, limits: limits)
        } catch {
            throw pluginFailure(error)
        }
    }

    func limits(_ base: Limits = Limits()) throws -> LuaRuntime.Limits {
        var result = base
        if let memory {
            guard let bytes = parseByteSize(memory) else { throw ValidationError("--memory: '\(memory)' is not a size from 1 MB to 1 TB; write e.g. 256MB") }
            result.memoryBytes = bytes
        }
        if let instructions {
            guard instructions > 0 else { throw ValidationError("--instructions must be above 0") }
            result.instructionBudget = instructions
        }
        return result
    }
}

/// Parses `key=value` pairs.
func parseParameters(_ pairs: [String]) throws -> [(key: String, value: String)] {
    try pairs.map { pair in
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw ValidationError("--param takes key=value, not '\(pair)'")
        }
        return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
    }
}

/// Prints a plugin failure (file:line and traceback) and exits 1.
func pluginFailure(_ error: Error) -> ExitCode {
    printError("storyloom: " + TerminalText.clean(String(describing: error)))
    return Exit.failure
}
