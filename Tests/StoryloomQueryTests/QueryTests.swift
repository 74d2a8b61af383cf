import BitCollections
import Foundation
import Testing
import StoryloomCorpus
@testable import StoryloomQuery

/// Four storytellers, three stories, five quotes: small enough to check every answer by hand.
private let corpus: Corpus = {
    let json = """
    {"format": "storyloom-corpus/1", "project": {"title": "Query study"},
     "vocabularies": {"sectors": [{"id": "research", "label": "Research"}, {"id": "policy", "label": "Policy"}, {"id": "services", "label": "Services"}],
                      "roles": [{"id": "lived-experience", "label": "Lived experience"}, {"id": "professional", "label": "Professional"}]},
     "themes": [{"id": "power", "title": "Power"}, {"id": "power.sharing", "title": "Sharing power", "parent": "power"},
                {"id": "trust", "title": "Trust"}],
     "storytellers": [
       {"id": "a", "sectors": ["research"], "roles": ["lived-experience"], "attributes": {"gender": "female", "age": 30}},
       {"id": "b", "sectors": ["research", "services"], "roles": ["professional"], "attributes": {"gender": "male", "disability": ["physical", "mental-health"]}},
       {"id": "c", "sectors": ["policy"], "roles": ["professional"], "attributes": {"gender": "female"}},
       {"id": "d", "sectors": ["services"], "roles": ["lived-experience"]}],
     "stories": [
       {"id": "s1", "storytellers": ["a"], "recorded": "2022-03-01", "source": "2022-call", "format": "one-to-one"},
       {"id": "s2", "storytellers": ["b", "c"], "recorded": "2022-06-15", "source": "2022-call", "format": "group"},
       {"id": "s3", "storytellers": ["d"], "recorded": "2021-11-20", "source": "earlier-project", "format": "one-to-one", "themes": ["trust"]}],
     "quotes": [
       {"id": "q1", "story": "s1", "text": "Sharing power felt new. Power, power!", "themes": ["power.sharing"], "key": true},
       {"id": "q2", "story": "s1", "text": "We trusted each other.", "themes": ["trust"]},
       {"id": "q3", "story": "s2", "text": "Policy people shared power with us.", "themes": ["power.sharing", "trust"]},
       {"id": "q4", "story": "s2", "text": "It’s about trust — real trust.", "themes": ["trust"]},
       {"id": "q5", "story": "s3", "text": "Services changed.", "themes": ["power"]}]}
    """
    return try! CorpusLoader.load(bytes: Array(json.utf8), file: "query.json", form: .json)
}()

private func ids(_ set: BitSet, _ kind: RecordKind) -> [String] {
    set.map { i in
        switch kind {
        case .storytellers: corpus.storytellers[i].id
        case .stories: corpus.stories[i].id
        case .quotes: corpus.quotes[i].id
        }
    }
}

@Suite struct SelectionTests {
    let query = Query(corpus: corpus)

    @Test func facetsCarryAcrossKinds() throws {
        #expect(ids(try query.select(.storytellers, .facet(.sector, "research")), .storytellers) == ["a", "b"])
        #expect(ids(try query.select(.stories, .facet(.sector, "services")), .stories) == ["s2", "s3"])
        #expect(ids(try query.select(.quotes, .facet(.sector, "policy")), .quotes) == ["q3", "q4"])
    }

    @Test func themesWithAndWithoutDescendants() throws {
        #expect(ids(try query.select(.quotes, .theme("power", deep: false)), .quotes) == ["q5"])
        #expect(ids(try query.select(.quotes, .theme("power", deep: true)), .quotes) == ["q1", "q3", "q5"])
        // s3 names trust on its review sheet; s1 and s2 hold trust quotes.
        #expect(ids(try query.select(.stories, .theme("trust", deep: false)), .stories) == ["s1", "s2", "s3"])
        #expect(ids(try query.select(.storytellers, .theme("power.sharing", deep: false)), .storytellers) == ["a", "b", "c"])
    }

    @Test func attributesDatesKeyAndSource() throws {
        #expect(ids(try query.select(.storytellers, .attribute("gender", value: "female")), .storytellers) == ["a", "c"])
        #expect(ids(try query.select(.storytellers, .attribute("disability", value: "physical")), .storytellers) == ["b"])
        #expect(ids(try query.select(.storytellers, .attribute("age", value: nil)), .storytellers) == ["a"])
        #expect(ids(try query.select(.stories, .recorded(from: "2022-01-01", to: "2022-06-15")), .stories) == ["s1", "s2"])
        #expect(ids(try query.select(.stories, .key), .stories) == ["s1"])
        #expect(ids(try query.select(.quotes, .source("earlier-project")), .quotes) == ["q5"])
        #expect(ids(try query.select(.stories, .storyFormat("group")), .stories) == ["s2"])
    }

