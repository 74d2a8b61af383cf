import Foundation
import Testing
import StoryloomCorpus
import StoryloomQuery
import BitCollections
@testable import StoryloomLua
import StoryloomShared

/// Writes plugin files into fresh folders.
struct PluginFolders {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-plugins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ folder: String, _ name: String, _ text: String) throws -> String {
        let dir = root.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func source(_ folder: String, _ origin: PluginDescription.Origin = .project) -> PluginSource {
        .folder(root.appendingPathComponent(folder).path, origin: origin)
    }
}

func analysis(_ name: String, body: String = "return { ok = true }", extra: String = "") -> String {
    """
    return {
      name = "\(name)", kind = "analysis", summary = "a test analysis", \(extra)
      run = function(ctx, params) \(body) end,
    }
    """
}

/// A tiny corpus for running plugins against.
let pluginCorpus: Corpus = {
    let json = """
    {"format": "storyloom-corpus/1", "project": {"title": "Plugin study", "partners": ["A", "B"]},
     "vocabularies": {"sectors": [{"id": "research", "label": "Research"}, {"id": "services", "label": "Services"}]},
     "themes": [{"id": "trust", "title": "Trust"}, {"id": "trust.services", "title": "In services", "parent": "trust"}],
     "storytellers": [{"id": "a", "sectors": ["research"], "attributes": {"age": 40}}, {"id": "b", "sectors": ["services"]}],
     "stories": [{"id": "s1", "storytellers": ["a"]}, {"id": "s2", "storytellers": ["a", "b"], "format": "group"}],
     "quotes": [{"id": "q1", "story": "s1", "text": "We trust each other.", "themes": ["trust"], "key": true},
                {"id": "q2", "story": "s2", "text": "Services listened.", "themes": ["trust.services"]}]}
    """
    return try! CorpusLoader.load(bytes: Array(json.utf8), file: "plugin.json", form: .json)
}()

@Suite struct PluginDescriptionTests {
    private func registryError(_ text: String) throws -> String? {
        let folders = try PluginFolders()
        try folders.write("p", "x.lua", text)
        do {
            _ = try PluginRegistry(sources: [folders.source("p")], runtime: LuaRuntime())
            return nil
        } catch let error as PluginError {
            return error.message
        }
    }

    @Test func badDescriptionsAreNamed() throws {
        #expect(try registryError("return 42") == "a plugin file must return a table describing the plugin (name, kind, summary, run), not a number")
        #expect(try registryError("return { kind = 'analysis', summary = 's', run = function() end }") == "the plugin has no 'name' (a non-empty string)")
        #expect(try registryError("return { name = 'x', kind = 'report', summary = 's', run = function() end }") == "plugin 'x' has an unknown kind 'report'; use analysis, layout, writer or shortcode")
        #expect(try registryError("return { name = 'x', kind = 'analysis', summary = 's' }") == "plugin 'x' has no 'run' function")
        #expect(try registryError(analysis("x", extra: "params = { n = { type = 'integer', default = 'ten' } },")) == "plugin 'x': the default of parameter 'n' must be an integer, not string")
        #expect(try registryError(analysis("x", extra: "params = { n = { type = 'list', default = 1 } },")) == "plugin 'x': parameter 'n' has an unknown type 'list'; use string, number, integer, boolean or filter")
        #expect(try registryError("return { name = 'w', kind = 'writer', summary = 's', run = function() end }") == "writer 'w' needs an 'extension' (letters and digits, such as \"csv\")")
        #expect(try registryError("return { name = '', kind = 'analysis', summary = 's', run = function() end }") == "the plugin has no 'name' (a non-empty string)")
        #expect(try registryError("return { name = 'x', kind = 'analysis', summary = 42, run = function() end }") == "plugin 'x' needs a 'summary': one line saying what it does")
        #expect(try registryError("return { name = 'x', kind = 'analysis', summary = 's', run = 'go' }") == "plugin 'x' has no 'run' function")
        #expect(try registryError(analysis("x", extra: "params = { r = { type = 'number', default = true } },")) == "plugin 'x': the default of parameter 'r' must be a number, not boolean")
        #expect(try registryError(analysis("x", extra: "uses = 'y',")) == "plugin 'x': 'uses' must be a list of analysis names")
    }

