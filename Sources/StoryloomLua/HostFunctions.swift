import CLuaShim

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
        lua_settop(L, 0)
        _ = error.message.withCString { lua_pushstring(L, $0) }
        return -1
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

/// A registry reference to a Lua value, released when the Swift value goes.
public final class LuaRef {
    let runtime: LuaRuntime
    let ref: Int32

    /// Takes the value on top of the stack.
    init(runtime: LuaRuntime) {
        self.runtime = runtime
        ref = luaL_ref(runtime.L, sl_registryindex())
    }

    deinit {
        luaL_unref(runtime.L, sl_registryindex(), ref)
    }

    func push() {
        lua_rawgeti(runtime.L, sl_registryindex(), lua_Integer(ref))
    }

    /// The value as a plain Swift value (functions and other userdata refused).
    public func value(path: String = "result") throws(LuaError) -> LuaValue {
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
}
