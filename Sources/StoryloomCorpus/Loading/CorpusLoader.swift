import Foundation

/// Loads a corpus file (JSON or YAML) into a validated, frozen `Corpus`.
public enum CorpusLoader {
    /// The written forms the loader reads.
    public enum Form: Sendable {
        case json, yaml

        /// The form a file name implies (`.json`, `.yml`, `.yaml`).
        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "json": self = .json
            case "yml", "yaml": self = .yaml
            default: return nil
            }
        }
    }

    /// File names looked for, in order, when a folder is given.
    public static let defaultFileNames = ["corpus.json", "corpus.yml", "corpus.yaml"]

    /// The corpus file a path means: the file itself, or a folder's `corpus.json` / `corpus.yml`.
    public static func corpusFile(for path: String) throws(CorpusError) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw unreadable(path, "no such file or folder", suggestion: "check the path")
        }
        guard isFolder.boolValue else { return path }
        for name in defaultFileNames {
            let candidate = (path as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        throw unreadable(path, "the folder holds no corpus file",
                         suggestion: "add one of \(defaultFileNames.joined(separator: ", ")), or name the file")
    }

    /// Loads the corpus at `path` (a file, or a folder holding one).
    public static func load(path: String, cache: CorpusCache = .standard) throws(CorpusError) -> Corpus {
        try loadReporting(path: path, cache: cache).corpus
    }

    /// The same, with the warnings found (keys that look misspelt); with `strict`, a warning is
    /// an error.
    /// A corpus loaded before from the same bytes comes from `cache` (see `CorpusCache`).
    public static func loadReporting(path: String, strict: Bool = false,
                                     cache: CorpusCache = .standard) throws(CorpusError) -> (corpus: Corpus, warnings: [CorpusDiagnostic]) {
        let file = try corpusFile(for: path)
        guard let form = Form(path: file) else {
            throw unreadable(file, "unknown corpus form", suggestion: "name the file .json, .yml or .yaml")
        }
        // A file unchanged since it was last hashed is not read at all (see `CorpusCache`).
        if let known = cache.knownEntry(for: file, form: form), let cached = cache.load(known, file: file) {
            try throwIfStrict(cached.warnings, strict: strict)
            return cached
        }
        let stamp = FileStamp(path: file)
        let source: SourceBytes
        do {
            source = try SourceBytes(mapping: file)
        } catch let error as SourceBytes.NotARegularFile {
            throw unreadable(file, "is \(error.what), not a regular file", suggestion: "name a corpus file")
        } catch {
            throw unreadable(file, "cannot read the file", suggestion: "check that it exists and you may read it")
        }
        let entry = cache.entryName(for: source.buffer, form: form)
        // Noted only if the file did not change while it was hashed.
        if let entry, let stamp, FileStamp(path: file) == stamp { cache.note(entry, for: stamp) }
        if let entry, let cached = cache.load(entry, file: file) {
            try throwIfStrict(cached.warnings, strict: strict)
            return cached
        }
        let loaded: (corpus: Corpus, warnings: [CorpusDiagnostic])
        do {
            loaded = try load(source: source, file: file, form: form, strict: false)
        }
        if let entry { cache.storeInBackground(entry, corpus: loaded.corpus, warnings: loaded.warnings) }
        try throwIfStrict(loaded.warnings, strict: strict)
        return loaded
    }

    /// With `strict`, warnings are errors, in document order.
    private static func throwIfStrict(_ warnings: [CorpusDiagnostic], strict: Bool) throws(CorpusError) {
        guard strict, !warnings.isEmpty else { return }
        throw CorpusError(kind: .invalid, diagnostics: warnings.map { var e = $0; e.isWarning = false; return e }
            .sorted { ($0.line ?? .max, $0.column ?? 0) < ($1.line ?? .max, $1.column ?? 0) })
    }

    /// Loads a corpus from bytes already read; `file` is used in messages.
    public static func load(bytes: [UInt8], file: String, form: Form) throws(CorpusError) -> Corpus {
        try load(source: SourceBytes(copying: bytes), file: file, form: form, strict: false).corpus
    }

    static func load(source bytes: SourceBytes, file: String, form: Form, strict: Bool) throws(CorpusError) -> (corpus: Corpus, warnings: [CorpusDiagnostic]) {
        guard bytes.count < Int(UInt32.max) else {
            throw unreadable(file, "the file is larger than 4 GB", suggestion: "split the corpus")
        }
        let tape: Tape
        let problems: [(offset: Int, message: String)]
        var numberProblems: [(offset: Int, message: String)] = []
        switch form {
        case .json:
            do {
                (tape, problems, numberProblems) = try JSONReader.read(bytes)
            } catch {
                let place = LineIndex(bytes.buffer).location(ofByte: error.offset, in: bytes.buffer)
                throw CorpusError(kind: .invalid, diagnostics: [
                    CorpusDiagnostic(file: file, pointer: "", line: place.line, column: place.column,
                                     message: "invalid JSON: \(error.message)",
                                     suggestion: "fix the JSON syntax here; nothing after this point was checked"),
                ])
            }
        case .yaml:
            do {
                (tape, problems) = try YAMLReader.read(bytes)
            } catch {
                throw CorpusError(kind: .invalid, diagnostics: [
                    CorpusDiagnostic(file: file, pointer: "", line: error.line, column: error.column,
                                     message: "invalid YAML: \(error.message)",
                                     suggestion: "fix the YAML syntax here; nothing after this point was checked"),
                ])
            }
        }
        let decoder = TapeDecoder(tape: tape, file: file)
        decoder.reportAtOffsets(problems, suggestion: "save the file as UTF-8")
        decoder.reportAtOffsets(numberProblems, suggestion: "write a number between -1.7e308 and 1.7e308")
        let corpus = CorpusBuilder(decoder: decoder).build()
        decoder.sortDiagnostics()
        let warnings = decoder.warnings
        if let corpus, decoder.diagnostics.isEmpty, !(strict && !warnings.isEmpty) { return (corpus, warnings) }
        // Strict: the warnings count as errors, in document order with the others.
        let all = decoder.diagnostics + (strict ? warnings.map { var e = $0; e.isWarning = false; return e } : [])
        throw CorpusError(kind: .invalid, diagnostics: all.sorted { ($0.line ?? .max, $0.column ?? 0) < ($1.line ?? .max, $1.column ?? 0) })
    }

    private static func unreadable(_ file: String, _ message: String, suggestion: String?) -> CorpusError {
        CorpusError(kind: .unreadable, diagnostics: [
            CorpusDiagnostic(file: file, pointer: "", message: message, suggestion: suggestion),
        ])
    }
}
