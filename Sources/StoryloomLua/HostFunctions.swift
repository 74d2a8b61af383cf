import CLuaShim
import StoryloomShared

/// An error a Swift host function reports to the plugin that called it. The trampoline
/// raises it in Lua (with the caller's file:line) after the Swift frame has returned.
public struct HostError: Error, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}

/// The one C-callable entry for every host function: finds the runtime that owns the state
/// and runs the Swift closure registered under `id`. Swift errors become an error message
/// on the stack and -1, never a longjmp.
let hostDispatch: sl_dispatch_fn = { L, id in
    guard let L, let host = sl_limits_of(L).pointee.host else { return -1 }
    let runtime = Unmanaged<LuaRuntime>.fromOpaque(host).takeUnretainedValue()
    let function = runtime.hostFunctions[Int(id)]
    do throws(HostError) {
        return try function(LuaStack(L: L, runtime: runtime))
    } catch {
        runtime.lastHostError = error.message
        lua_settop(L, 0)
        LuaStack(L: L, runtime: runtime).pushString(error.message)
        return -1
    }
}

extension LuaRuntime {
    /// A Swift function plugins call with plain values: arguments converted with raw reads,
    /// results pushed as plain (writable) values. A thrown `HostError` becomes a Lua error at
    /// the caller's line, which the plugin may catch with `pcall`.
    public typealias ValueFunction = ([PlainValue]) throws(HostError) -> [PlainValue]
    /// A Swift function with direct stack access (arguments at 1...top): returns how many
    /// results it pushed. Use only the non-raising reads and the pushes of `LuaStack`.
    public typealias StackFunction = (LuaStack) throws(HostError) -> Int32

    /// Makes `function` visible to every plugin at a dotted path of the shared, read-only base,
    /// such as "storyloom.version". Intermediate tables are created read-only.
    public func register(path: String, name: String? = nil, _ function: @escaping ValueFunction) throws(LuaError) {
        let label = name ?? path.split(separator: ".").last.map(String.init) ?? path
        try register(path: path, stack: { stack throws(HostError) in
            let arguments = try stack.arguments(label)
            let results = try function(arguments)
            guard lua_checkstack(stack.L, Int32(clamping: results.count + 4)) != 0 else {
                throw HostError("'\(label)' returned too many values")
            }
            for result in results { stack.push(result) }
            return Int32(results.count)
        })
    }

    /// The lower-level form of `register(path:_:)`.
    public func register(path: String, stack function: @escaping StackFunction) throws(LuaError) {
        try define(path: path) { pushFunction(function) }
    }

    /// Makes a plain value visible to every plugin at a dotted path (tables read-only).
    public func define(path: String, value: PlainValue) throws(LuaError) {
        try define(path: path) { LuaStack(L: L, runtime: self).pushReadOnly(value) }
    }

    private func define(path: String, push: () -> Void) throws(LuaError) {
        lua_rawgeti(L, sl_registryindex(), lua_Integer(defineRef))
        LuaStack(L: L, runtime: self).pushString(path)
        push()
        // Trusted prelude code: no budget, and none left over from a plugin that ran out of it.
        if callDepth == 0 { sl_start_call(L, 0) }
        let status = sl_pcall(L, 2, 0)
        guard status == LUA_OK else {
            let message = LuaStack(L: L, runtime: self).string(at: -1) ?? "?"
            sl_pop(L, 1)
            throw LuaError(kind: .hostAPI, message: LuaRuntime.split(message).0)
        }
    }
}

extension LuaRuntime {
    /// Registers a Swift function; returns its id for `sl_push_host_function`.
    @discardableResult
    func register(name: String, _ function: @escaping (LuaStack) throws(HostError) -> Int32) -> Int {
        hostFunctions.append(function)
        return hostFunctions.count - 1
    }

    /// Pushes a host function as a Lua value.
    func pushFunction(_ function: @escaping (LuaStack) throws(HostError) -> Int32) {
        let id = register(name: "", function)
        sl_push_host_function(L, lua_Integer(id))
    }

    /// Builds a Lua table of named host functions and leaves it on the stack.
    func pushModule(_ functions: [(String, (LuaStack) throws(HostError) -> Int32)]) {
        lua_createtable(L, 0, Int32(functions.count))
        for (name, function) in functions {
            _ = name.withCString { lua_pushstring(L, $0) }
            pushFunction(function)
            lua_rawset(L, -3)
        }
    }
}

/// A registry reference to a Lua value, released when the Swift value goes. It does not keep
/// its runtime alive (the runtime holds references of its own: a strong link back would be a
/// cycle), so it must not be used after the runtime is gone.
public final class LuaRef {
    private weak var owner: LuaRuntime?
    let ref: Int32

    var runtime: LuaRuntime {
        guard let owner else { preconditionFailure("a Lua reference was used after its runtime was released") }
        return owner
    }

    /// Takes the value on top of the stack.
    init(runtime: LuaRuntime) {
        owner = runtime
        ref = luaL_ref(runtime.L, sl_registryindex())
    }

    deinit {
        if let owner { luaL_unref(owner.L, sl_registryindex(), ref) }
    }

    func push() {
        lua_rawgeti(runtime.L, sl_registryindex(), lua_Integer(ref))
    }

    /// The value as a plain Swift value (functions and other userdata refused).
    public func value(path: String = "result") throws(LuaError) -> PlainValue {
        push()
        defer { sl_pop(runtime.L, 1) }
        return try LuaStack(L: runtime.L, runtime: runtime).value(at: -1, path: path)
    }

    /// The Lua type name of the value.
    public var typeName: String {
        push()
        defer { sl_pop(runtime.L, 1) }
        return String(cString: lua_typename(runtime.L, lua_type(runtime.L, -1)))
    }

    /// A field of a table (read raw, so no plugin metamethod runs), as a reference.
    public func field(_ name: String) -> LuaRef? {
        push()
        guard lua_type(runtime.L, -1) == LUA_TTABLE else {
            sl_pop(runtime.L, 1)
            return nil
        }
        _ = name.withCString { lua_pushstring(runtime.L, $0) }
        lua_rawget(runtime.L, -2)
        lua_rotate(runtime.L, -2, 1)
        sl_pop(runtime.L, 1)
        if lua_type(runtime.L, -1) == LUA_TNIL {
            sl_pop(runtime.L, 1)
            return nil
        }
        return LuaRef(runtime: runtime)
    }

    /// A table's entries whose keys are strings and values functions, by key; with the first
    /// other entry's key (as text) if there is one. Read raw, so no plugin metamethod runs.
    func functionFields() -> (functions: [String: LuaRef], other: String?) {
        let L = runtime.L
        push()
        defer { sl_pop(L, 1) }
        guard lua_type(L, -1) == LUA_TTABLE else { return ([:], "") }
        var functions: [String: LuaRef] = [:]
        var other: String?
        lua_pushnil(L)
        while lua_next(L, -2) != 0 {
            // Check the key's type before reading it: lua_tolstring would turn a number key into
            // a string in place and confuse lua_next.
            if lua_type(L, -2) == LUA_TSTRING, lua_type(L, -1) == LUA_TFUNCTION, let key = LuaStack(L: L, runtime: runtime).string(at: -2) {
                functions[key] = LuaRef(runtime: runtime)  // takes the value off the stack
            } else {
                if other == nil {
                    other = lua_type(L, -2) == LUA_TSTRING ? LuaStack(L: L, runtime: runtime).string(at: -2) ?? "?" : "a \(String(cString: lua_typename(L, lua_type(L, -2)))) key"
                }
                sl_pop(L, 1)
            }
        }
        return (functions, other)
    }
}
