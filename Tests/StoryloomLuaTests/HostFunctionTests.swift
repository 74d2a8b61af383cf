import CLuaShim
import Foundation
import Testing
@testable import StoryloomLua
import StoryloomShared

/// A Swift object plugins hold as an opaque handle.
final class Bag {
    let items: [String]
    init(_ items: [String]) { self.items = items }
}

let bagKind = HandleKind<Bag>(name: "bag")

/// Swift functions called from Lua: values in and out, errors raised by the C trampoline after
/// the Swift frame has returned, opaque handles with methods.
@Suite struct HostFunctionTests {
    let runtime: LuaRuntime

    init() throws {
        runtime = try LuaRuntime(limits: .init(memoryBytes: 32 << 20, instructionBudget: 2_000_000))
        try runtime.define(path: "storyloom.api_version", value: .integer(1))
        try runtime.register(path: "storyloom.version") { _ throws(HostError) in [.string("0.1.0")] }
        try runtime.register(path: "storyloom.add") { args throws(HostError) in
            guard args.count == 2, let a = args[0].doubleValue, let b = args[1].doubleValue else {
                throw HostError("bad arguments to 'add' (two numbers expected)")
            }
            return [.number(a + b), .string("sum")]
        }
        try runtime.register(path: "storyloom.echo") { args throws(HostError) in args }
        runtime.defineHandle(bagKind, methods: [
            ("count", { stack throws(HostError) in
                let bag = try stack.handle(1, "count", kind: bagKind)
                stack.push(.integer(Int64(bag.items.count)))
                return 1
            }),
            ("items", { stack throws(HostError) in
                let bag = try stack.handle(1, "items", kind: bagKind)
                stack.push(.array(bag.items.map(PlainValue.string)))
                return 1
            }),
        ])
        try runtime.register(path: "storyloom.bag", stack: { stack throws(HostError) in
            stack.pushHandle(Bag(["a", "b", "c"]), kind: bagKind)
            return 1
        })
    }

    private func value(_ code: String) throws -> PlainValue {
        try runtime.run(code, chunkName: "plugins/host.lua").value()
    }

    private func failure(_ code: String) -> LuaError? {
        do {
            _ = try runtime.run(code, chunkName: "plugins/host.lua")
            return nil
        } catch {
            return error
        }
    }

    @Test func valuesGoInAndComeOut() throws {
        #expect(try value("return { storyloom.version(), storyloom.api_version }") == .array([.string("0.1.0"), .integer(1)]))
        #expect(try value("return { storyloom.add(1, 2.5) }") == .array([.number(3.5), .string("sum")]))
        #expect(try value("return storyloom.echo({ b = { 2, 1 }, a = 'x' })")
            == .object([(key: "a", value: .string("x")), (key: "b", value: .array([.integer(2), .integer(1)]))]))
    }

    @Test func aThrowingHostFunctionRaisesAtTheCallersLine() throws {
        let error = failure("local x = 1\n\nlocal y = storyloom.add('one', 2)")
        #expect(error?.kind == .hostAPI)
        #expect(error?.message == "plugins/host.lua:3: bad arguments to 'add' (two numbers expected)")
        #expect(error?.traceback.contains("plugins/host.lua:3:") == true)
    }

    @Test func hostErrorsCanBeCaughtInLua() throws {
        #expect(try value("local ok, err = pcall(function() return storyloom.add() end)\nreturn { ok, err }")
            == .array([.bool(false), .string("plugins/host.lua:1: bad arguments to 'add' (two numbers expected)")]))
        // Caught, then the plugin raises its own error: that one is not a host API error.
        #expect(failure("pcall(storyloom.add)\nerror('mine')")?.kind == .runtime)
        #expect(try value("return storyloom.version()") == .string("0.1.0"))
    }

    @Test func functionsAreNotPlainArguments() {
        #expect(failure("storyloom.echo({ f = print })")?.message
            == "plugins/host.lua:1: argument #1 to 'echo'.f is a function, which cannot be part of a result")
    }

    @Test func hostModulesAreReadOnly() {
        #expect(failure("storyloom.version = nil")?.message
            == "plugins/host.lua:1: attempt to change 'storyloom.version': the standard libraries are shared by every plugin")
        #expect(failure("rawset(storyloom, 'x', 1)")?.message == "plugins/host.lua:1: rawset on a read-only table is not allowed")
    }

    @Test func definingOverALibraryIsRefused() {
        #expect(throws: LuaError(kind: .hostAPI, message: "cannot define 'string.x': 'string' is not a host module")) {
            try runtime.define(path: "string.x", value: .integer(1))
        }
    }

    @Test func handlesCarryMethods() throws {
        #expect(try value("local b = storyloom.bag() return { b:count(), b:items() }")
            == .array([.integer(3), .array([.string("a"), .string("b"), .string("c")])]))
        #expect(try value("return getmetatable(storyloom.bag())") == .string("locked"))
    }

    @Test func handlesAreTypeChecked() {
        #expect(failure("local b = storyloom.bag()\nreturn b.count({})")?.message
            == "plugins/host.lua:2: bad argument #1 to 'count' (bag expected, got table)")
        #expect(failure("local b = storyloom.bag()\nreturn b.count()")?.message
            == "plugins/host.lua:2: bad argument #1 to 'count' (bag expected, got no value)")
        #expect(failure("local b = storyloom.bag()\nb.size = 4")?.message
            == "plugins/host.lua:2: attempt to change a bag (field 'size')")
        #expect(throws: LuaError(kind: .runtime, message: "result is a bag, which cannot be part of a result; convert it first (for a selection: :ids() or :count())")) {
            try value("return storyloom.bag()")
        }
    }

    @Test func callReturnsEveryResult() throws {
        let function = try runtime.run("return function(a, b) return b, a, nil end", chunkName: "plugins/f.lua")
        #expect(try runtime.call(function, arguments: [.integer(1), .string("two")]) == [.string("two"), .integer(1), .null])
    }
}
