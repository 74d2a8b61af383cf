import CLuaShim
import Foundation
import StoryloomDocument
import StoryloomShared

/// One sandboxed Lua state with its limits. Not thread-safe: use one per thread.
///
/// Every call into Lua goes through `sl_pcall` (protected, with a traceback); Swift functions
/// reach Lua only through the C trampoline, so no Lua error ever unwinds a Swift frame.
public final class LuaRuntime {
    /// Resource limits for the plugins a runtime runs.
    public struct Limits: Sendable, Equatable {
        /// Bytes the state may hold.
        public var memoryBytes: Int
        /// Lua instructions one call may run (checked every 1,000).
        public var instructionBudget: Int
        /// Wall-clock seconds one call may take, checked with the budget: a backstop for time
        /// spent in C library functions between instructions.
        public var seconds: Double

        public init(memoryBytes: Int = 256 << 20, instructionBudget: Int = 200_000_000, seconds: Double = 60) {
            self.memoryBytes = memoryBytes
            self.instructionBudget = instructionBudget
            self.seconds = seconds
        }
    }

    public let limits: Limits
    /// Where `require` finds modules, in override order (the last source wins).
    public var sources: [PluginSource]

    let L: OpaquePointer
    var hostFunctions: [(LuaStack) throws(HostError) -> Int32] = []
    var handles: [Int: AnyObject] = [:]
    var nextHandle = 1
    /// Registry references to the prelude's `new_env` and `define`.
    var newEnvRef: Int32 = 0
    var defineRef: Int32 = 0
    var loadedModules: [String: LuaRef] = [:]
    /// What is running now, for messages about limits.
    var currentPlugin: (name: String, file: String)? = nil
    /// Bytes Swift holds on the running plugin's behalf (the document it builds, its result):
    /// counted with what Lua holds against the memory limit. Reset when a plugin call starts.
    public var heldForPlugin = 0
    /// Protected calls under way: only the outermost starts a fresh instruction budget.
    var callDepth = 0
    /// The last message a host function raised, to tell host API errors from others.
    var lastHostError: String? = nil

    public init(limits: Limits = Limits(), sources: [PluginSource] = []) throws(LuaError) {
        self.limits = limits
        self.sources = sources
        guard let state = sl_newstate(limits.memoryBytes) else {
            throw LuaError(kind: .memory, message: "cannot create a Lua state: out of memory")
        }
        L = state
        sl_limits_of(L).pointee.host = Unmanaged.passUnretained(self).toOpaque()
        sl_set_dispatch(L, hostDispatch)
        guard sl_openlibs(L) == LUA_OK else {
            throw LuaError(kind: .runtime, message: "cannot open the Lua libraries")
        }
        try installSandbox()
    }

    deinit {
        sl_close(L)
    }

    // MARK: Running code

