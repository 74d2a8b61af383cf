import StoryloomCorpus
import StoryloomShared

/// A corpus being put together by an import, in the shape of `storyloom-corpus/1`: ids as
/// strings, records in output order. It is written as canonical JSON and then loaded with
/// `CorpusLoader`, so the loader stays the one judge of what a corpus is.
public struct CorpusDraft: Sendable {
    public struct VocabularyEntry: Sendable {
        public var id: String
        public var label: String
        public var description: String?
        public var extra: [PlainValue.Member] = []
    }

    public struct Theme: Sendable {
        public var id: String
        public var title: String
        public var parent: String?
        public var summary: String?
        public var order: Int?
        public var tags: [String] = []
        public var extra: [PlainValue.Member] = []
    }

    public struct Storyteller: Sendable {
        public var id: String
        public var roles: [String] = []
        public var sectors: [String] = []
        public var fields: [String] = []
        public var attributes: [PlainValue.Member] = []
        public var extra: [PlainValue.Member] = []
    }

    public struct Story: Sendable {
        public var id: String
        public var storytellers: [String] = []
        public var format: String?
        public var reporter: String?
        public var recorded: String?
        public var title: String?
        public var summary: String?
        public var themes: [String] = []
        /// `individual`, `organisation`, `society`: nil when the story has no `changes` key.
        public var changes: [String: [String]]?
        public var source: String?
        public var extra: [PlainValue.Member] = []
    }

    public struct Quote: Sendable {
        public var id: String
        public var story: String
        public var text: String
        public var themes: [String] = []
        public var key = false
        public var note: String?
        public var extra: [PlainValue.Member] = []
    }

    /// The `project` object: `title` and the rest, as members.
    public var project: [PlainValue.Member] = []
    public var sectors: [VocabularyEntry] = []
    public var roles: [VocabularyEntry] = []
    public var fields: [VocabularyEntry] = []
    public var themes: [Theme] = []
    public var storytellers: [Storyteller] = []
    public var stories: [Story] = []
    public var quotes: [Quote] = []
    /// Top-level keys the format does not define.
    public var extra: [PlainValue.Member] = []

    public init() {}

    public subscript(facet: Facet) -> [VocabularyEntry] {
        get {
            switch facet {
            case .sector: sectors
            case .role: roles
            case .field: fields
            }
        }
        set {
            switch facet {
            case .sector: sectors = newValue
            case .role: roles = newValue
            case .field: fields = newValue
            }
        }
    }

    public var projectTitle: String? { project.first { $0.key == "title" }?.value.stringValue }

    public mutating func setProject(_ key: String, _ value: PlainValue?) {
        project.removeAll { $0.key == key }
        if let value { project.append((key, value)) }
    }

    // MARK: Writing

    /// Canonical JSON text: the same draft always gives the same bytes. Members are written
    /// in the draft's order (the format's keys first, as corpus-format.md lists them; a
    /// storyteller's attributes as they came), not sorted, so a reload keeps that order.
    public var json: String {
        var out = JSONOutput(capacity: 1 << 20)
        out.object { top in
            top.member("format", Corpus.format)
            top.member("project", .object(project))
            if !(sectors.isEmpty && roles.isEmpty && fields.isEmpty) {
                top.key("vocabularies")
                top.object { vocabularies in
                    for facet in Facet.allCases {
                        vocabularies.key(facet.plural)
                        vocabularies.array { list in
                            for entry in self[facet] {
                                list.item()
                                list.object { o in
                                    o.member("id", entry.id)
                                    o.member("label", entry.label)
                                    o.member("description", entry.description)
                                    o.members(entry.extra)
                                }
                            }
                        }
                    }
                }
            }
            top.key("themes")
            top.array { list in
                for theme in themes {
                    list.item()
                    list.object { o in
                        o.member("id", theme.id)
                        o.member("title", theme.title)
                        o.member("parent", theme.parent)
                        o.member("summary", theme.summary)
                        o.member("order", theme.order.map { PlainValue.integer(Int64($0)) })
                        if !theme.tags.isEmpty { o.member("tags", strings: theme.tags) }
                        o.members(theme.extra)
                    }
                }
            }
            top.key("storytellers")
            top.array { list in
                for teller in storytellers {
                    list.item()
                    list.object { o in
                        o.member("id", teller.id)
                        o.member("roles", strings: teller.roles)
                        o.member("sectors", strings: teller.sectors)
                        o.member("fields", strings: teller.fields)
                        o.member("attributes", .object(teller.attributes))
                        o.members(teller.extra)
                    }
                }
            }
            top.key("stories")
            top.array { list in
                for story in stories {
                    list.item()
                    list.object { o in
                        o.member("id", story.id)
                        o.member("storytellers", strings: story.storytellers)
                        o.member("format", story.format)
                        o.member("reporter", story.reporter)
                        o.member("recorded", story.recorded)
                        o.member("title", story.title)
                        o.member("summary", story.summary)
                        o.member("themes", strings: story.themes)
                        if let changes = story.changes {
                            o.key("changes")
                            o.object { c in
                                for kind in ["individual", "organisation", "society"] { c.member(kind, strings: changes[kind] ?? []) }
                            }
                        }
                        o.member("source", story.source)
                        o.members(story.extra)
                    }
                }
            }
            top.key("quotes")
            top.array(quotes) { list, quote in
                list.object { o in
                    o.member("id", quote.id)
                    o.member("story", quote.story)
                    o.member("text", quote.text)
                    o.member("themes", strings: quote.themes)
                    o.member("key", PlainValue.bool(quote.key))
                    o.member("note", quote.note)
                    o.members(quote.extra)
                }
            }
            top.members(extra)
        }
        return out.document()
    }
}

