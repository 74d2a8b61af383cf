import StoryloomShared

/// One problem found in a corpus (the project's one located diagnostic).
public typealias CorpusDiagnostic = Diagnostic

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
