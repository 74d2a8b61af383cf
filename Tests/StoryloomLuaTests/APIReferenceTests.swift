import Foundation
import Testing
@testable import StoryloomLua
import StoryloomShared

/// The declared API, the bindings and the docs say the same thing.
@Suite struct APIReferenceTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/lua-api.md")

    func declared(_ module: String) -> Set<String> {
        Set(LuaAPIReference.modules.first { $0.name == module }!.members.flatMap(\.names))
    }

    /// What a plugin finds: the names `code` returns as a list.
    func found(_ code: String, kind: String = "analysis") throws -> Set<String> {
        let folders = try PluginFolders()
        try folders.write("p", "probe.lua", """
            return { name = "probe", kind = "\(kind)", summary = "lists names",
              run = function(ctx) local names = {} \(code) \(kind == "layout" ? "ctx.doc:title('x') ctx.doc:paragraph(table.concat(names, ','))" : "return names") end }
            """)
        let host = try PluginHost(query: .init(corpus: pluginCorpus), sources: [folders.source("p")])
        if kind == "layout" {
            let document = try host.runLayout("probe")
            guard case let .paragraph(inlines)? = document.blocks.first else { return [] }
            return Set(inlines.plainText.split(separator: ",").map(String.init))
        }
        return Set(try host.runAnalysis("probe").arrayValue?.compactMap(\.stringValue) ?? [])
    }

    @Test func theCorpusAndQueryHaveExactlyTheDeclaredNames() throws {
        // `corpus.selection` is nil for a whole corpus, so pairs does not meet it.
        #expect(try found("for k in pairs(ctx.corpus) do names[#names + 1] = k end") == declared("corpus").subtracting(["selection"]))
        #expect(try found("for k in pairs(ctx.query) do names[#names + 1] = k end") == declared("query"))
    }

    @Test func selectionsAndTheBuilderHaveEveryDeclaredMethod() throws {
        let selection = declared("selection").sorted().map { "'\($0)'" }.joined(separator: ",")
        #expect(try found("local s = ctx.query.select('quotes', {}) for _, k in ipairs({ \(selection) }) do if type(s[k]) == 'function' then names[#names + 1] = k end end")
            == declared("selection"))
        let builder = declared("doc").sorted().map { "'\($0)'" }.joined(separator: ",")
        #expect(try found("for _, k in ipairs({ \(builder) }) do if type(ctx.doc[k]) == 'function' then names[#names + 1] = k end end", kind: "layout")
            == declared("doc"))
    }

    @Test func theDocsShowTheDeclaredTables() throws {
        let text = try String(contentsOf: Self.docs, encoding: .utf8)
        for module in LuaAPIReference.modules {
            #expect(text.contains(LuaAPIReference.markdownTable(module)), "docs/lua-api.md differs from the declared '\(module.name)' table; `storyloom types --markdown` prints it")
        }
    }

    @Test func theAnnotationsNameEveryFunction() {
        let annotations = LuaAPIReference.luaLSAnnotations()
        #expect(annotations.hasPrefix("---@meta"))
        for module in LuaAPIReference.modules {
            for name in module.members.flatMap(\.names) { #expect(annotations.contains("---@field \(name) "), "\(name)") }
        }
    }
}