    @Test func errorsNameTheFile() throws {
        let folders = try PluginFolders()
        let file = try folders.write("p", "broken.lua", "return { name = 'x', kind = 'nope', summary = 's', run = function() end }")
        #expect(throws: PluginError(file: file, message: "plugin 'x' has an unknown kind 'nope'; use analysis, layout, writer or shortcode")) {
            _ = try PluginRegistry(sources: [folders.source("p")], runtime: LuaRuntime())
        }
    }

    @Test func duplicateNamesInOneFolder() throws {
        let folders = try PluginFolders()
        let first = try folders.write("p", "a.lua", analysis("same"))
        let second = try folders.write("p/analyses", "b.lua", analysis("same"))
        #expect(throws: PluginError(file: second, message: "plugin 'same' is also defined in \(first); names must be unique within a folder")) {
            _ = try PluginRegistry(sources: [folders.source("p")], runtime: LuaRuntime())
        }
    }

    @Test func laterFoldersOverride() throws {
        let folders = try PluginFolders()
        let builtin = try folders.write("builtin/analyses", "a.lua", analysis("who", body: "return { from = 'builtin' }"))
        let project = try folders.write("project", "a.lua", analysis("who", body: "return { from = 'project' }"))
        let registry = try PluginRegistry(sources: [folders.source("builtin", .builtin), folders.source("project")], runtime: LuaRuntime())
        #expect(registry.plugins["who"]?.description.origin == .project)
        #expect(registry.overrides.map(\.winner.file) == [project])
        #expect(registry.overrides.map(\.loser.file) == [builtin])
        #expect(registry.overrides.map(\.loser.origin) == [.builtin])
        #expect(try PluginHost(query: Query(corpus: pluginCorpus), sources: [folders.source("builtin", .builtin), folders.source("project")])
            .runAnalysis("who") == .object([(key: "from", value: .string("project"))]))
    }

    @Test func parametersParseAndDefault() throws {
        let folders = try PluginFolders()
        try folders.write("p", "a.lua", analysis("x", extra: """
        params = { n = { type = 'integer', default = 3 }, ratio = { type = 'number', default = 0.5 },
                   on = { type = 'boolean', default = false }, label = { type = 'string', default = 'a' } },
        """))
        let plugin = try PluginRegistry(sources: [folders.source("p")], runtime: LuaRuntime()).plugins["x"]!.description
        let values = try plugin.resolveParameters([("n", "7"), ("on", "yes")])
        #expect(values.map(\.key) == ["label", "n", "on", "ratio"])
        #expect(values.map(\.value) == [.string("a"), .integer(7), .bool(true), .number(0.5)])
        #expect(throws: PluginError(file: plugin.file, message: "plugin 'x' has no parameter 'm'; it takes label, n, on, ratio")) {
            _ = try plugin.resolveParameters([("m", "1")])
        }
        #expect(throws: PluginError(file: plugin.file, message: "plugin 'x': parameter 'n' must be an integer, not 'many'")) {
            _ = try plugin.resolveParameters([("n", "many")])
        }
        #expect(throws: PluginError(file: plugin.file, message: "plugin 'x': parameter 'on' must be a boolean, not 'maybe'")) {
            _ = try plugin.resolveParameters(["on": "maybe"])
        }
        #expect(try plugin.resolveParameters(assignments: ["ratio=0.25", "label=a=b"]).map(\.value)
            == [.string("a=b"), .integer(3), .bool(false), .number(0.25)])
        #expect(throws: PluginError(file: plugin.file, message: "plugin 'x': a parameter is written key=value, not 'ratio'")) {
            _ = try plugin.resolveParameters(assignments: ["ratio"])
        }
    }

    @Test func usesGivesTheRunOrder() throws {
        let folders = try PluginFolders()
        try folders.write("p", "a.lua", analysis("a", extra: "uses = { 'c', 'b' },"))
        try folders.write("p", "b.lua", analysis("b", extra: "uses = { 'c' },"))
        try folders.write("p", "c.lua", analysis("c"))
        try folders.write("p", "d.lua", analysis("d", extra: "uses = { 'e' },"))
        try folders.write("p", "e.lua", analysis("e", extra: "uses = { 'd' },"))
        let registry = try PluginRegistry(sources: [folders.source("p")], runtime: LuaRuntime())
        #expect(try registry.runOrder(for: ["a"]).map(\.description.name) == ["c", "b", "a"])
        #expect(try registry.runOrder(for: ["b", "a", "c"]).map(\.description.name) == ["c", "b", "a"])
        #expect(throws: PluginError(file: registry.plugins["d"]!.description.file,
                                    message: "plugin 'd' uses itself through 'uses': 'd' → 'e' → 'd'")) { try registry.runOrder(for: ["d"]) }
        #expect(throws: PluginError(file: "", message: "no plugin is named 'b2'; did you mean 'b'?")) { try registry.runOrder(for: ["b2"]) }
        try folders.write("q", "f.lua", analysis("f", extra: "uses = { 'nowhere' },"))
        let other = try PluginRegistry(sources: [folders.source("q")], runtime: LuaRuntime())
        #expect(throws: PluginError(file: other.plugins["f"]!.description.file,
                                    message: "plugin 'f' uses 'nowhere', which is not a known plugin; `storyloom plugins` lists them")) {
            try other.runOrder(for: ["f"])
        }
    }
}

