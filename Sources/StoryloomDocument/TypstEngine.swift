import Foundation

/// Compiles Typst to PDF with whichever Typst is at hand: the `typst` command, or the Typst
/// compiler from PyPI (`pip install typst`) in a Python that can import it. The source goes in on
/// standard input and the PDF comes back on standard output; Typst's root is an empty folder,
/// so it can read no file; the creation time is fixed, so the same source gives the same bytes.
public struct TypstEngine: Sendable, Equatable {
    /// How Typst is run.
    public enum Kind: Sendable, Equatable {
        /// The `typst` command-line compiler.
        case command
        /// A Python interpreter that can `import typst`.
        case python
    }

    public let kind: Kind
    /// The program run: `typst`, or the Python interpreter.
    public let executable: String
    /// The version it reports (`0.13.1`).
    public let version: String

    /// The oldest Typst the renderer's markup needs: SVG given as bytes (0.13) and sticky
    /// headings (0.12).
    public static let minimumVersion = (0, 13)
    /// Wall-clock seconds one compilation may take before it is stopped.
    public static let timeLimit = 300

    /// Why no Typst could be used, in words for the error message.
    public struct Missing: Error, Sendable, CustomStringConvertible {
        /// What was found and not usable ("typst 0.11.0 at /usr/bin/typst is older than 0.13").
        public var found: [String]

        public var description: String {
            "needs Typst \(TypstEngine.minimumVersion.0).\(TypstEngine.minimumVersion.1) or later"
                + (found.isEmpty ? ", and none was found" : " (" + found.joined(separator: "; ") + ")")
                + ": run scripts/setup (it makes .venv-typst/ with the PyPI package typst), install the typst command"
                + " (https://github.com/typst/typst/releases), or `python3 -m pip install typst`"
        }
    }

    /// Why a compilation gave no PDF.
    public typealias Failure = ToolFailure

    /// The first usable Typst: the one `STORYLOOM_TYPST` names (a `typst` command or a Python;
    /// nothing else is tried then, so a path that does not exist turns PDF off), else `typst` on
    /// PATH, else `.venv-typst/bin/python3` in one of `folders`, else `python3` on PATH if it can
    /// import typst.
    public static func find(folders: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<TypstEngine, Missing> {
        var found: [String] = []
        func usable(_ path: String, _ kind: Kind) -> TypstEngine? {
            guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
            guard let version = kind == .command ? commandVersion(path) : pythonVersion(path) else { return nil }
            guard isRecentEnough(version) else {
                found.append("Typst \(version) at \(path) is too old")
                return nil
            }
            return TypstEngine(kind: kind, executable: path, version: version)
        }
        if let named = environment["STORYLOOM_TYPST"], !named.isEmpty {
            let kind: Kind = (named as NSString).lastPathComponent.hasPrefix("python") ? .python : .command
            if let engine = usable(named, kind) { return .success(engine) }
            found.append("STORYLOOM_TYPST names \(named), which is not a usable \(kind == .python ? "Python with typst" : "typst command")")
            return .failure(Missing(found: found))
        }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for folder in path {
            if let engine = usable(folder + "/typst", .command) { return .success(engine) }
        }
        for folder in folders {
            for name in ["python3", "python"] {
                if let engine = usable((folder as NSString).appendingPathComponent(".venv-typst/bin/" + name), .python) { return .success(engine) }
            }
        }
        for folder in path {
            if let engine = usable(folder + "/python3", .python) { return .success(engine) }
        }
        return .failure(Missing(found: found))
    }

    static func isRecentEnough(_ version: String) -> Bool {
        let numbers = version.split(separator: ".").prefix(2).map { Int($0.prefix { $0.isNumber }) ?? 0 }
        guard numbers.count == 2 else { return false }
        return (numbers[0], numbers[1]) >= minimumVersion
    }

    /// `typst --version` → "0.13.1".
    static func commandVersion(_ path: String) -> String? {
        guard let run = ChildProcess.run(path, ["--version"], input: [], timeout: 30), run.status == 0 else { return nil }
        let text = String(decoding: run.output, as: UTF8.self)
        return text.firstMatch(of: /\d+\.\d+(\.\d+)?/).map { String($0.output.0) }
    }

    /// The version of the typst package a Python imports, or nil if it cannot import it.
    static func pythonVersion(_ path: String) -> String? {
        let script = "import sys\ntry:\n import typst\nexcept Exception:\n sys.exit(3)\nprint(getattr(typst, '__version__', '0'))\n"
        guard let run = ChildProcess.run(path, ["-c", script], input: [], timeout: 60), run.status == 0 else { return nil }
        return String(decoding: run.output, as: UTF8.self).firstMatch(of: /\d+\.\d+(\.\d+)?/).map { String($0.output.0) }
    }

    /// The Python side: source on standard input, PDF on standard output, Typst's message on
    /// standard error. An older module without `timestamp` compiles without it (the source
    /// sets the document's date itself).
    static let pythonScript = """
    import sys
    import typst
    source = sys.stdin.buffer.read()
    try:
        try:
            pdf = typst.compile(source, format="pdf", root=sys.argv[1], timestamp=int(sys.argv[2]))
        except TypeError:
            pdf = typst.compile(source, format="pdf", root=sys.argv[1])
    except Exception as error:
        sys.stderr.write(str(error))
        sys.exit(2)
    sys.stdout.buffer.write(pdf)
    """

    /// The PDF of `source`, its creation time `timestamp` (seconds since 1970, UTC).
    public func compile(_ source: String, timestamp: Int) -> Result<[UInt8], Failure> {
        // An empty folder of its own as Typst's root: the source can read no file.
        let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("storyloom-typst-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)) != nil else { return .failure(ToolFailure("Typst", .cannotStart)) }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let arguments: [String] = switch kind {
        case .command: ["compile", "--root", root, "--creation-timestamp", String(timestamp), "--format", "pdf", "--diagnostic-format", "short", "-", "-"]
        case .python: ["-c", Self.pythonScript, root, String(timestamp)]
        }
        guard let run = ChildProcess.run(executable, arguments, input: Array(source.utf8), timeout: Self.timeLimit, captureErrors: true) else {
            return .failure(ToolFailure("Typst", .cannotStart))
        }
        if let failure = run.failure(of: "Typst", timeLimit: Self.timeLimit, usable: run.output.starts(with: Array("%PDF-".utf8))) {
            return .failure(failure)
        }
        return .success(run.output)
    }
}
