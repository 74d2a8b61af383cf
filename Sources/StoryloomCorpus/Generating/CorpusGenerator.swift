/// Writes a synthetic corpus of any size as JSON, for benchmarks and load tests.
///
/// The shape follows the sample study (three sectors, three roles, a three-level theme tree,
/// mostly one-to-one stories with some groups, about five quotes a story of about 90 words),
/// so timings on it say something about real corpora. Same stories and seed, same bytes.
public struct CorpusGenerator {
    public var stories: Int
    public var seed: UInt64
    public var quotesPerStory = 5

    public init(stories: Int, seed: UInt64) {
        self.stories = stories
        self.seed = seed
    }

    static let sectors = ["research", "policy", "services"]
    static let roles = ["lived-experience", "facilitator", "professional"]
    static let fields = ["health-social-care", "housing", "local-authorities", "communities", "education",
                         "equality-diversity", "justice", "employment"]
    static let words = """
    we people co-production project together voice change power trust learning research service policy
    community lived experience listen shared value equal team support time funding group story matter
    felt heard real open honest build change because everyone different ideas meeting space work
    professional patient carer family local council health care housing outcome better understand
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// The theme ids, neutral like a coding frame the tools have never seen: six roots
    /// (`theme-1` … `theme-6`), each with 5 children (`theme-1.1`), each with 2 grandchildren.
    static func themeIDs() -> [(id: String, parent: String?)] {
        var result: [(String, String?)] = []
        for root in (1 ... 6).map({ "theme-\($0)" }) {
            result.append((root, nil))
            for c in 1 ... 5 {
                let child = "\(root).\(c)"
                result.append((child, root))
                for g in 1 ... 2 { result.append(("\(child).\(g)", child)) }
            }
        }
        return result
    }

    /// Streams the corpus to `sink` in chunks of about a megabyte.
    public func write(to sink: (ArraySlice<UInt8>) throws -> Void) rethrows {
        var rng = SeededRandom(seed: seed)
        var out = JSONSink()
        let themes = Self.themeIDs()
        let leafThemes = themes.filter { theme in !themes.contains { $0.parent == theme.id } }.map(\.id)

        out.raw("{\n  \"format\": \"storyloom-corpus/1\",\n  \"project\": {\"title\": \"Generated corpus\", ")
        out.raw("\"summary\": \"A synthetic corpus of \(stories) stories (seed \(seed)) for benchmarks.\", \"date\": \"2024-01-01\"},\n")
        out.raw("  \"vocabularies\": {")
        for (n, (name, list)) in [("sectors", Self.sectors), ("roles", Self.roles), ("fields", Self.fields)].enumerated() {
            out.raw(n == 0 ? "\"\(name)\": [" : ", \"\(name)\": [")
            for (i, id) in list.enumerated() {
                out.raw(i == 0 ? "" : ", ")
                out.raw("{\"id\": \"\(id)\", \"label\": \"\(id)\"}")
            }
            out.raw("]")
        }
        out.raw("},\n  \"themes\": [\n")
        for (i, theme) in themes.enumerated() {
            out.raw(i == 0 ? "    " : ",\n    ")
            out.raw("{\"id\": \"\(theme.id)\", \"title\": \"Theme \(theme.id)\"")
            if let parent = theme.parent { out.raw(", \"parent\": \"\(parent)\"") }
            out.raw(", \"summary\": \"About theme \(theme.id).\"}")
        }
        try flush(&out, sink)

        // One storyteller per story, plus the extra members of group stories.
        var groups: [Int] = []
        var tellerCount = 0
        for _ in 0 ..< stories {
            let size = rng.chance(0.08) ? 2 + rng.below(8) : 1
            groups.append(size)
            tellerCount += size
        }
        out.raw("\n  ],\n  \"storytellers\": [\n")
        for t in 0 ..< tellerCount {
            out.raw(t == 0 ? "    " : ",\n    ")
            out.raw("{\"id\": \"st\(t)\", \"sectors\": [")
            var first = true
            for (i, sector) in Self.sectors.enumerated() where rng.chance([0.64, 0.43, 0.63][i]) || (i == 2 && first) {
                out.raw(first ? "\"\(sector)\"" : ", \"\(sector)\"")
                first = false
            }
            out.raw("], \"roles\": [\"\(Self.roles[rng.below(3)])\"], \"fields\": [\"\(Self.fields[rng.chance(0.7) ? 0 : rng.below(Self.fields.count)])\"]")
            out.raw(", \"attributes\": {\"gender\": \"\(rng.chance(0.66) ? "female" : "male")\"")
            if rng.chance(0.2) { out.raw(", \"age\": \(20 + rng.below(66))") }
            if rng.chance(0.26) { out.raw(", \"disability\": [\"\(rng.chance(0.5) ? "mental-health" : "physical")\"]") }
            out.raw("}}")
            if t % 4096 == 0 { try flush(&out, sink) }
        }
        out.raw("\n  ],\n  \"stories\": [\n")
        var teller = 0
        for s in 0 ..< stories {
            out.raw(s == 0 ? "    " : ",\n    ")
            out.raw("{\"id\": \"s\(s)\", \"storytellers\": [")
            for m in 0 ..< groups[s] {
                out.raw(m == 0 ? "\"st\(teller)\"" : ", \"st\(teller)\"")
                teller += 1
            }
            let month = 1 + rng.below(12), day = 1 + rng.below(28)
            out.raw("], \"format\": \"\(groups[s] > 1 ? "group" : "one-to-one")\", \"reporter\": \"cr\(rng.below(20))\"")
            out.raw(", \"recorded\": \"2022-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)\"")
            out.raw(", \"title\": \"Story \(s)\", \"themes\": [\"\(leafThemes[rng.below(leafThemes.count)])\"], \"source\": \"generated\"}")
            if s % 4096 == 0 { try flush(&out, sink) }
        }
        out.raw("\n  ],\n  \"quotes\": [\n")
        var q = 0
        for s in 0 ..< stories {
            for _ in 0 ..< quotesPerStory {
                out.raw(q == 0 ? "    " : ",\n    ")
                out.raw("{\"id\": \"q\(q)\", \"story\": \"s\(s)\", \"text\": \"")
                let length = 40 + rng.below(50)
                for w in 0 ..< length {
                    if w > 0 { out.raw(" ") }
                    out.raw(Self.words[rng.below(Self.words.count)])
                }
                out.raw(".\", \"themes\": [\"\(leafThemes[rng.below(leafThemes.count)])\"")
                if rng.chance(0.3) { out.raw(", \"\(leafThemes[rng.below(leafThemes.count)])\"") }
                out.raw("], \"key\": \(rng.chance(0.1))}")
                q += 1
            }
            if s % 512 == 0 { try flush(&out, sink) }
        }
        out.raw("\n  ]\n}\n")
        try flush(&out, sink)
    }

    private func flush(_ out: inout JSONSink, _ sink: (ArraySlice<UInt8>) throws -> Void) rethrows {
        try sink(out.bytes[...])
        out.bytes.removeAll(keepingCapacity: true)
    }
}

/// A growing byte buffer for the generator (its strings need no escaping).
struct JSONSink {
    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(2 << 20)
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }
}