@Suite struct CorpusAPITests {
    private func run(_ body: String) throws -> PlainValue {
        let folders = try PluginFolders()
        try folders.write("p", "t.lua", analysis("t", body: body))
        let host = try PluginHost(query: Query(corpus: pluginCorpus), sources: [folders.source("p")])
        return try host.runAnalysis("t")
    }

    private func failure(_ body: String) throws -> String {
        do {
            _ = try run(body)
            return "(no error)"
        } catch let error as PluginFailure {
            switch error {
            case let .definition(error): return error.message
            case let .run(error): return error.message.replacing(#/^.*\/t\.lua:/#, with: "t.lua:")
            }
        }
    }

    @Test func readsTheCorpus() throws {
        #expect(try run("return { ctx.corpus.project.title, ctx.corpus.project.partners[2], ctx.corpus.counts.quotes }")
            == .array([.string("Plugin study"), .string("B"), .integer(2)]))
        #expect(try run("local t = ctx.corpus.theme('trust.services'); return { t.parent, t.depth, #ctx.corpus:children('trust') }")
            == .array([.string("trust"), .integer(1), .integer(1)]))
        #expect(try run("local q = ctx.corpus.quote('q2'); local s = ctx.corpus.story(q.story); return { s.id, s.sectors, s.storytellers }")
            == .array([.string("s2"), .array([.string("research"), .string("services")]), .array([.string("a"), .string("b")])]))
        #expect(try run("return ctx.corpus.storyteller('a').attributes.age") == .integer(40))
        #expect(try run("local ids = {} for _, t in ipairs(ctx.corpus.themes()) do ids[#ids+1] = t.id end return ids")
            == .array([.string("trust"), .string("trust.services")]))
    }

    @Test func theCorpusCannotBeChanged() throws {
        #expect(try failure("ctx.corpus.project.title = 'x'") == "t.lua:3: attempt to modify read-only corpus data (field 'title')")
        #expect(try failure("ctx.corpus.quote('q1').themes[1] = 'x'") == "t.lua:3: attempt to modify read-only corpus data (field '1')")
        #expect(try failure("setmetatable(ctx.corpus, {})") == "t.lua:3: bad argument #1 to 'setmetatable' (table expected, got userdata)")
        #expect(try failure("rawset(ctx.corpus.project, 'title', 'x')") == "t.lua:3: bad argument #1 to 'rawset' (table expected, got userdata)")
        #expect(try run("return getmetatable(ctx.corpus)") == .string("locked"))
        #expect(try failure("table.insert(ctx.corpus.project.partners, 'C')") == "t.lua:3: attempt to modify read-only corpus data (field '3')")
    }

    @Test func queries() throws {
        #expect(try run("return ctx.query.count('quotes', { theme = 'trust' })") == .integer(2))
        #expect(try run("return ctx.query.count('quotes', { theme = 'trust', deep = false })") == .integer(1))
        #expect(try run("return ctx.query.select('storytellers', { sector = 'services' }):to('stories'):ids()") == .array([.string("s2")]))
        #expect(try run("local g = ctx.query.group(ctx.query.select('stories', {}), 'sector'); return { g[1].count, g[2].count }")
            == .array([.integer(2), .integer(1)]))
        #expect(try run("local s = ctx.query.select('quotes', { key = true }); return { s.kind, s.size, s:items()[1].text }")
            == .array([.string("quotes"), .integer(1), .string("We trust each other.")]))
        #expect(try run("return ctx.query.percent(1, 3, 1)") == .number(33.3))
        // top's second value: the records it returned, as a selection to set aside natively.
        #expect(try run("""
            local all = ctx.query.select('quotes', {})
            local picked, set = all:top(1, { 'key' })
            local rest = all:minus(set)
            return { picked[1].id, set:ids()[1], set:count(), rest:count(), rest:top(5, { 'key' })[1].id }
            """) == .array([.string("q1"), .string("q1"), .integer(1), .integer(1), .string("q2")]))
        // Many asked for: all of them, in order, from one sort.
        #expect(try run("local r = ctx.query.select('quotes', {}):top(100, { 'key' }); return { #r, r[1].id, r[2].id }")
            == .array([.integer(2), .string("q1"), .string("q2")]))
        #expect(try run("local s = ctx.query.summary(ctx.query.select('stories', {}), 'age'); return { s.count, s.min, s.max, s.mean }")
            == .array([.integer(1), .integer(40), .integer(40), .integer(40)]))
        #expect(try run("local s = ctx.query.summary(ctx.query.select('storytellers', {}), 'height'); return { s.count, s.min == nil }")
            == .array([.integer(0), .bool(true)]))
        #expect(try failure("return ctx.query.count('quotes', { sectr = 'x' })") == "t.lua:3: bad filter to 'count': unknown filter key 'sectr'; did you mean 'sector'?")
        #expect(try failure("return ctx.query.count('quotes', { theme = 'trsut' })") == "t.lua:3: count: the corpus has no theme 'trsut'; did you mean 'trust'?")
        #expect(try failure("return ctx.query.count('people', {})") == "t.lua:3: bad argument #1 to 'count' (\"storytellers\", \"stories\" or \"quotes\" expected, got \"people\")")
    }

    @Test func resultsMustBePlainValues() throws {
        #expect(try failure("return { f = print }") == "the result of 't'.f is a function, which cannot be part of a result")
        #expect(try failure("local t = {} t.self = t return t") == "the result of 't'.self refers back to a table that contains it (a cycle)")
        #expect(try failure("return ctx.query.select('quotes', {})") == "the result of 't' is a selection, which cannot be part of a result; convert it first (for a selection: :ids() or :count())")
    }

    @Test func sameRunTwiceGivesTheSameResult() throws {
        let body = "local out = {} for _, q in ipairs(ctx.query.select('quotes', {}):items()) do out[q.id] = q.text end return out"
        #expect(try run(body) == run(body))
    }
}

/// One Lua state serves every report of a build: the corpus is switched, plugins stay loaded.
@Suite struct CorpusSwitchTests {
    @Test func modulesStayLoadedAndOldSelectionsAreRefused() throws {
        let folders = try PluginFolders()
        try folders.write("p/lib", "keep.lua", "return { calls = 0 }")
        try folders.write("p", "remember.lua", analysis("remember", body: """
            local keep = require("lib.keep")
            keep.calls = keep.calls + 1
            if keep.calls == 1 then keep.quotes = ctx.query.select("quotes", {}) return { calls = keep.calls, quotes = keep.quotes:count() } end
            local ok, e = pcall(function() return keep.quotes:count() end)
            return { calls = keep.calls, quotes = ctx.query.count("quotes", {}), old = e }
            """))
        let query = Query(corpus: pluginCorpus)
        let host = try PluginHost(query: query, sources: [folders.source("p")])
        let first = try host.runAnalysis("remember")
        #expect(first["calls"] == .integer(1))
        let some = BitSet([0])
        host.use(Query(corpus: pluginCorpus.subset(stories: some, description: "the first story")))
        let second = try host.runAnalysis("remember")
        #expect(second["calls"] == .integer(2))
        #expect(second["old"]?.stringValue?.hasSuffix("bad argument #1 to 'count' (a selection made for another report's corpus; select again)") == true)
        #expect(second["quotes"] != first["quotes"])
    }
}
