import ArgumentParser
import Foundation
import StoryloomBuild
import StoryloomImport

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring coding in from a QDA program (REFI-QDA .qdpx) or a spreadsheet (.csv, .xlsx) as a corpus.",
        discussion: """
        A .qdpx project's codes become themes, its text sources stories, its coded selections \
        quotes and its cases storytellers. A spreadsheet has a row per quote (columns id, story, \
        storytellers, text, themes, key, note) and, in --storytellers or a workbook's \
        'storytellers' sheet, a row per person. A map file (--map) says which variables are \
        sectors, roles or fields, which code marks key quotes, and more: see docs/import.md. \
        Every problem is reported at once, with its file, line or row, and what to do; the \
        corpus is written only when it validates. Exits 65 when the input is wrong, 66 when it \
        cannot be read, 73 when the output cannot be written.

        Examples:
          storyloom import study.qdpx
          storyloom import study.qdpx --map study-map.yml --out study/corpus.json
          storyloom import quotes.csv --storytellers people.csv --out corpus.json
          storyloom import coding.xlsx --force
        """
    )

    @Argument(help: "The file to import: a REFI-QDA project (.qdpx), a CSV of quotes (.csv) or a workbook (.xlsx).")
    var file: String

    @Option(help: "A CSV of storytellers (id, roles, sectors, fields, attr:NAME columns), with a CSV of quotes.")
    var storytellers: String?

    @Option(help: "A map file (YAML) saying how the input's variables and codes map onto the corpus.")
    var map: String?

    @Option(help: "Where to write the corpus ('-' for standard output).")
    var out = "corpus.json"

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func validate() throws {
        if storytellers != nil, (file as NSString).pathExtension.lowercased() == "qdpx" {
            throw ValidationError("--storytellers goes with a spreadsheet of quotes; a REFI-QDA project's cases are its storytellers")
        }
    }

    func run() throws {
        let result: Importer.Result
        do {
            let importMap = try map.map { path throws(ImportError) in try ImportMap.load(path: path) } ?? ImportMap()
            result = try Importer.run(path: file, storytellers: storytellers, map: importMap)
        } catch {
            for problem in error.problems { printError(TerminalText.clean(problem.description)) }
            if error.kind == .unreadable { throw Exit.noInput }
            let count = error.errorCount
            printError("\(count) problem\(count == 1 ? "" : "s") found; nothing was written.")
            throw Exit.dataError
        }
        // Freeing a large import record by record just before exit would only cost time.
        keptUntilExit.append(ImportKept(result))
        for warning in result.warnings { printError(TerminalText.clean(warning.description)) }
        if out != "-", !force, FileManager.default.fileExists(atPath: out) {
            printError("storyloom: \(out) already exists; nothing was written (use --force to replace it, or --out to name another file)")
            throw Exit.cannotCreate
        }
        let draft = result.draft
        let summary = "\(draft.storytellers.count) storytellers, \(draft.stories.count) stories, \(draft.quotes.count) quotes, \(draft.themes.count) themes"
        if out == "-" {
            FileHandle.standardOutput.write(Data(result.json.utf8))
            printError("Imported \(summary).")
            return
        }
        do {
            try AtomicFile.write(Data(result.json.utf8), to: out)
        } catch {
            printError("storyloom: \(error)")
            throw Exit.cannotCreate
        }
        print("Imported \(summary) into \(out).")
    }
}

/// An import's result held until the process ends (see `keptUntilExit`).
final class ImportKept {
    let result: Importer.Result
    init(_ result: Importer.Result) { self.result = result }
}
