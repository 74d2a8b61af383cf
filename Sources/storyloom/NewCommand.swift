import ArgumentParser
import Foundation
import StoryloomBuild
import StoryloomImport
import StoryloomCorpus
import StoryloomLua

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a report project: a storyloom.yml, a brand file, an example plugin and a README.",
        discussion: """
        The project builds at once with `storyloom build DIR`: a full report (each top-level theme \
        of the corpus a chapter) and an overview in text and HTML, and the sector diagram. Without \
        --corpus it holds a small generated example corpus, to replace with your own.

        Exit status: 0 made; 64 DIR exists and is not empty; 65 the corpus is invalid; 66 the \
        corpus is missing; 73 the files cannot be written.

        Examples:
          storyloom new my-study --corpus data/stories.json --title "What young people told us"
          storyloom new /tmp/try-it && storyloom build /tmp/try-it
        """
    )

    @Argument(help: "The folder to make (it must not exist, or be empty).")
    var folder: String

    @Option(help: "The corpus the project reports on: a corpus file (it stays where it is; the project refers to it), or a REFI-QDA project (.qdpx) or spreadsheet (.csv, .xlsx), imported into the project's corpus.json.")
    var corpus: String?

    @Option(help: "With a .qdpx, .csv or .xlsx corpus: the import map (see docs/import.md).")
    var map: String?

    @Option(help: "The project's title (default: the corpus's own title).")
    var title: String?

    /// The starter files, under templates/new/ of the built-in plugins.
    static let starterFiles = ["storyloom.yml", "brand.yml", "README.md", "plugins/example-analysis.lua", "pages/summary.md"]

    func run() throws {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: folder), !existing.isEmpty {
            printError("storyloom: '\(TerminalText.clean(folder))' exists and is not empty; name a new folder")
            throw Exit.usage
        }
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            printError("storyloom: '\(TerminalText.clean(folder))' is a file; name a new folder")
            throw Exit.usage
        }
        // Check the corpus first, so a bad one leaves nothing behind. Coding from a QDA program
        // or a spreadsheet is imported into the project's own corpus.json.
        var imported: Data?
        let loaded: Corpus?
        if let corpus, Importer.Kind(path: corpus) != nil {
            let json = try importOrExit(corpus)
            imported = Data(json.utf8)
            loaded = try? CorpusLoader.load(bytes: Array(json.utf8), file: corpus, form: .json)
        } else {
            loaded = try corpus.map { try loadCorpusOrExit($0) }
        }
        let projectTitle = title ?? loaded?.project.title ?? "My study"
        let corpusPath = imported != nil ? "corpus.json" : corpus.map { Self.path($0, relativeTo: folder) } ?? "corpus.json"

        let builtin: PluginSource
        do {
            builtin = try PluginSource.builtin()
        } catch {
            throw pluginFailure(error)
        }
        var files: [(String, Data)] = []
        for name in Self.starterFiles {
            guard let text = builtin.text(of: "templates/new/" + name) else {
                printError("storyloom: the built-in plugins lack templates/new/\(name); rebuild storyloom from a full checkout")
                throw Exit.software
            }
            let filled = text.replacingOccurrences(of: "{{title}}", with: name.hasSuffix(".yml") ? Self.yamlString(projectTitle) : projectTitle)
                .replacingOccurrences(of: "{{corpus}}", with: name.hasSuffix(".yml") ? Self.yamlString(corpusPath) : corpusPath)
            files.append((name, Data(filled.utf8)))
        }
        // Editor completion for the plugin API (LuaLS), as `storyloom types` writes it.
        files += TypesCommand.files.map { ($0.0, Data($0.1.utf8)) }
        if let imported {
            files.append(("corpus.json", imported))
        } else if corpus == nil {
            var json: [UInt8] = []
            CorpusGenerator(stories: 24, seed: 1).write { json += $0 }
            files.append(("corpus.json", Data(json)))
        }
        do {
            for (name, data) in files {
                let path = (folder as NSString).appendingPathComponent(name)
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try AtomicFile.write(data, to: path)
            }
        } catch {
            printError("storyloom: cannot write the project: \(error)")
            throw Exit.cannotCreate
        }
        print("made \(TerminalText.clean(folder)): storyloom.yml, brand.yml, README.md, plugins/example-analysis.lua, editor types"
              + (corpus == nil ? ", corpus.json (an example to replace)" : imported != nil ? ", corpus.json (imported from \(TerminalText.clean(corpus!)))" : ""))
        print("next: storyloom build \(TerminalText.clean(folder))")
    }

    /// The corpus JSON imported from a .qdpx, .csv or .xlsx (with --map), or the problems
    /// printed and exit 65 (66 when unreadable).
    private func importOrExit(_ path: String) throws -> String {
        do {
            let importMap = try map.map { path throws(ImportError) in try ImportMap.load(path: path) } ?? ImportMap()
            let result = try Importer.run(path: path, storytellers: nil, map: importMap)
            for warning in result.warnings { printError(TerminalText.clean(warning.description)) }
            return result.json
        } catch {
            for problem in error.problems { printError(TerminalText.clean(problem.description)) }
            printError("\(error.errorCount) problem\(error.errorCount == 1 ? "" : "s") found; nothing was made.")
            throw error.kind == .unreadable ? Exit.noInput : Exit.dataError
        }
    }

    /// `path` as the project file should name it: relative to the project folder when both are
    /// relative to the current one, else absolute.
    static func path(_ path: String, relativeTo folder: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        var common = 0
        while common < min(absolute.count, base.count), absolute[common] == base[common] { common += 1 }
        guard common > 1 else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        return (Array(repeating: "..", count: base.count - common) + absolute[common...]).joined(separator: "/")
    }

    /// A YAML double-quoted scalar (JSON string syntax is valid YAML).
    static func yamlString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
