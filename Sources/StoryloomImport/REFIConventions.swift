import StoryloomCorpus
import StoryloomShared

/// How Storyloom writes a corpus into REFI-QDA, shared by the export (which writes it) and the
/// import (which recognises it), so that what one writes the other reads back the same.
enum REFIConventions {
    /// The name of the archive entry holding what REFI-QDA has no place for (ids, story
    /// changes, vocabulary labels, extras): the corpus itself, as canonical JSON. Other
    /// programs ignore it; the import uses it only for records whose GUIDs it finds.
    static let sidecar = "storyloom.json"

    /// Case variables for the vocabularies.
    static let vocabularyVariables: [(Facet, String)] = [(.sector, "Sector"), (.role, "Role"), (.field, "Field")]

    /// Source variables for story fields, and the names the import also accepts for them.
    enum StoryField: String, CaseIterable {
        case format, recorded, source

        var variableName: String {
            switch self {
            case .format: "Story format"
            case .recorded: "Recorded"
            case .source: "Story source"
            }
        }

        static func named(_ name: String) -> StoryField? {
            switch name.lowercased().trimmed(of: .whitespaces) {
            case "format", "story format": .format
            case "recorded", "date recorded", "recorded on": .recorded
            case "source", "story source": .source
            default: nil
            }
        }
    }

    /// The code whose codings mark key quotations.
    static let keyCodeName = "Key quotation"
    static let keyCodeGUID = NameUUID.guid("storyloom", "key-quotation")

    /// Prefix of a variable that is always an attribute (one whose name would otherwise be
    /// read as a vocabulary or a story field).
    static let attributePrefix = "attr:"

    /// Several values in one text value.
    static let separator = "; "

    static func split(_ text: String) -> [String] {
        text.split(separator: ";").map { $0.trimmed(of: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// A vocabulary list as a variable's text: labels where they say one entry unambiguously,
    /// else ids.
    static func vocabularyText(_ ids: [String], entries: [CorpusDraft.VocabularyEntry]) -> String {
        ids.map { id in
            guard let entry = entries.first(where: { $0.id == id }) else { return id }
            let label = entry.label
            let unique = entries.filter { $0.label.lowercased() == label.lowercased() || $0.id.lowercased() == label.lowercased() }.count == 1
            return unique && !label.contains(";") && label.trimmingCharacters(in: .whitespacesAndNewlines) == label && !label.isEmpty ? label : id
        }.joined(separator: separator)
    }

    /// An attribute's value as text, as a variable holds it.
    static func attributeText(_ value: PlainValue) -> String {
        switch value {
        case let .string(s): s
        case let .number(n): formatNumber(n)
        case let .integer(i): String(i)
        case let .bool(b): b ? "true" : "false"
        case let .array(items): items.compactMap(\.stringValue).joined(separator: separator)
        default: ""
        }
    }
}
