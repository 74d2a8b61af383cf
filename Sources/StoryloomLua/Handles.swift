import CLuaShim

extension LuaRuntime {
    /// Defines a kind of handle: userdata standing for a Swift object, with these methods.
    /// The handle's object is released when Lua collects the userdata.
    public func defineHandle(kind: String, methods: [(String, (LuaStack) throws(HostError) -> Int32)],
                             fields: [(String, (LuaStack, AnyObject) -> Void)] = []) {
        let stack = LuaStack(L: L, runtime: self)
        stack.pushString(kind)
        lua_createtable(L, 0, 4)
        stack.pushString("__name")
        stack.pushString(kind)
        lua_rawset(L, -3)
        stack.pushString("__metatable")
        stack.pushString("locked")
        lua_rawset(L, -3)
        stack.pushString("__index")
        if fields.isEmpty {
            pushModule(methods)
        } else {
            // Fields are computed from the object; anything else is looked up among the methods.
            pushModule(methods)
            let methodsRef = luaL_ref(L, sl_registryindex())
            pushFunction { stack throws(HostError) in
                let key = stack.string(at: 2) ?? ""
                guard let block = lua_touserdata(stack.L, 1),
                      let object = stack.runtime.handles[block.load(as: Int.self)] else { return 0 }
                if let field = fields.first(where: { $0.0 == key }) {
                    field.1(stack, object)
                    return 1
                }
                lua_rawgeti(stack.L, sl_registryindex(), lua_Integer(methodsRef))
                lua_pushvalue(stack.L, 2)
                lua_rawget(stack.L, -2)
                return 1
            }
        }
        lua_rawset(L, -3)
        stack.pushString("__newindex")
        pushFunction { stack throws(HostError) in
            throw HostError("attempt to change a \(kind) (field '\(stack.describe(at: 2))')")
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
