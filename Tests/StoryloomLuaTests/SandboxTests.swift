import Foundation
import Testing
@testable import StoryloomLua

/// Every door the sandbox closes, tried, with the exact error a plugin author sees.
@Suite struct SandboxTests {
    let runtime: LuaRuntime

    init() throws {
        runtime = try LuaRuntime(limits: .init(memoryBytes: 32 << 20, instructionBudget: 2_000_000))
    }

    private func failure(_ code: String) -> LuaError? {
        do {
            _ = try runtime.run(code, chunkName: "plugins/door.lua")
            return nil
        } catch {
            return error
        }
    }

    private func value(_ code: String) throws -> LuaValue {
        try runtime.run(code, chunkName: "plugins/door.lua").value()
    }

    @Test(arguments: [
        ("local x = os.execute('ls')", "plugins/door.lua:1: attempt to call a nil value (field 'execute')"),
        ("local f = io.open('/etc/passwd')", "plugins/door.lua:1: attempt to index a nil value (global 'io')"),
        ("local s = string.dump(print)", "plugins/door.lua:1: attempt to call a nil value (field 'dump')"),
        ("local f = package.loadlib('libc.so.6', 'system')", "plugins/door.lua:1: attempt to index a nil value (global 'package')"),
        ("local m = require('socket.core')", "plugins/door.lua:1: module 'socket.core' not found: plugins may only require Lua files from the plugin folders ((no plugin folders))"),
        ("local m = require('../../etc/passwd')", "plugins/door.lua:1: module name '../../etc/passwd' is not allowed: use letters, digits, '-', '_' and dots"),
        ("local x = dofile('/etc/passwd')", "plugins/door.lua:1: attempt to call a nil value (global 'dofile')"),
        ("local x = loadfile('/etc/passwd')", "plugins/door.lua:1: attempt to call a nil value (global 'loadfile')"),
        ("local x = collectgarbage('collect')", "plugins/door.lua:1: collectgarbage('collect') is not allowed in a plugin"),
        ("local x = debug.getinfo(1)", "plugins/door.lua:1: attempt to index a nil value (global 'debug')"),
        ("getmetatable('').__index = {}", "plugins/door.lua:1: attempt to index a string value"),
        ("string.upper = nil", "plugins/door.lua:1: attempt to change 'string.upper': the standard libraries are shared by every plugin"),
        ("rawset(string, 'upper', nil)", "plugins/door.lua:1: rawset on a read-only table is not allowed"),
        ("setmetatable(string, {})", "plugins/door.lua:1: cannot change a protected metatable"),
    ])
    func doorIsClosed(code: String, message: String) {
        let error = failure(code)
        #expect(error?.kind == .runtime)
        #expect(error?.message == message)
    }

    @Test func binaryChunksAreRefused() throws {
        let result = try value("local f, err = load('\\27Lua\\84\\0'); return { tostring(f), err }")
        #expect(result == .array([.string("nil"), .string("attempt to load a binary chunk (mode is 't')")]))
    }

    @Test func whatStaysAllowed() throws {
        #expect(try value("return ('x'):upper() .. utf8.char(233) .. math.floor(2.5) .. table.concat({'a','b'})") == .string("XÃ©2ab".replacingOccurrences(of: "Ã©", with: "é")))
        #expect(try value("return collectgarbage('count') > 0 and os.time() > 0 and type(os.clock()) == 'number'") == .boolean(true))
        #expect(try value("return getmetatable('')") == .string("locked"))
        #expect(try value("local f = load('return 1 + 1'); return f()") == .integer(2))
    }

    @Test func globalsStayInTheirPlugin() throws {
        _ = try runtime.run("shared = 'from a'", chunkName: "plugins/a.lua")
        #expect(try runtime.run("return shared", chunkName: "plugins/b.lua").value() == .nil)
    }

    @Test func endlessLoopIsStopped() {
        let error = failure("local n = 0\nwhile true do n = n + 1 end")
        #expect(error?.kind == .instructionBudget)
        #expect(error?.message == "plugins/door.lua:2: the plugin exceeded the instruction budget of 2000000 instructions")
    }

    @Test func endlessLoopInACoroutineIsStopped() {
        let error = failure("coroutine.wrap(function() while true do end end)()")
        #expect(error?.kind == .instructionBudget)
    }

    @Test func memoryBombIsStoppedAndTheRuntimeLivesOn() throws {
        let error = failure("local t = {}\nfor i = 1, 1e9 do t[i] = string.rep('x', 1e6) .. i end")
        #expect(error?.kind == .memory)
        #expect(error?.message == "the plugin exceeded the memory limit of 32 MiB")
        #expect(try value("return 40 + 2") == .integer(42))
        _ = failure("while true do end")
        #expect(try value("return 'still here'") == .string("still here"))
    }

    @Test func runtimeErrorHasFileLineAndTraceback() {
        let error = failure("local function f(t)\n  return t.title\nend\nlocal title = f(nil)\nreturn title")
        #expect(error?.message == "plugins/door.lua:2: attempt to index a nil value (local 't')")
        #expect(error?.traceback.hasPrefix("stack traceback:") == true)
        #expect(error?.traceback.contains("plugins/door.lua:2: in ") == true)
        #expect(error?.traceback.contains("plugins/door.lua:4: in ") == true)
    }

    @Test func errorWithATableKeepsItsPlace() {
        let error = failure("\nerror({ code = 7 })")
        #expect(error?.message == "plugins/door.lua:2: (error object is a table value)")
    }

    @Test func syntaxErrorNamesTheFile() {
        let error = failure("return {")
        #expect(error?.kind == .syntax)
        #expect(error?.message == "plugins/door.lua:1: unexpected symbol near <eof>")
    }
}
