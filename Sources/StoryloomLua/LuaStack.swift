import CLuaShim

/// Safe access to the Lua stack from Swift: only API calls that cannot raise (type checks,
/// raw reads and writes, pushes while the allocator never refuses).
public struct LuaStack {
    let L: OpaquePointer
    let runtime: LuaRuntime

    init(L: OpaquePointer, runtime: LuaRuntime) {
        self.L = L
        self.runtime = runtime
    }

    /// The stack of the runtime's main state.
    init(runtime: LuaRuntime) {
        self.init(L: runtime.L, runtime: runtime)
    }

    /// How many values are on the stack (for a host function: its arguments).
    public var top: Int32 { lua_gettop(L) }

    func type(at index: Int32) -> Int32 { lua_type(L, index) }

    /// Whether there is no argument at `index`, or it is nil.
    public func isMissing(_ index: Int32) -> Bool { lua_type(L, index) <= LUA_TNIL }
    public func isTable(at index: Int32) -> Bool { lua_type(L, index) == LUA_TTABLE }
    public func isUserdata(at index: Int32) -> Bool { lua_type(L, index) == LUA_TUSERDATA }

    func typeName(at index: Int32) -> String {
        if type(at: index) == LUA_TUSERDATA, let name = handleName(at: index) { return name }
        return String(cString: lua_typename(L, lua_type(L, index)))
    }

    /// The string at `index` if it is a string (numbers are not converted).
    /// The number at `index`, if it is one (strings are not converted).
    func number(at index: Int32) -> Double? {
        lua_type(L, index) == LUA_TNUMBER ? lua_tonumberx(L, index, nil) : nil
    }

