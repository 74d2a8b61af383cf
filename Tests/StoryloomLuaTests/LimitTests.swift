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
