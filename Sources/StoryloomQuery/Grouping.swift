import BitCollections
import StoryloomCorpus

/// What to group records by.
public enum GroupKey: Sendable, Equatable {
    /// Vocabulary entries, in display order.
    case facet(Facet)
    /// The values given for a self-described attribute, most frequent first.
    case attribute(String)
    /// The children of a theme (the roots when nil); `deep` counts their descendants too.
    case theme(parent: String?, deep: Bool)
    /// Story `source`, story `format`: in order of first appearance.
    case source, storyFormat
}

/// One group: its key, label, how many records it holds, and that count as a share of the set.
public struct Group: Sendable, Equatable {
    public var key: String
    public var label: String
    public var count: Int
    /// `count` divided by the size of the set grouped (0 when it is empty).
    public var share: Double
}

extension Query {
    /// Groups the records in `set` (of `kind`). A record may fall in several groups
    /// (a storyteller in two sectors), so shares need not add up to 1.
    public func group(_ kind: RecordKind, _ set: BitSet, by key: GroupKey) throws(QueryError) -> [Group] {
        let total = set.count
        func make(_ key: String, _ label: String, _ members: BitSet) -> Group {
            let count = set.intersection(members).count
            return Group(key: key, label: label, count: count, share: total == 0 ? 0 : Double(count) / Double(total))
        }
        switch key {
        case let .facet(facet):
            return corpus.vocabularies[facet].map { entry in
                make(entry.id, entry.label, try! select(kind, .facet(facet, entry.id)))
            }
        case let .attribute(name):
            let groups = attributeValues(name).map { value, tellers in
                make(value, value, convert(tellers, from: .storytellers, to: kind))
            }
            return groups.filter { $0.count > 0 }.sorted { ($0.count, $1.key) > ($1.count, $0.key) }
        case let .theme(parent, deep):
            let themes: [Int]
            if let parent {
                guard let theme = corpus.theme(id: parent) else { throw unknown("theme", parent, among: corpus.themes.map(\.id)) }
                themes = corpus.themes[theme].children
            } else {
                themes = corpus.roots
            }
            return try themes.map { theme throws(QueryError) in
                make(corpus.themes[theme].id, corpus.themes[theme].title,
                     try select(kind, .theme(corpus.themes[theme].id, deep: deep)))
            }
        case .source, .storyFormat:
            var order: [String] = []
            var members: [String: BitSet] = [:]
            for (s, story) in corpus.stories.enumerated() {
                let value = (key == .source ? story.source : story.format) ?? "(none)"
                if members[value] == nil { order.append(value) }
                members[value, default: BitSet()].insert(s)
            }
            return order.map { make($0, $0, convert(members[$0]!, from: .stories, to: kind)) }
        }
    }
}
