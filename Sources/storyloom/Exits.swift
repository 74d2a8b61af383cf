import StoryloomBuild
import ArgumentParser
import Foundation
import StoryloomCorpus

/// Exit statuses, after the BSD sysexits convention so scripts can tell failures apart.
enum Exit {
    static let failure = ExitCode(1)
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let unavailable = ExitCode(69)
    static let software = ExitCode(70)
    static let cannotCreate = ExitCode(73)
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// What a command works on when no project or corpus is named: the project in the current
/// folder when there is one, else the sample project (for a run from a checkout).
var defaultCorpusPath: String {
    FileManager.default.fileExists(atPath: "storyloom.yml") ? "." : "reports/copro"
}

/// Objects the process needs until it ends: freeing a large corpus record by record just
/// before exit would only cost time (a quarter of a second on 100,000 stories).
nonisolated(unsafe) var keptUntilExit: [AnyObject] = []

/// Loads a corpus for a command, printing every problem and exiting 65 (or 66) on failure.
func loadCorpusOrExit(_ path: String?) throws -> Corpus {
    try loadCorpusOrExit(path, strict: false).corpus
}

/// The same, with the warnings found; with `strict` they are errors.
func loadCorpusOrExit(_ path: String?, strict: Bool) throws -> (corpus: Corpus, warnings: [CorpusDiagnostic]) {
    LargeHeap.restartIfLarge(corpus: path ?? defaultCorpusPath)
    do {
        let loaded = try CorpusLoader.loadReporting(path: path ?? defaultCorpusPath, strict: strict)
        keptUntilExit.append(loaded.corpus)
        return loaded
    } catch {
        for diagnostic in error.diagnostics { printError(TerminalText.clean(diagnostic.description)) }
        switch error.kind {
        case .unreadable:
            if path == nil { printError("(name a project or corpus, or run where a storyloom.yml is)") }
            throw Exit.noInput
        case .invalid:
            printError("\(error.diagnostics.count) problem\(error.diagnostics.count == 1 ? "" : "s") found; nothing was written.")
            throw Exit.dataError
        }
    }
}
