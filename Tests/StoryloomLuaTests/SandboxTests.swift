import Foundation
import Testing
@testable import StoryloomLua
import StoryloomShared

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

    private func value(_ code: String) throws -> PlainValue {
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
        ("setmetatable(_ENV, nil)", "plugins/door.lua:1: cannot change a protected metatable"),
        ("getmetatable(_ENV).__index = nil", "plugins/door.lua:1: attempt to index a string value"),
        ("setmetatable({}, { __gc = print })", "plugins/door.lua:1: a plugin may not set a __gc metamethod (finalizers could run inside the host)"),
        ("load(function() return nil end)", "plugins/door.lua:1: load in a plugin takes its chunk as a string"),
        ("local x = os.getenv('HOME')", "plugins/door.lua:1: attempt to call a nil value (field 'getenv')"),
        ("local x = require('io')", "plugins/door.lua:1: module 'io' not found: plugins may only require Lua files from the plugin folders ((no plugin folders))"),
        ("local co = coroutine.create(print) coroutine.close(co)", "plugins/door.lua:1: attempt to call a nil value (field 'close')"),
        ("xpcall(print, 42)", "plugins/door.lua:1: bad argument #2 to 'xpcall' (function expected, got number)"),
        ("os.time = print", "plugins/door.lua:1: attempt to change 'os.time': the standard libraries are shared by every plugin"),
    ])
    func doorIsClosed(code: String, message: String) {
        let error = failure(code)
        // require is a host function: its refusals are host API errors.
        #expect(error?.kind == (code.contains("require") ? .hostAPI : .runtime))
        #expect(error?.message == message)
    }

    @Test func binaryChunksAreRefused() throws {
        let result = try value("local f, err = load('\\27Lua\\84\\0'); return { tostring(f), err }")
        #expect(result == .array([.string("nil"), .string("attempt to load a binary chunk (mode is 't')")]))
        // Asking for binary mode changes nothing.
        #expect(try value("local f, err = load('\\27Lua\\84\\0', 'x', 'b'); return err") == .string("attempt to load a binary chunk (mode is 't')"))
    }

    @Test func xpcallAndWrapBehaveAsInLua() throws {
        #expect(try value("return { xpcall(function(a) return a + 1 end, print, 41) }") == .array([.bool(true), .integer(42)]))
        #expect(try value("return { xpcall(function(a) error({ code = a }) end, function(e) return e.code end, 41) }") == .array([.bool(false), .integer(41)]))
        #expect(try value("return { xpcall(error, function(e) error('handler failed', 0) end, 'x') }") == .array([.bool(false), .string("handler failed")]))
        #expect(try value("local f = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end) return { f(1), f(5) }") == .array([.integer(2), .integer(10)]))
        #expect(try value("local f = coroutine.wrap(function() error('inner') end) return { pcall(f) }") == .array([.bool(false), .string("plugins/door.lua:1: inner")]))
    }

    @Test func loadTakesAnEnvironment() throws {
        #expect(try value("return load('return x + 1', '=chunk', 't', { x = 41 })()") == .integer(42))
        // Without one, a fresh sandboxed environment: the caller's globals are not visible.
        #expect(try value("secret = 1 local r = load('return secret')() return r == nil") == .bool(true))
    }

    @Test func errorObjectsThatAreNotStrings() {
        #expect(failure("error(setmetatable({}, { __tostring = function() return 'custom problem' end }))")?.message
            == "plugins/door.lua:1: custom problem")
        #expect(failure("error(setmetatable({}, { __tostring = function() error('worse') end }))")?.message
            == "plugins/door.lua:1: (error object is a table value)")
        #expect(failure("error()")?.message == "plugins/door.lua:1: (error object is a nil value)")
        #expect(failure("\nerror(42, 0)")?.message == "plugins/door.lua:2: 42")
    }

    @Test func pluginsCannotWriteIntoTheSharedBase() throws {
        // Plugin a clobbers every way it can; plugin b still sees the shared base intact.
        _ = try? runtime.run("print = nil\n_G.pairs = nil\ntype = 1", chunkName: "plugins/a.lua")
        _ = failure("string.upper = string.lower")
        _ = failure("getmetatable('').__index = {}")
        #expect(try runtime.run("return { type(print), type(pairs), type(type), ('x'):upper() }", chunkName: "plugins/b.lua").value()
            == .array([.string("function"), .string("function"), .string("function"), .string("X")]))
    }

    @Test func whatStaysAllowed() throws {
        #expect(try value("return ('x'):upper() .. utf8.char(233) .. math.floor(2.5) .. table.concat({'a','b'})") == .string("XÃ©2ab".replacingOccurrences(of: "Ã©", with: "é")))
        #expect(try value("return collectgarbage('count') > 0 and os.time() > 0 and type(os.clock()) == 'number'") == .bool(true))
        #expect(try value("return getmetatable('')") == .string("locked"))
        #expect(try value("local f = load('return 1 + 1'); return f()") == .integer(2))
    }

    @Test func globalsStayInTheirPlugin() throws {
        _ = try runtime.run("shared = 'from a'", chunkName: "plugins/a.lua")
        #expect(try runtime.run("return shared", chunkName: "plugins/b.lua").value() == .null)
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

    @Test func requireLoadsLuaFilesFromThePluginFoldersOnce() throws {
        let folders = try PluginFolders()
        try folders.write("lib/shared", "util.lua", "loads = (loads or 0) + 1\nreturn { twice = function(x) return 2 * x end, loads = function() return loads end }")
        let runtime = try LuaRuntime(sources: [.folder(folders.root.appendingPathComponent("lib").path, origin: .project)])
        let result = try runtime.run("""
        local a = require('shared.util')
        local b = require('shared.util')
        return { a.twice(21), a == b, a.loads(), loads }
        """, chunkName: "plugins/user.lua").value()
        // Loaded once; its global stays in its own environment.
        #expect(result == .array([.integer(42), .bool(true), .integer(1)]))
        #expect(throws: LuaError.self) { try runtime.run("return require('shared.nothing')", chunkName: "plugins/user.lua") }
        do {
            _ = try runtime.run("return require('shared.nothing')", chunkName: "plugins/user.lua")
        } catch {
            #expect(error.message == "plugins/user.lua:1: module 'shared.nothing' not found: plugins may only require Lua files from the plugin folders (\(folders.root.appendingPathComponent("lib").path))")
        }
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

/// A chunk a plugin loads cannot pass for another file, and a failure still names the plugin.
@Suite struct LoadedChunkTests {
    @Test func aSpoofedChunkNameIsMarkedAndThePluginNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-spoof-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try analysis("spoof", body: "local f = load('local x = nil; return x.y', '=totally/innocent.lua') return f()")
            .write(to: folder.appendingPathComponent("spoof.lua"), atomically: true, encoding: .utf8)
        let host = try PluginHost(query: .init(corpus: pluginCorpus), sources: [.folder(folder.path, origin: .project)])
        do {
            _ = try host.runAnalysis("spoof")
            Issue.record("ran")
        } catch {
            let lua = try #require(error.luaError)
            #expect(lua.message == "(loaded) totally/innocent.lua:1: attempt to index a nil value (local 'x')")
            #expect(lua.traceback.contains("(in plugin 'spoof', \(folder.path)/spoof.lua)"))
        }
    }
}
