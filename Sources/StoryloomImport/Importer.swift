import Foundation
import StoryloomCorpus
import StoryloomShared

/// The one way in: names a file, gets a corpus (as canonical JSON that `CorpusLoader` has
/// accepted) and the warnings found, or every problem found.
public enum Importer {
    public struct Result: Sendable {
        /// The corpus, `storyloom-corpus/1` JSON.
        public var json: String
        public var draft: CorpusDraft
        public var warnings: [Diagnostic]
    }

    /// The kinds of file an import reads, by extension.
    public enum Kind: String, Sendable {
        case qdpx, csv, xlsx

        public init?(path: String) {
            self.init(rawValue: (path as NSString).pathExtension.lowercased())
        }
    }

    /// Imports `path`: a .qdpx project, or a .csv / .xlsx sheet of quotes (with `storytellers`,
    /// a second sheet of the people).
    public static func run(path: String, storytellers: String? = nil, map: ImportMap = ImportMap(),
                           limits: ImportLimits = ImportLimits()) throws(ImportError) -> Result {
        guard let kind = Kind(path: path) else {
            throw ImportError(.unreadable, file: path, "cannot tell what kind of file this is",
                              suggestion: "name a REFI-QDA project (.qdpx), a CSV file (.csv) or an Excel workbook (.xlsx)")
        }
        try checkReadable(path)
        if let storytellers { try checkReadable(storytellers) }
        if storytellers != nil, kind == .qdpx {
            throw ImportError(.unreadable, file: path, "--storytellers goes with a spreadsheet of quotes, not a REFI-QDA project",
                              suggestion: "a project's cases are its storytellers; leave --storytellers out")
        }
        var problems = ImportProblems()
        let leftovers = Leftovers()
        defer { leftovers.release() }
        var frame: CorpusDraft?
        if let framePath = map.frame {
            do {
                frame = CorpusDraft(try CorpusLoader.load(path: framePath))
            } catch {
                throw ImportError(kind: error.kind == .unreadable ? .unreadable : .invalid, problems: error.diagnostics)
            }
        }
        let draft: CorpusDraft
        switch kind {
        case .qdpx:
            draft = try QDPXImporter.read(path: path, displayName: path, map: map, frame: frame, limits: limits, problems: &problems,
                                          leftovers: leftovers)
        case .csv, .xlsx:
            draft = try SpreadsheetImporter.read(quotes: path, storytellers: storytellers, map: map, frame: frame, limits: limits,
                                                  problems: &problems)
        }
        if problems.hasErrors { throw ImportError(kind: .invalid, problems: problems.all) }
        let json = draft.json
        // The loader is the judge: what it refuses is said in its words, with where in the
        // output the problem is.
        do {
            _ = try CorpusLoader.load(bytes: Array(json.utf8), file: "(the imported corpus)", form: .json)
        } catch {
            var all = problems.all
            for var d in error.diagnostics {
                d.suggestion = (d.suggestion.map { $0 + "; " } ?? "") + "the input gives a corpus that does not validate: correct the input"
                all.append(d)
            }
            throw ImportError(kind: .invalid, problems: all)
        }
        return Result(json: json, draft: draft, warnings: problems.warnings)
    }

    /// Refuses what is missing or is not a regular file, before anything is opened (a FIFO
    /// would block a read).
    static func checkReadable(_ path: String) throws(ImportError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ImportError(.unreadable, file: path, "no such file", suggestion: "check the path")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ImportError(.unreadable, file: path, "is not a regular file", suggestion: "name the file to import")
        }
        guard access(path, R_OK) == 0 else {
            throw ImportError(.unreadable, file: path, "cannot be read", suggestion: "check that you may read it")
        }
    }
}

/// The one way out: a corpus as a REFI-QDA project.
public enum Exporter {
    public enum Format: String, Sendable, CaseIterable {
        case qdpx
    }

    public static func run(_ corpus: Corpus, format: Format) throws -> Data {
        switch format {
        case .qdpx: try REFIExport.archive(corpus)
        }
    }
}
