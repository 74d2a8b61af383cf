import ArgumentParser
import Foundation
import StoryloomBuild
import StoryloomLua

struct TypesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "types",
        abstract: "Write LuaLS annotations of the plugin API, for completion and checks in an editor.",
        discussion: """
        Writes DIR/types/storyloom-api.lua (---@meta classes for ctx, the corpus, queries, \
        selections and the document builder) and DIR/.luarc.json (Lua 5.4, and the annotations as \
        a library). Both are made from the API's declaration, the same one docs/lua-api.md's \
        tables come from. `storyloom new` writes them into every new project.

        Examples:
          storyloom types --out my-study
          storyloom types --markdown
        """
    )

    @Option(help: "The folder to write into (a project folder).")
    var out: String = "."

    @Flag(help: "Print the API's tables as docs/lua-api.md shows them, instead of writing files.")
    var markdown = false

    func run() throws {
        if markdown {
            print(LuaAPIReference.modules.map(LuaAPIReference.markdownTable).joined(separator: "\n\n"))
            return
        }
        do {
            try Self.write(into: out)
        } catch {
            printError("storyloom: \(error)")
            throw Exit.cannotCreate
        }
        print("wrote \(TerminalText.clean(out))/types/storyloom-api.lua and \(TerminalText.clean(out))/.luarc.json")
    }

    /// The annotation files for a project folder, by path relative to it.
    static let files: [(String, String)] = [
        ("types/storyloom-api.lua", LuaAPIReference.luaLSAnnotations()),
        (".luarc.json", LuaAPIReference.luarc),
    ]

    static func write(into folder: String) throws {
        try AtomicFile.writeAll(files.map { ((folder as NSString).appendingPathComponent($0.0), Data($0.1.utf8)) })
    }
}
