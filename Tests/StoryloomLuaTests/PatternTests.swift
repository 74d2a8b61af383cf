import Foundation
import Testing
@testable import StoryloomLua

/// The sandbox's string.find, match, gmatch and gsub charge their work to the budget; they must
/// still behave exactly as Lua 5.4's own. Each case runs in the sandbox and in the system's
/// `lua5.4`, and the results (or error messages) must be the same.
@Suite struct PatternTests {
    /// A Lua string literal holding `text` byte for byte.
    static func literal(_ text: String) -> String {
        "\"" + text.utf8.map { "\\" + String($0) }.joined() + "\""
    }

    /// A script that runs every case and returns one line per case.
    static func script(_ cases: [(subject: String, pattern: String)]) -> String {
        var lines = ["local cases = {"]
        for c in cases { lines.append("{ \(literal(c.subject)), \(literal(c.pattern)) },") }
        lines.append("}")
        lines.append("""
        local function show(ok, ...)
          if not ok then return "error: " .. tostring((...)) end
          local parts = {}
          for i = 1, select("#", ...) do parts[#parts + 1] = tostring((select(i, ...))) end
          return table.concat(parts, "|")
        end
        local out = {}
        for n, c in ipairs(cases) do
          local s, p = c[1], c[2]
          out[#out + 1] = n .. " find " .. show(pcall(string.find, s, p))
          out[#out + 1] = n .. " find3 " .. show(pcall(string.find, s, p, 3))
          out[#out + 1] = n .. " findplain " .. show(pcall(string.find, s, p, -4, true))
          out[#out + 1] = n .. " match " .. show(pcall(string.match, s, p))
          out[#out + 1] = n .. " gmatch " .. show(pcall(function()
            local all, count = {}, 0
            for a, b in string.gmatch(s, p) do
              count = count + 1
              if count > 50 then break end
              all[#all + 1] = tostring(a) .. "," .. tostring(b)
            end
            return table.concat(all, ";")
          end))
          out[#out + 1] = n .. " gsub " .. show(pcall(string.gsub, s, p, "<%0>"))
          out[#out + 1] = n .. " gsub1 " .. show(pcall(string.gsub, s, p, "[%1]", 2))
          out[#out + 1] = n .. " gsubf " .. show(pcall(string.gsub, s, p, function(a) return a and #tostring(a) > 1 and string.upper(tostring(a)) or nil end))
          out[#out + 1] = n .. " gsubt " .. show(pcall(string.gsub, s, p, { a = "A", ab = false, b = 1 }))
        end
        return table.concat(out, "\\n")
        """)
        return lines.joined(separator: "\n")
    }

    static let handWritten: [(String, String)] = [
        ("hello world", "o"), ("hello world", "l+"), ("hello world", "l*"), ("hello world", "l-o"), ("hello world", "x?h"),
        ("hello world", "^hello"), ("hello world", "world$"), ("hello world", "^world"), ("hello world", "(h)(e)"),
        ("hello world", "()ll()"), ("hello world", "%w+"), ("hello world", "%W"), ("a1b2c3", "%d"), ("a1b2c3", "%a%d"),
        ("  trim me  ", "^%s*(.-)%s*$"), ("key = value", "(%w+)%s*=%s*(%w+)"), ("[x] and [y]", "%[(.-)%]"),
        ("f(a(b)c)d", "%b()"), ("THE (quick) fox", "%f[%a]%a+"), ("abcabc", "(abc)%1"), ("aaa", "a-"), ("aaa", ""),
        ("", ""), ("", "a*"), ("", "^$"), ("x", "[]"), ("x]", "[]]"), ("a-b", "[a%-b]+"), ("abc", "[^b]+"),
        ("a.b", "%."), ("a.b", "."), ("abc", "[a-c]+"), ("ABC", "[%u]+"), ("hello", "%"), ("hello", "[a"),
        ("hello", "(h"), ("hello", "h)"), ("hello", "%1"), ("hello", "(h)%2"), ("hello", "%f"), ("hello", "%fx"),
        ("hello", "%b"), ("hello", "%bx"), ("héllo wörld", "[\u{80}-\u{FF}]+"), ("tab\there", "%c"), ("a,b,,c", "([^,]*)"),
        ("one two  three", "%S+"), ("x = 1, y = 2", "(%w+) = (%w+)"), ("abc", "a?b?c?d?"), ("aaab", "a*b"), ("aaab", "a-b"),
        ("the end", "$"), ("a$b", "a$b"), ("^x", "^^x"), ("a+b", "a+b"), ("a+b", "a%+b"), ("%d", "%%d"),
        ("mississippi", "(ss)(i)"), ("mississippi", "i(ss)i"), ("a", "()"), ("abc", "()(b)()"),
    ]