    /// Loads and runs a file in a fresh sandboxed environment; returns a reference to what it returned.
    public func runFile(_ path: String) throws(LuaError) -> LuaRef {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LuaError(kind: .plugin, message: "\(path): cannot read the file")
        }
        return try run(text, chunkName: path)
    }

    /// Loads and runs a plugin file; returns the value the chunk returned.
    public func load(file path: String) throws(LuaError) -> LuaRef {
        try runFile(path)
    }

    /// Runs Lua text as if it were a file named `chunkName`, in a fresh environment.
    public func run(_ text: String, chunkName: String) throws(LuaError) -> LuaRef {
        try loadChunk(text, chunkName: chunkName)
        try pushNewEnvironment()
        lua_setupvalue(L, -2, 1)  // the chunk's _ENV
        try protectedCall(arguments: 0, results: 1)
        return LuaRef(runtime: self)
    }

    /// Calls a function with arguments pushed by `pushArguments`; returns its first result.
    public func call(_ function: LuaRef, plugin: (name: String, file: String)? = nil,
                     _ pushArguments: (LuaStack) throws(LuaError) -> Int32) throws(LuaError) -> LuaRef {
        let previous = currentPlugin
        currentPlugin = plugin ?? previous
        defer { currentPlugin = previous }
        function.push()
        let count = try pushArguments(LuaStack(L: L, runtime: self))
        try protectedCall(arguments: count, results: 1)
        return LuaRef(runtime: self)
    }

    /// Calls a function with plain arguments; returns all its results as plain values.
    public func call(_ function: LuaRef, arguments: [PlainValue], plugin: (name: String, file: String)? = nil,
                     resultPath: String = "result") throws(LuaError) -> [PlainValue] {
        let previous = currentPlugin
        currentPlugin = plugin ?? previous
        defer { currentPlugin = previous }
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        function.push()
        let stack = LuaStack(L: L, runtime: self)
        guard lua_checkstack(L, Int32(clamping: arguments.count + 4)) != 0 else {
            throw LuaError(kind: .hostAPI, message: "too many arguments (\(arguments.count))")
        }
        for argument in arguments { stack.push(argument) }
        try protectedCall(arguments: Int32(arguments.count), results: LUA_MULTRET)
        var results: [PlainValue] = []
        let top = lua_gettop(L)
        if top > base {
            for index in base + 1 ... top {
                let path = top - base == 1 ? resultPath : "\(resultPath) #\(index - base)"
                results.append(try stack.value(at: index, path: path))
            }
        }
        return results
    }

    func loadChunk(_ text: String, chunkName: String) throws(LuaError) {
        let status = text.utf8CString.withUnsafeBufferPointer { buffer in
            sl_loadtext(L, buffer.baseAddress, buffer.count - 1, "@" + chunkName)
        }
        guard status == LUA_OK else {
            let message = LuaStack(L: L, runtime: self).string(at: -1) ?? "cannot load \(chunkName)"
            sl_pop(L, 1)
            throw LuaError(kind: .syntax, message: message)
        }
    }

    /// Runs the function below `arguments` values on the stack, protected and within limits.
    /// A nested call (Lua → host function → Lua, as `require` does) shares the outer budget.
    func protectedCall(arguments: Int32, results: Int32) throws(LuaError) {
        if callDepth == 0 {
            sl_start_call(L, Int64(limits.instructionBudget))
            sl_set_deadline(L, limits.seconds)
            lastHostError = nil
            heldForPlugin = 0
        }
        callDepth += 1
        let status = sl_pcall(L, arguments, results)
        callDepth -= 1
        let state = sl_limits_of(L).pointee
        if status == LUA_OK, callDepth == 0, state.budget_hit != 0 {
            // The plugin caught the budget error (in a coroutine, say) and finished: still over.
            sl_pop(L, results == LUA_MULTRET ? 0 : results)
            let who = currentPlugin.map { "plugin '\($0.name)' (\($0.file))" } ?? "the plugin"
            throw LuaError(kind: .instructionBudget, message: "\(who) exceeded \(exceededLimit(state))")
        }
        guard status != LUA_OK else { return }
        let raw = LuaStack(L: L, runtime: self).string(at: -1) ?? "(no message)"
        sl_pop(L, 1)
        let who = currentPlugin.map { "plugin '\($0.name)' (\($0.file))" } ?? "the plugin"
        // A cap hit the plugin caught with pcall does not make a later, different error a memory one.
        if status == LUA_ERRMEM || (state.cap_hit != 0 && raw.hasPrefix("not enough memory")) {
            // Lua does not call the message handler after a memory error: word it here.
            sl_collect(L)
            throw LuaError(kind: .memory, message: "\(who) exceeded the memory limit of \(Self.describeBytes(limits.memoryBytes))")
        }
        var (message, traceback) = Self.split(raw)
        let place = Self.firstPlace(in: traceback)
        if state.budget_hit != 0 {
            throw LuaError(kind: .instructionBudget,
                           message: "\(place.map { "\($0): " } ?? "")\(who) exceeded \(exceededLimit(state))",
                           traceback: traceback)
        }
        // Keep the place even when the plugin raised a table or a message without one.
        if let place, !message.hasPrefix(place) { message = "\(place): \(message)" }
        let fromHost = lastHostError.map { message.hasSuffix(": " + $0) || message == $0 } ?? false
        // When the failing line is not in the plugin's own file (a module, a loaded chunk), the
        // traceback still says whose run it was.
        if let plugin = currentPlugin, !message.hasPrefix(plugin.file + ":") {
            traceback += "\n\t(in plugin '\(plugin.name)', \(plugin.file))"
        }
        throw LuaError(kind: fromHost ? .hostAPI : .runtime, message: message, traceback: traceback)
    }

    /// The error for a copy the host was making for the plugin that would pass the memory limit.
    func memoryLimitError(holding bytes: Int) -> LuaError {
        let who = currentPlugin.map { "plugin '\($0.name)' (\($0.file))" } ?? "the plugin"
        return LuaError(kind: .memory, message: "\(who) exceeded the memory limit of \(Self.describeBytes(limits.memoryBytes)) (counting the \(Self.describeBytes(bytes + heldForPlugin)) the host holds for it)")
    }

    /// Which limit a call ran out of: its instructions or its time.
    private func exceededLimit(_ state: sl_limits) -> String {
        state.time_hit != 0 ? "the time limit of \(formatSeconds(limits.seconds))"
            : "the instruction budget of \(limits.instructionBudget) instructions"
    }

    /// The first `file:line` of a traceback that lies in plugin code (not in C functions).
    static func firstPlace(in traceback: String) -> String? {
        for line in traceback.split(separator: "\n").dropFirst() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("[C]") || text.hasPrefix("(...") || text.hasPrefix("(storyloom sandbox)") { continue }
            guard let match = text.firstMatch(of: /^(.+?:\d+):/) else { continue }
            return String(match.1)
        }
        return nil
    }

    /// Splits "message\nstack traceback:\n..." into its two parts.
    static func split(_ text: String) -> (String, String) {
        guard let range = text.range(of: "\nstack traceback:") else { return (text, "") }
        return (String(text[..<range.lowerBound]), String(text[text.index(after: range.lowerBound)...]))
    }

    static func describeBytes(_ bytes: Int) -> String {
        bytes % (1 << 30) == 0 ? "\(bytes >> 30) GiB" : bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    /// Bytes the state holds now.
    public var memoryInUse: Int { Int(sl_limits_of(L).pointee.used) }

    // MARK: Sandbox

    private func installSandbox() throws(LuaError) {
        let require = register(name: "require") { stack throws(HostError) in try stack.runtime.hostRequire(stack) }
        let print = register(name: "print") { stack throws(HostError) in
            var parts: [String] = []
            for i in 1 ... max(1, stack.top) where stack.top >= 1 { parts.append(stack.describe(at: Int32(i))) }
            let prefix = stack.runtime.currentPlugin.map { "[\($0.name)] " } ?? ""
            // Plugin text reaches a terminal: no control sequence may get through.
            FileHandle.standardError.write(Data((TextCleaning.clean(prefix + parts.joined(separator: "\t"), replacement: "\u{FFFD}") + "\n").utf8))
            return 0
        }
        try loadChunk(sandboxPrelude, chunkName: "(storyloom sandbox)")
        sl_push_host_function(L, lua_Integer(require))
        sl_push_host_function(L, lua_Integer(print))
        lua_pushcclosure(L, sl_sandbox_setmetatable, 0)
        _ = sl_push_pattern_functions(L)
        sl_start_call(L, 0)
        guard sl_pcall(L, 4, 2) == LUA_OK else {
            let message = LuaStack(L: L, runtime: self).string(at: -1) ?? "?"
            throw LuaError(kind: .runtime, message: "the sandbox could not be set up: \(message)")
        }
        defineRef = luaL_ref(L, sl_registryindex())
        newEnvRef = luaL_ref(L, sl_registryindex())
    }

    /// Pushes a fresh plugin environment.
    func pushNewEnvironment() throws(LuaError) {
        lua_rawgeti(L, sl_registryindex(), lua_Integer(newEnvRef))
        try protectedCall(arguments: 0, results: 1)
    }
}

extension LuaRuntime {
    /// A plugin's returned table as a plain value, leaving out its functions.
    func describePlugin(_ table: LuaRef) throws(LuaError) -> PlainValue {
        table.push()
        defer { sl_pop(L, 1) }
        guard lua_type(L, -1) == LUA_TTABLE else { return try LuaStack(L: L, runtime: self).value(at: -1, path: "the plugin") }
        // Copy into a fresh table without function values, raw, then convert. A layout's
        // `blocks` (functions) are read apart from the description.
        LuaStack(runtime: self).pushCopy(of: -1) { stack in
            lua_type(stack.L, -1) != LUA_TFUNCTION && !(lua_type(stack.L, -2) == LUA_TSTRING && stack.string(at: -2) == "blocks")
        }
        defer { sl_pop(L, 1) }
        return try LuaStack(L: L, runtime: self).value(at: -1, path: "the plugin")
    }
}

/// 60 → "60 s", 0.5 → "0.5 s".
func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() && seconds < 1e9 ? "\(Int(seconds)) s" : "\(seconds) s"
}