    func string(at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let pointer = sl_tostring(L, index, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// Any value as text, for messages and `print`, without running metamethods.
    func describe(at index: Int32) -> String {
        switch lua_type(L, index) {
        case LUA_TSTRING: return string(at: index) ?? ""
        case LUA_TNUMBER:
            return sl_isinteger(L, index) != 0 ? String(lua_tointegerx(L, index, nil)) : formatLuaNumber(lua_tonumberx(L, index, nil))
        case LUA_TBOOLEAN: return lua_toboolean(L, index) != 0 ? "true" : "false"
        case LUA_TNIL: return "nil"
        default: return typeName(at: index)
        }
    }

    // MARK: Arguments

    /// The name the running host function was called by, as Lua's own errors give it (`c` for
    /// `local c = q.count; c(...)`), else `fallback`.
    func calledName(_ fallback: String) -> String {
        sl_called_name(L).map { String(cString: $0) } ?? fallback
    }

    func argumentError(_ index: Int32, _ function: String, _ expected: String) -> HostError {
        HostError("bad argument #\(index) to '\(calledName(function))' (\(expected) expected, got \(type(at: index) == LUA_TNONE ? "no value" : typeName(at: index)))")
    }

    public func stringArgument(_ index: Int32, _ function: String) throws(HostError) -> String {
        guard let value = string(at: index) else { throw argumentError(index, function, "string") }
        return value
    }

    public func optionalStringArgument(_ index: Int32, _ function: String) throws(HostError) -> String? {
        if type(at: index) <= LUA_TNIL { return nil }
        return try stringArgument(index, function)
    }

    /// An integer argument within `range`: every count, size or position a host function takes
    /// is checked here before Swift uses it, so no plugin number can trap or loop the host.
    public func integerArgument(_ index: Int32, _ function: String, in range: ClosedRange<Int> = 0 ... Int(Int32.max)) throws(HostError) -> Int {
        guard type(at: index) == LUA_TNUMBER else { throw argumentError(index, function, "integer") }
        var ok: Int32 = 0
        let value = lua_tointegerx(L, index, &ok)
        guard ok != 0 else { throw HostError("bad argument #\(index) to '\(calledName(function))' (number has no integer representation)") }
        return try Self.checked(Int(value), range, "bad argument #\(index) to '\(calledName(function))'")
    }

    /// A finite number argument (NaN and infinities are refused: no host arithmetic takes them).
    public func numberArgument(_ index: Int32, _ function: String) throws(HostError) -> Double {
        guard type(at: index) == LUA_TNUMBER else { throw argumentError(index, function, "number") }
        let value = lua_tonumberx(L, index, nil)
        guard value.isFinite else { throw HostError("bad argument #\(index) to '\(calledName(function))' (number must be finite, got \(formatLuaNumber(value)))") }
        return value
    }

    /// `value` if it lies in `range`, else an error that says the range.
    static func checked(_ value: Int, _ range: ClosedRange<Int>, _ what: String) throws(HostError) -> Int {
        guard range.contains(value) else {
            throw HostError("\(what) (must be from \(range.lowerBound) to \(range.upperBound), got \(value))")
        }
        return value
    }

    /// Counts this call's arguments from `first` on as held by the host for the running plugin
    /// (as the document builder keeps what it is given), refusing them past the memory limit.
    public func holdArguments(from first: Int32) throws(HostError) {
        guard top >= first else { return }
        var bytes = 0
        for index in first ... top {
            switch lua_type(L, index) {
            case LUA_TSTRING: bytes += 32 + Int(lua_rawlen(L, index))
            case LUA_TTABLE, LUA_TUSERDATA:
                do {
                    bytes += try measuredValue(at: index, path: "argument #\(index)").bytes
                } catch {
                    // Not a plain value (a handle, say): the function's own checks will say so.
                    if error.kind == .memory { throw HostError(error.message) }
                    bytes += 32
                }
            default: bytes += 32
            }
        }
        runtime.heldForPlugin += bytes
        if runtime.heldForPlugin + runtime.memoryInUse > runtime.limits.memoryBytes {
            throw HostError(runtime.memoryLimitError(holding: 0).message)
        }
    }

    /// Every argument as a plain value, for `register(path:_:)` functions.
    public func arguments(_ function: String) throws(HostError) -> [PlainValue] {
        guard top > 0 else { return [] }
        var values: [PlainValue] = []
        for index in 1 ... top { values.append(try valueArgument(index, function)) }
        return values
    }

    /// A plain value argument (tables converted with raw reads).
    public func valueArgument(_ index: Int32, _ function: String) throws(HostError) -> PlainValue {
        do {
            return try value(at: index, path: "argument #\(index) to '\(calledName(function))'")
        } catch {
            throw HostError(error.message)
        }
    }

    // MARK: Lua to Swift

    /// Converts the value at `index` with raw reads only; `path` names it in errors. The copy
    /// counts against the plugin's memory limit as it is made, so a table shared many times over
    /// (which the copy repeats) cannot make the host run out of memory. Returns the copy and the
    /// bytes it was counted as.
    public func measuredValue(at index: Int32, path: String) throws(LuaError) -> (value: PlainValue, bytes: Int) {
        var conversion = Conversion(limit: runtime.limits.memoryBytes - runtime.memoryInUse - runtime.heldForPlugin)
        let value = try value(at: lua_absindex(L, index), path: path, conversion: &conversion, depth: 0)
        return (value, conversion.bytes)
    }

    public func value(at index: Int32, path: String) throws(LuaError) -> PlainValue {
        try measuredValue(at: index, path: path).value
    }

    /// The state of one conversion: tables on the current path (to find cycles) and the bytes
    /// made so far against what the plugin may still use.
    private struct Conversion {
        var seen: Set<UnsafeRawPointer> = []
        var bytes = 0
        let limit: Int

        /// A rough size of each value's Swift copy (an enum case with its array or string):
        /// enough to bound, not to account exactly.
        mutating func charge(_ size: Int, _ runtime: LuaRuntime) throws(LuaError) {
            bytes += 64 + size
            if bytes > limit { throw runtime.memoryLimitError(holding: bytes) }
        }
    }

    private func value(at index: Int32, path: String, conversion: inout Conversion, depth: Int) throws(LuaError) -> PlainValue {
        try conversion.charge(lua_type(L, index) == LUA_TSTRING ? Int(lua_rawlen(L, index)) : 0, runtime)
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .null
        case LUA_TBOOLEAN: return .bool(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if sl_isinteger(L, index) != 0 { return .integer(lua_tointegerx(L, index, nil)) }
            let number = lua_tonumberx(L, index, nil)
            // No output format can state NaN or an infinity faithfully: refuse rather than write null.
            guard number.isFinite else {
                throw LuaError(kind: .runtime, message: "\(path) is \(formatLuaNumber(number)), not a finite number")
            }
            return .number(number)
        case LUA_TSTRING: return .string(string(at: index) ?? "")
        case LUA_TTABLE: return try table(at: index, path: path, conversion: &conversion, depth: depth)
        case LUA_TUSERDATA:
            // A read-only proxy stands for its data table (its first user value); handles do not.
            if sl_is_proxy(L, index) != 0 {
                let kind = lua_getiuservalue(L, index, 1)
                defer { sl_pop(L, 1) }
                if kind == LUA_TTABLE { return try table(at: lua_absindex(L, -1), path: path, conversion: &conversion, depth: depth) }
            }
            throw LuaError(kind: .runtime, message: "\(path) is a \(typeName(at: index)), which cannot be part of a result; convert it first (for a selection: :ids() or :count())")
        default:
            throw LuaError(kind: .runtime, message: "\(path) is a \(typeName(at: index)), which cannot be part of a result")
        }
    }

    private func table(at index: Int32, path: String, conversion: inout Conversion, depth: Int) throws(LuaError) -> PlainValue {
        guard depth < 100 else { throw LuaError(kind: .runtime, message: "\(path) is nested more than 100 tables deep") }
        let identity = lua_topointer(L, index)!
        guard conversion.seen.insert(identity).inserted else {
            throw LuaError(kind: .runtime, message: "\(path) refers back to a table that contains it (a cycle)")
        }
        defer { conversion.seen.remove(identity) }
        guard lua_checkstack(L, 4) != 0 else { throw LuaError(kind: .runtime, message: "\(path): the Lua stack is full") }
        var numbered: [(Int64, PlainValue)] = []
        var named: [(key: String, value: PlainValue)] = []
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            let keyType = lua_type(L, -2)
            if keyType == LUA_TSTRING {
                let key = string(at: -2) ?? ""
                let item = try value(at: lua_absindex(L, -1), path: path + "." + key, conversion: &conversion, depth: depth + 1)
                named.append((key, item))
            } else if keyType == LUA_TNUMBER, sl_isinteger(L, -2) != 0 {
                let key = lua_tointegerx(L, -2, nil)
                let item = try value(at: lua_absindex(L, -1), path: "\(path)[\(key)]", conversion: &conversion, depth: depth + 1)
                numbered.append((key, item))
            } else {
                let keyTypeName = typeName(at: -2)
                sl_pop(L, 2)
                throw LuaError(kind: .runtime, message: "\(path) has a key of type \(keyTypeName); use text keys or a list")
            }
            sl_pop(L, 1)
        }
        if numbered.isEmpty {
            return named.isEmpty ? .array([]) : .object(named.sorted { $0.key < $1.key })
        }
        guard named.isEmpty else {
            throw LuaError(kind: .runtime, message: "\(path) mixes list items with named fields (such as '\(named[0].key)'); use one or the other")
        }
        numbered.sort { $0.0 < $1.0 }
        guard numbered.enumerated().allSatisfy({ Int64($0.offset + 1) == $0.element.0 }) else {
            throw LuaError(kind: .runtime, message: "\(path) is a list with gaps (its keys are not 1 to \(numbered.count))")
        }
        return .array(numbered.map(\.1))
    }

    // MARK: Swift to Lua

    /// Pushes a value as plain (writable) Lua values.
    public func push(_ value: PlainValue) {
        switch value {
        case .null: lua_pushnil(L)
        case let .bool(b): lua_pushboolean(L, b ? 1 : 0)
        case let .integer(i): lua_pushinteger(L, lua_Integer(i))
        case let .number(d): lua_pushnumber(L, d)
        case let .string(s): pushString(s)
        case let .array(items):
            lua_checkstack(L, 3)
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (i, item) in items.enumerated() {
                push(item)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
        case let .object(members):
            lua_checkstack(L, 3)
            lua_createtable(L, 0, Int32(clamping: members.count))
            for (key, item) in members {
                pushString(key)
                push(item)
                lua_rawset(L, -3)
            }
        }
    }

    public func pushString(_ s: String) {
        var copy = s
        copy.withUTF8 { buffer in
            _ = buffer.withMemoryRebound(to: CChar.self) { lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    /// Pushes a value that plugins can read but not change: tables become proxies.
    public func pushReadOnly(_ value: PlainValue) {
        switch value {
        case .array, .object:
            pushReadOnlyData(value)
            wrapReadOnly()
        default:
            push(value)
        }
    }

    private func pushReadOnlyData(_ value: PlainValue) {
        lua_checkstack(L, 4)
        switch value {
        case let .array(items):
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (i, item) in items.enumerated() {
                pushReadOnly(item)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
        case let .object(members):
            lua_createtable(L, 0, Int32(clamping: members.count))
            for (key, item) in members {
                pushString(key)
                pushReadOnly(item)
                lua_rawset(L, -3)
            }
        default:
            push(value)
        }
    }

    /// Replaces the table on top of the stack with a read-only proxy of it (see `sl_make_proxy`):
    /// reads are plain table lookups; writes, `rawset` and `setmetatable` fail; `pairs` runs in
    /// key order.
    public func wrapReadOnly() {
        sl_make_proxy(L)
    }
}

/// Lua's way of printing a float: integral values keep ".0".
func formatLuaNumber(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(format: "%.1f", value) }
    return String(format: "%.14g", value)
}

import Foundation
import StoryloomShared
