import Foundation
import Testing
@testable import StoryloomLua

/// The instruction budget and the memory cap: a plugin that runs away is stopped with an error
/// naming it and the limit, and the runtime goes on working.
@Suite struct LimitTests {
    let runtime: LuaRuntime

    init() throws {
        runtime = try LuaRuntime(limits: .init(memoryBytes: 32 << 20, instructionBudget: 2_000_000))
    }

    /// Runs `body` as the `run` function of a plugin named `name` in `plugins/<name>.lua`.
    private func runPlugin(_ name: String, _ body: String) -> LuaError? {
        do {
            let file = "plugins/\(name).lua"
            let table = try runtime.run("return { run = function()\n\(body)\nend }", chunkName: file)
            _ = try runtime.call(table.field("run")!, arguments: [], plugin: (name, file))
            return nil
        } catch {
            return error
        }
    }

    private func stillWorks() throws -> Bool {
        try runtime.run("local t = {} for i = 1, 1000 do t[i] = i end return #t", chunkName: "plugins/after.lua").value() == .integer(1000)
    }

    @Test func endlessLoopNamesThePluginAndTheLimit() throws {
        let error = runPlugin("spin", "local n = 0\nwhile true do n = n + 1 end")
        #expect(error?.kind == .instructionBudget)
        #expect(error?.message == "plugins/spin.lua:3: plugin 'spin' (plugins/spin.lua) exceeded the instruction budget of 2000000 instructions")
        #expect(error?.traceback.contains("plugins/spin.lua:3:") == true)
        #expect(try stillWorks())
    }

    @Test func endlessLoopInACoroutineIsStopped() throws {
        let error = runPlugin("co", "coroutine.wrap(function() while true do end end)()")
        #expect(error?.kind == .instructionBudget)
        #expect(error?.message.hasSuffix("plugin 'co' (plugins/co.lua) exceeded the instruction budget of 2000000 instructions") == true)
        #expect(try stillWorks())
    }

    @Test(arguments: [
        "while true do pcall(function() while true do end end) end",
        "local ok = pcall(function() while true do end end)\nreturn 'carried on'",
        "local co = coroutine.wrap(function() pcall(function() while true do end end) return 1 end)\nreturn co()",
        "xpcall(function() while true do end end, function(m) while true do end end)\nreturn 1",
        "error(setmetatable({}, { __tostring = function() while true do end end }))",
        // A __close handler in a coroutine the hook stopped would run with hooks off.
        "coroutine.wrap(function() local x <close> = setmetatable({}, { __close = function() while true do end end }) while true do end end)()",
        "local co = coroutine.create(function() local x <close> = setmetatable({}, { __close = function() while true do end end }) while true do end end)\ncoroutine.resume(co)\nreturn 1",
        "local x <close> = setmetatable({}, { __close = function() while true do end end })\nwhile true do end",
    ])
    func pcallCannotSwallowTheBudget(body: String) throws {
        #expect(runPlugin("sly", body)?.kind == .instructionBudget)
        #expect(try stillWorks())
    }

