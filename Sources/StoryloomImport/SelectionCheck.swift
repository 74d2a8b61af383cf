import Foundation

/// Compares a selection's text (sliced at its positions) with its `name`, which many programs
/// set to the selected text, to catch positions counted another way before wrong quotes are
/// published.
enum SelectionCheck {
    enum Verdict: Equatable {
        /// The name agrees with the text, or is shorter and agrees with its start.
        case agrees
        /// The positions are evidently counted another way: the message says how.
        case misplaced(String, suggestion: String)
        /// The name is not the text (it may be a label): worth a warning.
        case differs
    }

    /// Text with runs of white space as one space, trimmed: a parser turns line breaks in an
    /// attribute into spaces, and names are often trimmed.
    static func folded(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func agrees(_ slice: String, name: String) -> Bool {
        // Most names are the text itself: compared as bytes before anything is folded.
        if slice == name { return true }
        let a = folded(slice), b = folded(name)
        if a == b { return true }
        // Names cut short, with or without an ellipsis.
        var prefix = b
        for mark in ["…", "..."] where prefix.hasSuffix(mark) { prefix = String(prefix.dropLast(mark.count)).trimmingCharacters(in: .whitespaces) }
        return prefix.count >= 8 && a.hasPrefix(prefix)
    }

    /// `slice`: the text at the positions in `reading`, when the caller has it already.
    static func check(name: String, start: Int, end: Int, text: ScalarText, reading: ScalarText.Reading, inline: Bool,
                      slice known: String? = nil) -> Verdict {
        guard let slice = known ?? text.slice(start, end, reading: reading) else { return .differs }
        if agrees(slice, name: name) { return .agrees }
        for other in ScalarText.Reading.allCases where other != reading {
            if let alternative = text.slice(start, end, reading: other), agrees(alternative, name: name) {
                let crlf = other == .crlfAsOne
                return .misplaced(
                    "the text at positions \(start)–\(end) is not the selection's name; read as \(other.explanation) it is"
                        + (crlf ? ": the positions are off around CRLF line endings" : ""),
                    suggestion: "the program that wrote the file counts positions that way: add `positions: \(other.rawValue)` to the map file (--map) to read every selection so")
            }
        }
        for shift in [-1, 1, -2, 2] {
            if let alternative = text.slice(start + shift, end + shift, reading: reading), agrees(alternative, name: name) {
                let from = text.scalarIndex(start, reading: reading) ?? 0
                var where_ = ""
                if text.hasCRLF(before: from) {
                    where_ = "; the text has CRLF line endings before it, and a program that counted each as one character, or two, drifts by one per line"
                } else if inline, text.hasLineFeed(before: from) {
                    where_ = "; the text is inline, and reading XML turns CRLF line endings into LF, so a program that counted CRLF as two characters drifts by one per line"
                }
                return .misplaced(
                    "the selection is off by \(shift > 0 ? "+" : "")\(shift): its name is the text at \(start + shift)–\(end + shift), not at \(start)–\(end)\(where_)",
                    suggestion: "correct the selection in the program that made the project and export again; positions count Unicode scalars from 0, the end exclusive")
            }
        }
        return .differs
    }
}
