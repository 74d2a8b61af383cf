import StoryloomCorpus
import StoryloomShared

/// The corpus's records as the plain values plugins read (see docs/lua-api.md, "The corpus").
struct CorpusValues {
    let corpus: Corpus

    func extra(_ extras: Extras) -> PlainValue {
        .record(extras.map { ($0.key, value($0.value)) })
    }

    /// A number as Lua should see it: whole numbers as integers, so "54" is not printed "54.0".
    static func number(_ n: Double) -> PlainValue {
        n == n.rounded() && abs(n) < 1e15 ? .integer(Int64(n)) : .number(n)
    }

    func value(_ extra: ExtraValue) -> PlainValue {
        switch extra {
        case .null: .null
        case let .bool(b): .bool(b)
        case let .number(n): Self.number(n)
        case let .integer(i): .integer(i)
        case let .string(s): .string(s)
        case let .array(items): .array(items.map(value))
        case let .object(members): .record(members.map { ($0.key, value($0.value)) })
        }
    }

    func optional(_ text: String?) -> PlainValue { text.map(PlainValue.string) ?? .null }

    func strings(_ list: [String]) -> PlainValue { .array(list.map(PlainValue.string)) }

    func ids(_ indexes: [Int], of facet: Facet) -> PlainValue {
        .array(indexes.map { .string(corpus.vocabularies[facet][$0].id) })
    }

    var project: PlainValue {
        let p = corpus.project
        return .record([
            ("title", .string(p.title)), ("subtitle", optional(p.subtitle)), ("organisation", optional(p.organisation)),
            ("partners", strings(p.partners)), ("date", optional(p.date)), ("version", optional(p.version)),
            ("summary", optional(p.summary)), ("method", optional(p.method)),
            ("links", .array(p.links.map { .record([("label", .string($0.label)), ("url", .string($0.url))]) })),
            ("extra", extra(p.extra)),
        ])
    }

    var vocabularies: PlainValue {
        func list(_ entries: [VocabularyEntry]) -> PlainValue {
            .array(entries.map { .record([("id", .string($0.id)), ("label", .string($0.label)), ("description", optional($0.description))]) })
        }
        return .record([("sectors", list(corpus.vocabularies.sectors)), ("roles", list(corpus.vocabularies.roles)),
                        ("fields", list(corpus.vocabularies.fields))])
    }

    var counts: PlainValue {
        .record([("storytellers", .integer(Int64(corpus.storytellers.count))), ("stories", .integer(Int64(corpus.stories.count))),
                 ("quotes", .integer(Int64(corpus.quotes.count))), ("themes", .integer(Int64(corpus.themes.count)))])
    }

    /// nil for a whole corpus; for a report's `where`, what part of the whole it is.
    var selection: PlainValue {
        guard let s = corpus.selection else { return .null }
        return .record([("description", .string(s.description)), ("all_stories", .integer(Int64(s.allStories))),
                        ("all_storytellers", .integer(Int64(s.allStorytellers))), ("all_quotes", .integer(Int64(s.allQuotes)))])
    }

    func theme(_ i: Int) -> PlainValue {
        let t = corpus.themes[i]
        return .record([
            ("id", .string(t.id)), ("title", .string(t.title)), ("summary", optional(t.summary)),
            ("order", t.order.map { .integer(Int64($0)) } ?? .null), ("tags", strings(t.tags)),
            ("depth", .integer(Int64(t.depth))), ("parent", t.parent.map { .string(corpus.themes[$0].id) } ?? .null),
            ("children", .array(t.children.map { .string(corpus.themes[$0].id) })), ("extra", extra(t.extra)),
        ])
    }

    func storyteller(_ i: Int) -> PlainValue {
        let s = corpus.storytellers[i]
        let attributes: [(String, PlainValue)] = s.attributes.map { key, value in
            switch value {
            case let .string(text): (key, .string(text))
            case let .number(n): (key, Self.number(n))
            case let .bool(b): (key, .bool(b))
            case let .strings(list): (key, strings(list))
            }
        }
        return .record([
            ("id", .string(s.id)), ("sectors", ids(s.sectors, of: .sector)), ("roles", ids(s.roles, of: .role)),
            ("fields", ids(s.fields, of: .field)), ("attributes", .record(attributes)),
            ("stories", .array(s.stories.map { .string(corpus.stories[$0].id) })), ("extra", extra(s.extra)),
        ])
    }

    /// A story's sectors: the union of its storytellers', in vocabulary order.
    func storySectors(_ i: Int) -> PlainValue {
        let sets = corpus.index.stories[.sector]!
        return .array(sets.indices.filter { sets[$0].contains(i) }.map { .string(corpus.vocabularies.sectors[$0].id) })
    }

    func story(_ i: Int) -> PlainValue {
        let s = corpus.stories[i]
        return .record([
            ("id", .string(s.id)), ("storytellers", .array(s.storytellers.map { .string(corpus.storytellers[$0].id) })),
            ("sectors", storySectors(i)), ("format", optional(s.format)), ("reporter", optional(s.reporter)),
            ("recorded", optional(s.recorded)), ("title", optional(s.title)), ("summary", optional(s.summary)),
            ("themes", .array(s.themes.map { .string(corpus.themes[$0].id) })),
            ("changes", .record([("individual", strings(s.changes.individual)), ("organisation", strings(s.changes.organisation)),
                                 ("society", strings(s.changes.society))])),
            ("source", optional(s.source)), ("quotes", .array(s.quotes.map { .string(corpus.quotes[$0].id) })),
            ("extra", extra(s.extra)),
        ])
    }

    func quote(_ i: Int) -> PlainValue {
        let q = corpus.quotes[i]
        return .record([
            ("id", .string(q.id)), ("story", .string(corpus.stories[q.story].id)), ("text", .string(q.text)),
            ("themes", .array(q.themes.map { .string(corpus.themes[$0].id) })), ("key", .bool(q.key)),
            ("note", optional(q.note)), ("sectors", storySectors(q.story)), ("extra", extra(q.extra)),
        ])
    }
}
