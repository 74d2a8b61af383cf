/// What the study is: the corpus's `project` object.
public struct ProjectMetadata: Sendable {
    public struct Link: Sendable, Equatable {
        public var label: String
        public var url: String
    }

    public var title: String
    public var subtitle: String?
    public var organisation: String?
    public var partners: [String]
    /// ISO 8601 date, as written.
    public var date: String?
    public var version: String?
    /// Markdown.
    public var summary: String?
    /// Markdown.
    public var method: String?
    public var links: [Link]
    public var extra: Extras
}

/// One entry of a closed list (a sector, a role or a field).
public struct VocabularyEntry: Sendable {
    public var id: String
    public var label: String
    public var description: String?
    public var extra: Extras
}

/// The three closed lists storytellers are tagged with, in display order.
public struct Vocabularies: Sendable {
    public var sectors: [VocabularyEntry]
    public var roles: [VocabularyEntry]
    public var fields: [VocabularyEntry]

    /// The list of one kind.
    public subscript(kind: Facet) -> [VocabularyEntry] {
        switch kind {
        case .sector: sectors
        case .role: roles
        case .field: fields
        }
    }
}

/// The vocabularies a storyteller is tagged with.
public enum Facet: String, Sendable, CaseIterable {
    case sector, role, field

    /// The plural used in the file format (`sectors`, `roles`, `fields`).
    public var plural: String { rawValue + "s" }
}
