import Foundation
import Testing
@testable import StoryloomLua
import StoryloomShared

/// Values crossing between Lua and Swift, and the read-only proxies plugins get.
@Suite struct ValueTests {
    let runtime: LuaRuntime

    init() throws {
        runtime = try LuaRuntime(limits: .init(memoryBytes: 32 << 20, instructionBudget: 2_000_000))
        try runtime.define(path: "data.record", value: .record([
            ("title", .string("Trust")), ("counts", .array([.integer(3), .integer(1)])),
            ("nested", .record([("z", .integer(26)), ("a", .integer(1)), ("m", .bool(true))])),
        ]))
    }

    private func value(_ code: String) throws(LuaError) -> PlainValue {
        try runtime.run(code, chunkName: "plugins/v.lua").value()
    }

    private func conversionError(_ code: String) -> String? {
        do {
            _ = try value(code)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func nestedTablesComeBackInKeyOrder() throws {
        let result = try value("return { zeta = { y = 2, b = { 3, 2, 1 } }, alpha = true, mid = 1.5, list = {}, ['10'] = 'ten', ['9'] = 'nine' }")
        #expect(result == .object([
            (key: "10", value: .string("ten")), (key: "9", value: .string("nine")),
            (key: "alpha", value: .bool(true)), (key: "list", value: .array([])), (key: "mid", value: .number(1.5)),
            (key: "zeta", value: .object([(key: "b", value: .array([.integer(3), .integer(2), .integer(1)])), (key: "y", value: .integer(2))])),
        ]))
        // Built in another order, the same value.
        #expect(try value("local t = {} t.mid = 1.5 t['9'] = 'nine' t.list = {} t.alpha = true t['10'] = 'ten' t.zeta = { b = { 3, 2, 1 }, y = 2 } return t") == result)
    }

    @Test func whatCannotBeConvertedIsNamedByItsPath() {
        #expect(conversionError("local t = { a = {} } t.a.back = t return t") == "result.a.back refers back to a table that contains it (a cycle)")
        #expect(conversionError("return { rows = { {}, {}, { f = print } } }") == "result.rows[3].f is a function, which cannot be part of a result")
        #expect(conversionError("return { 1, 2, x = 3 }") == "result mixes list items with named fields (such as 'x'); use one or the other")
        #expect(conversionError("return { [1] = 'a', [3] = 'c' }") == "result is a list with gaps (its keys are not 1 to 2)")
        #expect(conversionError("return { [true] = 1 }") == "result has a key of type boolean; use text keys or a list")
        #expect(conversionError("return { coroutine.create(print) }") == "result[1] is a thread, which cannot be part of a result")
    }

    @Test func aSharedTableIsNotACycle() throws {
        #expect(try value("local s = { 1 } return { a = s, b = s }") == .object([(key: "a", value: .array([.integer(1)])), (key: "b", value: .array([.integer(1)]))]))
    }

    @Test func valuesRoundTrip() throws {
        let original = PlainValue.record([("n", .integer(-7)), ("x", .number(0.25)), ("s", .string("é\u{0}z")),
                                        ("l", .array([.bool(false), .array([])])), ("t", .record([("k", .string("v"))]))])
        try runtime.define(path: "data.copy", value: original)
        #expect(try value("return data.copy") == original)
    }

    @Test func proxiesReadLikeTables() throws {
        #expect(try value("local r = data.record return { r.title, #r.counts, r.counts[1], r.nested.z }")
            == .array([.string("Trust"), .integer(2), .integer(3), .integer(26)]))
        #expect(try value("local out = {} for i, n in ipairs(data.record.counts) do out[i] = n * 10 end return out") == .array([.integer(30), .integer(10)]))
        #expect(try value("return getmetatable(data.record)") == .string("locked"))
        #expect(try value("return type(data.record)") == .string("userdata"))
    }

    @Test func proxyPairsRunsInKeyOrder() throws {
        #expect(try value("local keys = {} for k, v in pairs(data.record.nested) do keys[#keys + 1] = k .. '=' .. tostring(v) end return table.concat(keys, ' ')")
            == .string("a=1 m=true z=26"))
        #expect(try value("local out = {} for i, n in pairs(data.record.counts) do out[#out + 1] = i .. ':' .. n end return table.concat(out, ' ')")
            == .string("1:3 2:1"))
        // Twice, from the cached order.
        #expect(try value("local n = 0 for _ in pairs(data.record) do n = n + 1 end for _ in pairs(data.record) do n = n + 1 end return n") == .integer(6))
    }

    @Test(arguments: [
        ("data.record.title = 'x'", "plugins/v.lua:1: attempt to modify read-only corpus data (field 'title')"),
        ("data.record.counts[3] = 4", "plugins/v.lua:1: attempt to modify read-only corpus data (field '3')"),
        ("setmetatable(data.record, {})", "plugins/v.lua:1: bad argument #1 to 'setmetatable' (table expected, got userdata)"),
        ("rawset(data.record, 'title', 'x')", "plugins/v.lua:1: bad argument #1 to 'rawset' (table expected, got userdata)"),
        ("table.insert(data.record.counts, 5)", "plugins/v.lua:1: attempt to modify read-only corpus data (field '3')"),
        ("data.record = {}", "plugins/v.lua:1: attempt to change 'data.record': the standard libraries are shared by every plugin"),
    ])
    func proxiesRefuseChanges(code: String, message: String) throws {
        do {
            _ = try runtime.run(code, chunkName: "plugins/v.lua")
            Issue.record("no error")
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func proxiesConvertBackToValues() throws {
        #expect(try value("return data.record.nested") == .record([("a", .integer(1)), ("m", .bool(true)), ("z", .integer(26))]))
    }
}
