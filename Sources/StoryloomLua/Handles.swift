import CLuaShim

/// A kind of handle: userdata standing for a Swift object of type `Object`. The type goes with
/// the name, so reading a handle back gives the object typed, never cast by force.
public struct HandleKind<Object: AnyObject>: Sendable {
    /// The name Lua error messages use ("selection expected, got table").
    public let name: String

    public init(name: String) {
        self.name = name
    }
}

extension LuaRuntime {
    /// Defines a kind of handle with these methods, and fields computed from the object. The
    /// handle's object is released when Lua collects the userdata.
    public func defineHandle<Object>(_ kind: HandleKind<Object>, methods: [(String, (LuaStack) throws(HostError) -> Int32)],
                                     fields: [(String, (LuaStack, Object) -> Void)] = []) {
        let stack = LuaStack(runtime: self)
        stack.pushString(kind.name)
        lua_createtable(L, 0, 4)
        stack.pushString("__name")
        stack.pushString(kind.name)
        lua_rawset(L, -3)
        stack.pushString("__metatable")
        stack.pushString("locked")
        lua_rawset(L, -3)
        stack.pushString("__index")
        pushModule(methods)
        if !fields.isEmpty {
            // Fields are computed from the object; anything else is looked up among the methods.
            let methodTable = LuaRef(runtime: self)
            pushFunction { stack throws(HostError) in
                let key = stack.string(at: 2) ?? ""
                guard let object = stack.handleObject(at: 1, of: kind) else { return 0 }
                if let field = fields.first(where: { $0.0 == key }) {
                    field.1(stack, object)
                    return 1
                }
                methodTable.push()
                lua_pushvalue(stack.L, 2)
                lua_rawget(stack.L, -2)
                return 1
            }
        }
        lua_rawset(L, -3)
        stack.pushString("__newindex")
        pushFunction { stack throws(HostError) in
            throw HostError("attempt to change a \(kind.name) (field '\(stack.describe(at: 2))')")
        }
        lua_rawset(L, -3)
        stack.pushString("__gc")
        pushFunction { stack throws(HostError) in
            if let block = lua_touserdata(stack.L, 1) { stack.runtime.handles[block.load(as: Int.self)] = nil }
            return 0
        }
        lua_rawset(L, -3)
        lua_rawset(L, sl_registryindex())
    }
}

extension LuaStack {
    /// Pushes a Swift object as a handle of `kind` (see `LuaRuntime.defineHandle`).
    public func pushHandle<Object>(_ object: Object, kind: HandleKind<Object>) {
        let id = runtime.nextHandle
        runtime.nextHandle += 1
        runtime.handles[id] = object
        let block = lua_newuserdatauv(L, MemoryLayout<Int>.size, 0)!
        block.storeBytes(of: id, as: Int.self)
        pushString(kind.name)
        lua_rawget(L, sl_registryindex())
        lua_setmetatable(L, -2)
    }

    /// Whether the value at `index` is a handle of `kind`.
    public func isHandle<Object>(at index: Int32, of kind: HandleKind<Object>) -> Bool {
        handleName(at: index) == kind.name
    }

    /// The object behind the handle at `index`, if it is one of `kind`.
    func handleObject<Object>(at index: Int32, of kind: HandleKind<Object>) -> Object? {
        guard isHandle(at: index, of: kind), let block = lua_touserdata(L, index) else { return nil }
        return runtime.handles[block.load(as: Int.self)] as? Object
    }

    /// The object behind a handle argument of `kind`; an argument error otherwise.
    public func handle<Object>(_ index: Int32, _ function: String, kind: HandleKind<Object>) throws(HostError) -> Object {
        guard let object = handleObject(at: index, of: kind) else { throw argumentError(index, function, kind.name) }
        return object
    }

    /// The kind name of the handle at `index`, or nil if it is not one.
    func handleName(at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TUSERDATA, lua_getmetatable(L, index) != 0 else { return nil }
        defer { sl_pop(L, 1) }
        pushString("__name")
        lua_rawget(L, -2)
        defer { sl_pop(L, 1) }
        return string(at: -1)
    }
}