extension PlainValue {
    public typealias Member = (key: String, value: PlainValue)
}

// MARK: Reading a loaded corpus

extension CorpusDraft {
    /// The draft of a loaded corpus: what an export writes and a round trip compares.
    public init(_ corpus: Corpus) {
        func entries(_ facet: Facet) -> [VocabularyEntry] {
            corpus.vocabularies[facet].map { VocabularyEntry(id: $0.id, label: $0.label, description: $0.description, extra: $0.extra) }
        }
        func ids(_ facet: Facet, _ indexes: [Int]) -> [String] { indexes.map { corpus.vocabularies[facet][$0].id } }
        let p = corpus.project
        var project: [PlainValue.Member] = [("title", .string(p.title))]
        let optional: [(String, String?)] = [("subtitle", p.subtitle), ("organisation", p.organisation), ("date", p.date),
                                             ("version", p.version), ("summary", p.summary), ("method", p.method)]
        for (key, value) in optional { if let value { project.append((key, .string(value))) } }
        if !p.partners.isEmpty { project.append(("partners", .array(p.partners.map(PlainValue.string)))) }
        if !p.links.isEmpty {
            project.append(("links", .array(p.links.map { .object([("label", .string($0.label)), ("url", .string($0.url))]) })))
        }
        self.project = project + p.extra
        sectors = entries(.sector)
        roles = entries(.role)
        fields = entries(.field)
        themes = corpus.themes.map { theme in
            Theme(id: theme.id, title: theme.title, parent: theme.parent.map { corpus.themes[$0].id }, summary: theme.summary,
                  order: theme.order, tags: theme.tags, extra: theme.extra)
        }
        storytellers = corpus.storytellers.map { teller in
            Storyteller(id: teller.id, roles: ids(.role, teller.roles), sectors: ids(.sector, teller.sectors),
                        fields: ids(.field, teller.fields),
                        attributes: teller.attributes.map { ($0.key, $0.value.plainValue) }, extra: teller.extra)
        }
        stories = corpus.stories.map { story in
            let c = story.changes
            let changes: [String: [String]]? = c.individual.isEmpty && c.organisation.isEmpty && c.society.isEmpty ? nil
                : ["individual": c.individual, "organisation": c.organisation, "society": c.society]
            return Story(id: story.id, storytellers: story.storytellers.map { corpus.storytellers[$0].id }, format: story.format,
                         reporter: story.reporter, recorded: story.recorded, title: story.title, summary: story.summary,
                         themes: story.themes.map { corpus.themes[$0].id }, changes: changes, source: story.source, extra: story.extra)
        }
        quotes = corpus.quotes.map { quote in
            Quote(id: quote.id, story: corpus.stories[quote.story].id, text: quote.text, themes: quote.themes.map { corpus.themes[$0].id },
                  key: quote.key, note: quote.note, extra: quote.extra)
        }
        extra = corpus.extra
    }
}

extension AttributeValue {
    var plainValue: PlainValue {
        switch self {
        case let .string(s): .string(s)
        case let .number(n): .number(n)
        case let .bool(b): .bool(b)
        case let .strings(list): .array(list.map(PlainValue.string))
        }
    }
}
