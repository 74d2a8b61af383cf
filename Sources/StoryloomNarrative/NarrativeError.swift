import StoryloomShared

/// A problem in a narrative page: where it is in the file, what is wrong, and what to do.
/// Prints as `file:line:column: message` (and `; suggestion` when there is one).
public struct NarrativeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// Line and column, from 1; columns count characters of the line.
    public var line: Int
    public var column: Int
    public var message: String
    /// What to do about it, when there is something to say.
    public var suggestion: String?

    public init(file: String, line: Int, column: Int, message: String, suggestion: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "\(file):\(line):\(column): \(message)"
        if let suggestion { text += "; \(suggestion)" }
        return text
    }

    /// The same problem as the `Diagnostic` every other input problem of Storyloom is.
    public var diagnostic: Diagnostic {
        Diagnostic(file: file, line: line, column: column, pointer: "", message: message, suggestion: suggestion)
    }
}

/// A problem found while reading, before the file's name is attached.
struct PageProblem: Error {
    var line: Int
    var column: Int
    var message: String
    var suggestion: String?

    init(_ line: Int, _ column: Int, _ message: String, suggestion: String? = nil) {
        self.line = line
        self.column = column
        self.message = message
        self.suggestion = suggestion
    }

    func error(in file: String) -> NarrativeError {
        NarrativeError(file: file, line: line, column: column, message: message, suggestion: suggestion)
    }
}