    @Test func eachCallHasItsOwnBudget() throws {
        // 1.5 million instructions fit once; twice in one call do not; in two calls they do.
        let table = try runtime.run("return { run = function() local n = 0 for i = 1, 300000 do n = n + i end return n end }", chunkName: "plugins/sum.lua")
        let run = table.field("run")!
        for _ in 0 ..< 3 { #expect(try runtime.call(run, arguments: []) == [.integer(45_000_150_000)]) }
    }

    @Test func memoryBombNamesThePluginAndTheLimit() throws {
        let error = runPlugin("bomb", "local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1e6) .. i end")
        #expect(error?.kind == .memory)
        #expect(error?.message == "plugin 'bomb' (plugins/bomb.lua) exceeded the memory limit of 32 MiB")
        #expect(try stillWorks())
        #expect(runtime.memoryInUse < 4 << 20)
    }

    @Test func oneHugeStringIsStoppedByTheCap() throws {
        // The count hook never fires inside string.rep: only the cap stops it.
        let error = runPlugin("rep", "local s = string.rep('x', 2^30)")
        #expect(error?.kind == .memory)
        #expect(error?.message == "plugin 'rep' (plugins/rep.lua) exceeded the memory limit of 32 MiB")
        #expect(try stillWorks())
    }

    @Test func aCaughtMemoryErrorDoesNotColourLaterErrors() throws {
        let error = runPlugin("catch", "local ok, e = pcall(string.rep, 'x', 2^30)\nerror('after: ' .. e)")
        #expect(error?.kind == .runtime)
        #expect(error?.message == "plugins/catch.lua:3: after: not enough memory")
    }

    @Test func hostValuesPastTheCapAreRefusedWhenTheHostReturns() throws {
        try runtime.register(path: "test.big") { _ throws(HostError) in [.string(String(repeating: "x", count: 40 << 20))] }
        let error = runPlugin("big", "local s = test.big()")
        #expect(error?.kind == .memory)
        #expect(error?.message == "plugin 'big' (plugins/big.lua) exceeded the memory limit of 32 MiB")
        #expect(try stillWorks())
    }

    @Test func runAwayAfterRunAwayStaysHealthy() throws {
        for _ in 0 ..< 3 {
            #expect(runPlugin("bomb", "local s = string.rep('x', 2^30)")?.kind == .memory)
            #expect(runPlugin("spin", "while true do end")?.kind == .instructionBudget)
        }
        #expect(try stillWorks())
    }
}

/// The wall-clock limit: time spent in C library functions between instructions counts too.
@Suite struct TimeLimitTests {
    @Test func aCallPastItsTimeIsStoppedAndTheStateStaysHealthy() throws {
        let runtime = try LuaRuntime(limits: .init(memoryBytes: 64 << 20, instructionBudget: 0, seconds: 0.3))
        let file = "plugins/slow.lua"
        // Each sort of a large table is one C call; the hook between them sees the deadline.
        let table = try runtime.run("""
        return { run = function()
          local t = {} for i = 1, 20000 do t[i] = (i * 7919) % 20011 end
          while true do table.sort(t, function(a, b) return a > b end) table.sort(t) end
        end }
        """, chunkName: file)
        let start = Date()
        #expect(throws: LuaError.self) { _ = try runtime.call(table.field("run")!, arguments: [], plugin: ("slow", file)) }
        #expect(Date().timeIntervalSince(start) < 10)
        do {
            _ = try runtime.call(table.field("run")!, arguments: [], plugin: ("slow", file))
        } catch {
            #expect(error.kind == .instructionBudget)
            #expect(error.message.contains("plugin 'slow' (plugins/slow.lua) exceeded the time limit of 0.3 s"))
        }
        #expect(try runtime.run("return 1 + 1", chunkName: "plugins/after.lua").value() == .integer(2))
    }
}

/// Numbers a plugin hands the host are checked before Swift converts or loops on them.
@Suite struct NumericArgumentTests {
    /// The error `expression` raises inside an analysis's run, caught there and returned.
    func failure(_ expression: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-numbers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try analysis("n", body: "local ok, e = pcall(function() return \(expression) end) return { message = ok and 'ok' or e }")
            .write(to: folder.appendingPathComponent("n.lua"), atomically: true, encoding: .utf8)
        let host = try PluginHost(query: .init(corpus: pluginCorpus), sources: [.folder(folder.path, origin: .project)])
        return try host.runAnalysis("n")["message"]?.stringValue ?? ""
    }

