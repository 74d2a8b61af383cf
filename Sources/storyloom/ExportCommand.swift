import ArgumentParser
import Foundation
import StoryloomBuild
import StoryloomImport

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Take a corpus back to a QDA program, as a REFI-QDA project (.qdpx).",
        discussion: """
        Themes become nested codes, storytellers cases (sectors, roles, fields and attributes as \
        variables), each story a text source made of its quotes, each quote a coded selection, \
        and reporters users. The archive also keeps the corpus itself (storyloom.json), so \
        `storyloom import` gives back the same corpus, with whatever was changed in the QDA \
        program. The same corpus always gives the same bytes. See docs/import.md.

        Examples:
          storyloom export reports/copro/corpus.json --format qdpx --out copro.qdpx
          storyloom export --format qdpx --out study.qdpx --force
        """
    )

    @Argument(help: "A corpus file or a folder holding corpus.json. Default: the project in the current folder, else reports/copro.")
    var corpus: String?

    @Option(help: "The format to write: qdpx.")
    var format: String

    @Option(help: "Where to write the file.")
    var out: String

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func validate() throws {
        guard Exporter.Format(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; use one of: \(Exporter.Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let loaded = try loadCorpusOrExit(try CommandTarget.resolve(corpus).corpus)
        if !force, FileManager.default.fileExists(atPath: out) {
            printError("storyloom: \(out) already exists; nothing was written (use --force to replace it, or --out to name another file)")
            throw Exit.cannotCreate
        }
        let data: Data
        do {
            data = try Exporter.run(loaded, format: Exporter.Format(rawValue: format)!)
        } catch {
            printError("storyloom: cannot make the archive: \(error)")
            throw Exit.software
        }
        do {
            try AtomicFile.write(data, to: out)
        } catch {
            printError("storyloom: \(error)")
            throw Exit.cannotCreate
        }
        print("Exported \(loaded.storytellers.count) storytellers, \(loaded.stories.count) stories, \(loaded.quotes.count) quotes, \(loaded.themes.count) themes to \(out).")
    }
}
