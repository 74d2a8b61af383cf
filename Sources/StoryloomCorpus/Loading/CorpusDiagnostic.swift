/// One problem found in a corpus: where it is and what to do about it.
public struct CorpusDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// JSON pointer to the value (`/quotes/12/themes/0`); empty for the whole document.
    public var pointer: String
    /// Line and column, from 1, where the form has them.
    public var line: Int?
    public var column: Int?
    public var message: String
    /// What to do, e.g. "did you mean 'trust'?".
    public var suggestion: String?

    public init(file: String, pointer: String, line: Int? = nil, column: Int? = nil,
                message: String, suggestion: String? = nil) {
        self.file = file
        self.pointer = pointer
        self.line = line
        self.column = column
        self.message = message
        self.suggestion = suggestion
    }

    /// `file:line:column: at /pointer: message; suggestion`
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        var text = "\(place): error"
        if !pointer.isEmpty { text += " at \(pointer)" }
        text += ": \(message)"
        if let suggestion { text += "; \(suggestion)" }
        return text
    }
}

/// Why a corpus could not be loaded.
public struct CorpusError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The file could not be read at all (missing, unreadable, unknown form).
        case unreadable
        /// The file was read and its data is wrong.
        case invalid
    }

    public var kind: Kind
    /// Every problem found, in document order.
    public var diagnostics: [CorpusDiagnostic]

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Escapes a key for use in a JSON pointer (RFC 6901).
func pointerToken(_ key: String) -> String {
    guard key.contains("~") || key.contains("/") else { return key }
    return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
}

import Foundation
