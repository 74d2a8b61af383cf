import Foundation
import Testing

/// `storyloom stats --json` on the sample corpus gives the figures the study published in
/// "Who is telling the stories?".
@Suite struct PublishedFiguresTests {
    struct Stats: Decodable {
        struct Counts: Decodable { var storytellers: Int }
        struct Share: Decodable { var id: String; var count: Int; var percent: Int }
        struct Attribute: Decodable {
            struct Value: Decodable { var value: String; var count: Int }
            var key: String; var given: Int; var values: [Value]; var min: Double?; var max: Double?
        }
        var counts: Counts
        var sectors: [Share]
        var roles: [Share]
        var fields: [Share]
        var attributes: [Attribute]

        func percent(_ list: [Share], _ id: String) -> Int? { list.first { $0.id == id }?.percent }
        func attribute(_ key: String) -> Attribute? { attributes.first { $0.key == key } }
        func count(_ key: String, _ value: String) -> Int? { attribute(key)?.values.first { $0.value == value }?.count }
    }

    let stats: Stats

    init() throws {
        let result = try Storyloom.run(["stats", "--json"])
        stats = try JSONDecoder().decode(Stats.self, from: Data(result.stdout.utf8))
    }

    @Test func sectorsAndRoles() {
        #expect(stats.counts.storytellers == 100)
        #expect(stats.percent(stats.sectors, "research") == 64)
        #expect(stats.percent(stats.sectors, "services") == 63)
        #expect(stats.percent(stats.sectors, "policy") == 43)
        #expect(stats.percent(stats.roles, "lived-experience") == 55)
        #expect(stats.percent(stats.roles, "facilitator") == 62)
        #expect(stats.percent(stats.roles, "professional") == 55)
    }

    @Test func fields() {
        let counts = Dictionary(uniqueKeysWithValues: stats.fields.map { ($0.id, $0.count) })
        let health = counts["health-social-care"] ?? 0
        #expect(health > 50, "health and social care is the large majority")
        #expect(counts.filter { $0.key != "health-social-care" }.values.allSatisfy { $0 < health })
        for field in ["housing", "local-authorities", "communities", "education"] {
            #expect((counts[field] ?? 0) >= 5, "\(field)")
        }
        for field in ["equality-diversity", "justice", "employment"] {
            #expect((counts[field] ?? 0) >= 1, "\(field)")
        }
    }

    @Test func selfDescribedFacets() {
        let female = stats.count("gender", "female") ?? 0, male = stats.count("gender", "male") ?? 0
        #expect(female + male > 0)
        #expect(abs(Double(female) / Double(female + male) - 2.0 / 3.0) < 0.05, "about two thirds female")
        #expect(stats.attribute("disability")?.given == 26)
        #expect(stats.count("disability", "mental-health") == 13)
        #expect(stats.count("disability", "physical") == 9)
        #expect(stats.count("neurodiverse", "true") == 12)
        #expect(stats.count("carer", "true") == 7)
        #expect(stats.attribute("ethnicity")?.given == 27)
        let ethnicity: [String: Int] = ["white": 13, "British Pakistani": 4, "minority ethnic": 2, "Bangladeshi": 1,
                                        "Black African": 1, "Arabic": 1, "Asian": 1, "Greek": 1,
                                        "Mixed white and Chinese": 1, "British Nigerian": 1, "person of colour": 1]
        for (value, count) in ethnicity { #expect(stats.count("ethnicity", value) == count, "\(value)") }
        #expect(stats.attribute("age")?.given == 18)
        #expect(stats.attribute("age")?.min == 20)
        #expect(stats.attribute("age")?.max == 85)
        let lived: [String: Int] = ["addiction": 5, "homelessness": 4, "poverty": 3, "adverse-childhood-experiences": 2,
                                    "prison": 2, "adoption": 1, "care": 1, "psychiatric-hospital": 1, "sexual-exploitation": 1]
        for (value, count) in lived { #expect(stats.count("lived_experience", value) == count, "\(value)") }
        #expect(stats.count("gender_identity", "cisgender") == 5)
        #expect(stats.count("gender_identity", "transgender") == 1)
        #expect(stats.count("sexuality", "gay") == 4)
        #expect(stats.count("sexuality", "LGBTQIA+") == 4)
        #expect(stats.count("sexuality", "straight") == 1)
    }
}