    @Test(arguments: [
        ("ctx.query.percent(1, 3, math.maxinteger)", "bad argument #3 to 'percent' (must be from 0 to 15, got 9223372036854775807)"),
        ("ctx.query.percent(0/0, 3)", "bad argument #1 to 'percent' (number must be finite, got nan)"),
        ("ctx.query.percent(1, 1/0)", "bad argument #2 to 'percent' (number must be finite, got inf)"),
        ("ctx.query.percent(1e308, 1e-308)", "percent: 1e+308 of 1e-308 is too large a share to state"),
        ("ctx.query.words{ limit = 0/0 }", "argument #1 to 'words'.limit is nan, not a finite number"),
        ("ctx.query.words{ limit = 1e300 }", "words: 'limit' must be a whole number, not 1e+300"),
        ("ctx.query.words{ limit = -5 }", "words: 'limit' (must be from 0 to 1000000, got -5)"),
        ("ctx.query.select('quotes', {}):top(math.maxinteger)", "bad argument #2 to 'top' (must be from 0 to 2147483647, got 9223372036854775807)"),
        ("ctx.query.top({}, -1, 'x')", "bad argument #2 to 'top' (must be from 0 to 2147483647, got -1)"),
    ])
    func refusedWithAMessage(expression: String, message: String) throws {
        let result = try failure(expression)
        #expect(result.hasSuffix(message), "\(result)")
    }

    /// Argument errors name the function as the plugin called it, as Lua's own do.
    @Test func anAliasedCallIsNamedAsCalled() throws {
        #expect(try failure("(function() local tally = ctx.query.count; return tally(42) end)()").hasSuffix("bad argument #1 to 'tally' (string expected, got number)"))
        #expect(try failure("ctx.query.count({}, {})").hasSuffix("bad argument #1 to 'count' (string expected, got table)"))
    }


    @Test func aResultHoldingNaNIsAnErrorNamingThePlugin() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-nan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try analysis("nan", body: "return { share = 0/0 }").write(to: folder.appendingPathComponent("nan.lua"), atomically: true, encoding: .utf8)
        let host = try PluginHost(query: .init(corpus: pluginCorpus), sources: [.folder(folder.path, origin: .project)])
        #expect { _ = try host.runAnalysis("nan") } throws: { error in
            "\(error)".contains("nan.lua") && "\(error)".contains(".share is nan, not a finite number")
        }
    }
}

/// What Swift copies for a plugin (its result, the document it builds) counts against its memory.
@Suite struct HostHeldMemoryTests {
    func host(_ name: String, _ text: String) throws -> (PluginHost, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-held-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("\(name).lua"), atomically: true, encoding: .utf8)
        let host = try PluginHost(query: .init(corpus: pluginCorpus), sources: [.folder(folder.path, origin: .project)],
                                  limits: .init(memoryBytes: 16 << 20, instructionBudget: 50_000_000))
        return (host, folder)
    }

    @Test func aResultSharingOneTableMillionsOfTimesIsRefused() throws {
        // 2^40 leaves in Swift, from a few kilobytes of Lua.
        let (host, folder) = try host("dag", analysis("dag", body: "local t = { 'leaf' } for i = 1, 40 do t = { t, t } end return t"))
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect { _ = try host.runAnalysis("dag") } throws: { error in
            let text = "\(error)"
            return text.contains("dag.lua") && text.contains("exceeded the memory limit of 16 MiB")
        }
        // The host is healthy for the next plugin.
        #expect(try host.runtime.run("return 40 + 2", chunkName: "plugins/after.lua").value() == .integer(42))
    }

    @Test func aDocumentOfOneStringRepeatedIsRefused() throws {
        let layout = """
        return { name = "big", kind = "layout", summary = "x", run = function(ctx)
          local s = string.rep("word ", 20000)
          for i = 1, 100000 do ctx.doc:paragraph(s) end
        end }
        """
        let (host, folder) = try host("big", layout)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect { _ = try host.runLayout("big") } throws: { error in
            let text = "\(error)"
            return text.contains("big.lua:3:") && text.contains("exceeded the memory limit of 16 MiB")
        }
    }
}
