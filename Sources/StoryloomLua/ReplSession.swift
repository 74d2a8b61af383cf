import CLuaShim
import StoryloomShared

/// A Lua prompt in the plugin sandbox (`storyloom repl`): one environment kept across entries,
/// holding `corpus`, `query`, `analyse(name [, params])` and `layout(name [, params])`, each
/// entry run under the same limits as a plugin call.
public final class ReplSession {
    let host: PluginHost
    private let environment: LuaRef
    /// Registers the host functions the prompt shares with specs.
    private let specs: SpecRunner

    public init(host: PluginHost) throws(PluginFailure) {
        self.host = host
        specs = try SpecRunner(host: host, update: false)
        do {
            environment = try host.runtime.run("return _ENV", chunkName: "=(repl)")
            // Globals of the session: a function run in the session's environment sets them.
            let setup = try evaluate(chunk: """
                return function(c, q)
                  corpus, query = c, q
                  analyse, layout = storyloom.spec.analysis, storyloom.spec.layout
                end
                """)
            _ = try host.runtime.call(setup, plugin: ("repl", "(repl)")) { stack throws(LuaError) in
                host.binding.pushCorpus()
                host.binding.pushQuery()
                return 2
            }
        } catch {
            throw .run(error)
        }
    }

    /// What an entry printed: each value it returned, or its error.
    public struct Reply: Sendable, Equatable {
        public var text: String
        public var failed: Bool
    }

    /// Runs one entry: as an expression (`query.count("stories", {})`) when it reads as one,
    /// else as statements (`local s = …`, `x = 1`).
    public func evaluate(_ entry: String) -> Reply {
        let runtime = host.runtime
        let L = runtime.L
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        do {
            do {
                try runtime.loadChunk("return " + entry, chunkName: "=(repl)")
            } catch {
                try runtime.loadChunk(entry, chunkName: "=(repl)")
            }
            environment.push()
            lua_setupvalue(L, -2, 1)
            try runtime.protectedCall(arguments: 0, results: LUA_MULTRET)
        } catch {
            return Reply(text: error.message, failed: true)
        }
        let top = lua_gettop(L)
        guard top > base else { return Reply(text: "", failed: false) }
        let stack = LuaStack(L: L, runtime: runtime)
        var lines: [String] = []
        for index in base + 1 ... top {
            lines.append(describe(stack, at: index))
        }
        return Reply(text: lines.joined(separator: "\n"), failed: false)
    }

    /// A value as the prompt shows it: plain values as JSON, a selection by its size.
    private func describe(_ stack: LuaStack, at index: Int32) -> String {
        if stack.isHandle(at: index, of: CorpusBinding.selectionKind),
           let selection = try? stack.handle(index, "repl", kind: CorpusBinding.selectionKind) {
            return "<selection of \(selection.members.count) \(selection.kind.rawValue)>"
        }
        switch lua_type(stack.L, index) {
        case LUA_TFUNCTION: return "<function>"
        case LUA_TUSERDATA where stack.isUserdata(at: index): break
        default: break
        }
        if let value = try? stack.value(at: index, path: "the value") {
            return value.text(pretty: true)
        }
        return "<\(stack.typeName(at: index))>"
    }

    /// Loads text into the session's environment and runs it, returning its first result.
    private func evaluate(chunk: String) throws(LuaError) -> LuaRef {
        let runtime = host.runtime
        try runtime.loadChunk(chunk, chunkName: "=(repl)")
        environment.push()
        lua_setupvalue(runtime.L, -2, 1)
        try runtime.protectedCall(arguments: 0, results: 1)
        return LuaRef(runtime: runtime)
    }
}