    @Test func combinators() throws {
        let researchNotServices = Selector.and([.facet(.sector, "research"), .not(.facet(.sector, "services"))])
        #expect(ids(try query.select(.storytellers, researchNotServices), .storytellers) == ["a"])
        let either = Selector.or([.ids(["q1"]), .theme("power", deep: false)])
        #expect(ids(try query.select(.quotes, either), .quotes) == ["q1", "q5"])
    }

    @Test func unknownNamesSuggest() {
        #expect(throws: QueryError("the corpus has no theme 'trsut'; did you mean 'trust'?")) {
            try query.select(.quotes, .theme("trsut", deep: false))
        }
        #expect(throws: QueryError("the corpus has no sector 'polcy'; did you mean 'policy'?")) {
            try query.select(.quotes, .facet(.sector, "polcy"))
        }
        #expect(throws: QueryError("'2022-3-1' is not a date; write YYYY-MM-DD")) {
            try query.select(.stories, .recorded(from: "2022-3-1", to: nil))
        }
    }
}

@Suite struct AggregationTests {
    let query = Query(corpus: corpus)

    @Test func groupByFacetAndAttribute() throws {
        let sectors = try query.group(.storytellers, query.everything(.storytellers), by: .facet(.sector))
        #expect(sectors.map(\.count) == [2, 1, 2])
        #expect(sectors.map(\.share) == [0.5, 0.25, 0.5])
        let genders = try query.group(.storytellers, query.everything(.storytellers), by: .attribute("gender"))
        #expect(genders.map(\.key) == ["female", "male"])
        #expect(genders.map(\.count) == [2, 1])
        let sources = try query.group(.quotes, query.everything(.quotes), by: .source)
        #expect(sources.map(\.key) == ["2022-call", "earlier-project"])
        #expect(sources.map(\.count) == [4, 1])
    }

    @Test func crosstabMeasures() throws {
        let all = query.everything(.stories)
        let counts = try query.crosstab(themes: ["power", "trust"], deep: true, by: .sector, unit: .stories, within: all, measure: .counts)
        // power (deep): s1 (research), s2 (research, policy, services), s3 (services)
        #expect(counts.cells == [[2, 1, 2], [2, 1, 2]])
        #expect(counts.rowTotals == [3, 3])
        #expect(counts.columnTotals == [2, 1, 2])
        let quotes = try query.crosstab(themes: ["trust"], deep: false, by: .sector, unit: .quotes, within: query.everything(.quotes), measure: .counts)
        #expect(quotes.cells == [[3, 2, 2]])
        let row = try query.crosstab(themes: ["power.sharing"], deep: false, by: .sector, unit: .stories, within: all, measure: .rowPercent)
        #expect(row.cells == [[100, 50, 50]])
        let presence = try query.crosstab(themes: ["power.sharing"], deep: false, by: .role, unit: .stories, within: all, measure: .presence)
        #expect(presence.cells == [[1, 1]])
    }

    @Test func cooccurrenceAndTopK() throws {
        let matrix = try query.cooccurrence(themes: ["power.sharing", "trust"], deep: false, unit: .quotes, within: query.everything(.quotes))
        #expect(matrix == [[2, 1], [1, 3]])
        #expect(topK([("a", 1.0), ("b", 3.0), ("c", 3.0), ("d", 2.0)], 3) { $0.1 }.map(\.0) == ["b", "c", "d"])
    }

    @Test func wordFrequency() {
        let words = query.wordFrequency(within: query.everything(.quotes), limit: 3)
        #expect(words == [WordCount(word: "power", count: 4, quotes: 2), WordCount(word: "trust", count: 2, quotes: 1),
                          WordCount(word: "changed", count: 1, quotes: 1)])
    }

    @Test func statisticsOfTheSmallCorpus() {
        let stats = CorpusStatistics(query: query)
        #expect(stats.counts == .init(storytellers: 4, stories: 3, quotes: 5, keyQuotes: 1, themes: 3))
        #expect(stats.sectors.map(\.percent) == [50, 25, 50])
        #expect(stats.attributes.first { $0.key == "age" }?.min == 30)
        #expect(stats.themes.map(\.quotes) == [3, 3])
    }
}
