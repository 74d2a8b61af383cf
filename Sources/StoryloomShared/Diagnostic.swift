/// One problem found in an input (a corpus, a project or brand file, a page, an import): where
/// it is, what is wrong and what to do. Every such problem in Storyloom is one of these, and
/// prints the same way.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// Line and column, from 1, where the form has them.
    public var line: Int?
    public var column: Int?
    /// JSON pointer to the value (`/quotes/12/themes/0`); empty for the whole file.
    public var pointer: String
    public var message: String
    /// What to do, e.g. "did you mean 'trust'?".
    public var suggestion: String?
    /// The input could not be read at all (exit 66), rather than read and found wrong (65).
    public var unreadable: Bool
    /// A problem that does not stop the input being used (shown as "warning").
    public var isWarning = false
    /// Further problems found in the same input in the same run, as printed, after this one.
    public var alsoFound: [String] = []

    public init(file: String, pointer: String, line: Int? = nil, column: Int? = nil,
                message: String, suggestion: String? = nil, unreadable: Bool = false) {
        self.file = file
        self.pointer = pointer
        self.line = line
        self.column = column
        self.message = message
        self.suggestion = suggestion
        self.unreadable = unreadable
    }

    /// The same, with the place given in reading order.
    public init(file: String, line: Int?, column: Int?, pointer: String, message: String,
                suggestion: String? = nil, unreadable: Bool = false) {
        self.init(file: file, pointer: pointer, line: line, column: column, message: message,
                  suggestion: suggestion, unreadable: unreadable)
    }

    /// `file:line:column: error at /pointer: message; suggestion`
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let column { text += ":\(column)" }
        text += isWarning ? ": warning" : ": error"
        if !pointer.isEmpty { text += " at \(pointer)" }
        text += ": \(message)"
        if let suggestion { text += "; \(suggestion)" }
        return ([text] + alsoFound).joined(separator: "\n")
    }
}
