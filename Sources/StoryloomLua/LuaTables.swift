import CLuaShim
import StoryloomShared

/// The bridge's vocabulary for building and reading tables, so that bindings never touch the
/// Lua C API: they say "a table with these fields", "the cached record n", "this field of the
/// argument", and the bridge does the stack work with raw, non-raising calls only.
extension LuaStack {
    // MARK: Scalars

    public func pushNil() { lua_pushnil(L) }
    public func pushBoolean(_ value: Bool) { lua_pushboolean(L, value ? 1 : 0) }
    public func pushInteger(_ value: Int) { lua_pushinteger(L, lua_Integer(value)) }
    public func pushNumber(_ value: Double) { lua_pushnumber(L, value) }

    /// Pops `count` values.
    public func pop(_ count: Int32 = 1) { sl_pop(L, count) }

    /// `index` as an absolute stack position (stable while values are pushed).
    public func absolute(_ index: Int32) -> Int32 { lua_absindex(L, index) }

    // MARK: Building tables

    /// A table under construction, on top of the stack.
    public struct TableBuilder {
        let stack: LuaStack
        var count = 0

        /// Sets `key` to the value `push` leaves on the stack.
        public func set(_ key: String, _ push: () -> Void) {
            stack.pushString(key)
            push()
            lua_rawset(stack.L, -3)
        }

        /// Sets `key` to a plain value, read-only if it is a table.
        public func set(_ key: String, readOnly value: PlainValue) {
            set(key) { stack.pushReadOnly(value) }
        }

        /// Appends the value `push` leaves on the stack as the next list item.
        public mutating func append(_ push: () -> Void) {
            push()
            count += 1
            lua_rawseti(stack.L, -2, lua_Integer(count))
        }
    }

    /// Pushes a new table that `build` fills.
    public func pushTable(items: Int = 0, fields: Int = 0, _ build: (inout TableBuilder) throws(HostError) -> Void) throws(HostError) {
        lua_checkstack(L, 4)
        lua_createtable(L, Int32(clamping: items), Int32(clamping: fields))
        var builder = TableBuilder(stack: self)
        try build(&builder)
    }

    /// The same, for builders that cannot fail.
    public func pushTable(items: Int = 0, fields: Int = 0, _ build: (inout TableBuilder) -> Void) {
        lua_checkstack(L, 4)
        lua_createtable(L, Int32(clamping: items), Int32(clamping: fields))
        var builder = TableBuilder(stack: self)
        build(&builder)
    }

    /// Pushes a read-only list whose items `pushItem` pushes, one per element of `elements`.
    public func pushReadOnlyList<S: Sequence>(_ elements: S, count: Int = 0, _ pushItem: (S.Element) -> Void) {
        pushTable(items: count) { list in
            for element in elements { list.append { pushItem(element) } }
        }
        wrapReadOnly()
    }

    // MARK: Reading tables

    /// Pushes `table[key]` read raw (no metamethods run); a read-only proxy is read through.
    /// Returns the value's Lua type.
    @discardableResult
    public func pushField(_ key: String, of index: Int32) -> Int32 {
        let table = absolute(index)
        guard lua_type(L, table) == LUA_TTABLE || sl_is_proxy(L, table) != 0 else {
            lua_pushnil(L)
            return LUA_TNIL
        }
        pushString(key)
        if sl_is_proxy(L, table) != 0 {
            lua_getiuservalue(L, table, 1)
            lua_rotate(L, -2, 1)
            lua_rawget(L, -2)
            lua_rotate(L, -2, 1)
            sl_pop(L, 1)
        } else {
            lua_rawget(L, table)
        }
        return lua_type(L, -1)
    }

    /// Pushes item `position` (1-based) of the list at `index`, read raw.
    @discardableResult
    public func pushItem(_ position: Int, of index: Int32) -> Int32 {
        lua_rawgeti(L, index, lua_Integer(position))
    }

    /// Replaces a read-only proxy at `index` with the table behind it (other values stay).
    public func unwrapProxy(at index: Int32) {
        let position = absolute(index)
        guard sl_is_proxy(L, position) != 0 else { return }
        lua_getiuservalue(L, position, 1)
        sl_replace(L, position)
    }

    /// The length of the list at `index`, read raw (a proxy gives its table's).
    public func rawLength(at index: Int32) -> Int {
        let position = absolute(index)
        if sl_is_proxy(L, position) != 0 {
            lua_getiuservalue(L, position, 1)
            defer { sl_pop(L, 1) }
            return Int(lua_rawlen(L, -1))
        }
        return Int(lua_rawlen(L, position))
    }

    /// Pushes a raw copy of the table at `index` holding only the entries `keep` accepts (it
    /// sees the key at -2 and the value at -1).
    func pushCopy(of index: Int32, keeping keep: (LuaStack) -> Bool) {
        let source = absolute(index)
        lua_checkstack(L, 6)
        lua_createtable(L, 0, 8)
        lua_pushnil(L)
        while lua_next(L, source) != 0 {
            guard keep(self) else {
                sl_pop(L, 1)
                continue
            }
            lua_pushvalue(L, -2)
            lua_rotate(L, -2, 1)
            lua_rawset(L, -4)
        }
    }

    /// A copy of the table at `index` without the named fields, as a plain value.
    public func valueArgument(_ index: Int32, _ function: String, leavingOut excluded: Set<String>) throws(HostError) -> PlainValue {
        pushCopy(of: index) { stack in
            !(lua_type(stack.L, -2) == LUA_TSTRING && stack.string(at: -2).map(excluded.contains) == true)
        }
        defer { sl_pop(L, 1) }
        do {
            return try value(at: -1, path: "argument #\(index) to '\(calledName(function))'")
        } catch {
            throw HostError(error.message)
        }
    }

    /// Copies every field of the table `source` into the table on top of the stack.
    public func copyFields(from source: LuaRef) {
        lua_checkstack(L, 4)
        source.push()
        lua_pushnil(L)
        while lua_next(L, -2) != 0 {
            lua_pushvalue(L, -2)
            lua_rotate(L, -2, 1)
            lua_rawset(L, -5)
        }
        sl_pop(L, 1)
    }

    // MARK: Registry

    /// A reference to the value `push` pushes.
    public func ref(_ push: () -> Void) -> LuaRef {
        push()
        return LuaRef(runtime: runtime)
    }

    /// A new empty table kept in the registry, for caches.
    public func newRegistryTable() -> LuaRef {
        lua_createtable(L, 0, 0)
        return LuaRef(runtime: runtime)
    }

    /// Pushes entry `position` of the cache table `cache`, made by `make` (which pushes it) the
    /// first time it is asked for.
    public func pushCached(_ position: Int, in cache: LuaRef, _ make: () -> Void) {
        cache.push()
        if lua_rawgeti(L, -1, lua_Integer(position)) == LUA_TNIL {
            sl_pop(L, 1)
            make()
            lua_pushvalue(L, -1)
            lua_rawseti(L, -3, lua_Integer(position))
        }
        lua_rotate(L, -2, 1)
        sl_pop(L, 1)
    }
}