    /// Patterns and subjects from a seeded generator: the same every run.
    static func generated(_ count: Int) -> [(String, String)] {
        var state: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let subjectAlphabet = Array("aab b(c)[]%.-x1 ")
        let pieces = ["a", "b", ".", "%a", "%d", "%s", "%S", "[ab]", "[^a]", "[a-c]", "%%", "(", ")", "()", "*", "+", "-", "?",
                      "^", "$", "%b()", "%f[%a]", "%1", "x", "[]", " ", "%", "[%a%d]"]
        return (0 ..< count).map { _ in
            let subject = String((0 ..< next(12)).map { _ in subjectAlphabet[next(subjectAlphabet.count)] })
            let pattern = (0 ..< 1 + next(6)).map { _ in pieces[next(pieces.count)] }.joined()
            return (subject, pattern)
        }
    }

    func sandboxOutput(_ script: String) throws -> String {
        let runtime = try LuaRuntime(limits: .init(memoryBytes: 256 << 20, instructionBudget: 2_000_000_000))
        return try runtime.run(script, chunkName: "plugins/patterns.lua").value().stringValue ?? ""
    }

    func referenceOutput(_ script: String) throws -> String? {
        let lua = ["/usr/bin/lua5.4", "/usr/local/bin/lua5.4"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let lua else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-patterns-\(UUID().uuidString).lua")
        try ("io.write((function() " + script + " end)())").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: lua)
        process.arguments = [file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func compare(_ cases: [(String, String)]) throws {
        let script = Self.script(cases)
        guard let reference = try referenceOutput(script) else {
            print("skipped: lua5.4 is not installed")
            return
        }
        let ours = try sandboxOutput(script)
        // Errors raised from Lua code carry the script's file name, which differs: drop it.
        func plain(_ text: String) -> [String] {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).replacing(#/error: [^ ]*\.lua:[0-9]+: /#, with: "error: ") }
        }
        let a = plain(ours)
        let b = plain(reference)
        #expect(a.count == b.count)
        var differences = 0
        for (x, y) in zip(a, b) where x != y {
            differences += 1
            if differences <= 10 { Issue.record("sandbox: \(x)\nlua5.4:  \(y)") }
        }
        #expect(differences == 0)
    }

    @Test func handWrittenCasesBehaveAsLua() throws {
        try compare(Self.handWritten)
    }

    @Test func generatedCasesBehaveAsLua() throws {
        try compare(Self.generated(3000))
    }

    @Test func aCatastrophicPatternStopsWithinTheBudget() throws {
        let runtime = try LuaRuntime(limits: .init(memoryBytes: 64 << 20, instructionBudget: 20_000_000))
        let start = Date()
        for call in ["string.find(s, '.-.-.-.-b')", "s:match('(.-)(.-)(.-)x')", "s:gsub('a-a-a-a-b', '')",
                     "for w in s:gmatch('.-.-.-b') do end"] {
            let code = "local s = string.rep('a', 100000) \(call.hasPrefix("for") ? call : "local r = " + call)"
            do {
                _ = try runtime.run(code, chunkName: "plugins/slow.lua")
                Issue.record("\(call) finished")
            } catch {
                #expect(error.kind == .instructionBudget, "\(call): \(error)")
            }
        }
        #expect(Date().timeIntervalSince(start) < 60)
        // The runtime is healthy for the next plugin.
        #expect(try runtime.run("return ('a,b'):gsub(',', ';')", chunkName: "plugins/after.lua").value() == .string("a;b"))
    }
}
