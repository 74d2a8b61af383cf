import StoryloomShared

/// Every problem one import run finds, errors and warnings, so they can all be printed at
/// once rather than one per run.
public struct ImportProblems: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public var errors: [Diagnostic] { all.filter { !$0.isWarning } }
    public var warnings: [Diagnostic] { all.filter(\.isWarning) }
    public var hasErrors: Bool { all.contains { !$0.isWarning } }

    /// A problem that stops the import.
    public mutating func error(_ file: String, line: Int? = nil, at pointer: String = "", _ message: String,
                               suggestion: String? = nil) {
        all.append(Diagnostic(file: file, pointer: pointer, line: line, message: message, suggestion: suggestion))
    }

    /// A problem worth saying that does not stop the import.
    public mutating func warning(_ file: String, line: Int? = nil, at pointer: String = "", _ message: String,
                                 suggestion: String? = nil) {
        var diagnostic = Diagnostic(file: file, pointer: pointer, line: line, message: message, suggestion: suggestion)
        diagnostic.isWarning = true
        all.append(diagnostic)
    }

    public mutating func append(contentsOf other: ImportProblems) { all += other.all }
    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }
}

/// Why an import or export stopped.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// An input could not be read at all: missing, not a file, not the kind named (exit 66).
        case unreadable
        /// The input was read and is wrong, or would not make a valid corpus (exit 65).
        case invalid
    }

    public var kind: Kind
    /// Every problem found, warnings included, in the order found.
    public var problems: [Diagnostic]

    public init(kind: Kind, problems: [Diagnostic]) {
        self.kind = kind
        self.problems = problems
    }

    /// One problem that stops everything.
    public init(_ kind: Kind, file: String, line: Int? = nil, at pointer: String = "", _ message: String,
                suggestion: String? = nil) {
        self.kind = kind
        problems = [Diagnostic(file: file, pointer: pointer, line: line, message: message, suggestion: suggestion)]
    }

    public var errorCount: Int { problems.filter { !$0.isWarning }.count }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
