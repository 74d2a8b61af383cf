import Foundation
@testable import StoryloomCorpus

/// A small, valid corpus that tests break one rule at a time.
enum Fixtures {
    static let validJSON = """
    {
      "format": "storyloom-corpus/1",
      "project": { "title": "Test study", "date": "2022-10-31", "links": [{ "label": "Site", "url": "https://example.org" }] },
      "vocabularies": {
        "sectors": [{ "id": "research", "label": "Research" }, { "id": "policy", "label": "Policy" }, { "id": "services", "label": "Services" }],
        "roles": [{ "id": "lived-experience", "label": "Lived experience" }],
        "fields": [{ "id": "health", "label": "Health" }]
      },
      "themes": [
        { "id": "trust", "title": "Trust", "order": 2 },
        { "id": "learning", "title": "Learning", "order": 1 },
        { "id": "learning.co", "title": "Co-learning", "parent": "learning" }
      ],
      "storytellers": [
        { "id": "st1", "sectors": ["research"], "roles": ["lived-experience"], "fields": ["health"], "attributes": { "gender": "female", "age": 54, "carer": true, "disability": ["physical"] } },
        { "id": "st2", "sectors": ["policy", "services"], "roles": [], "fields": [], "team": "north" }
      ],
      "stories": [
        { "id": "s1", "storytellers": ["st1"], "format": "one-to-one", "recorded": "2022-05-01", "themes": ["trust"] },
        { "id": "s2", "storytellers": ["st1", "st2"], "format": "group", "recorded": "2022-06-01", "changes": { "individual": ["confidence"] } }
      ],
      "quotes": [
        { "id": "q1", "story": "s1", "text": "We built trust.", "themes": ["trust"], "key": true },
        { "id": "q2", "story": "s2", "text": "We learnt together — “always”.", "themes": ["learning.co", "trust"] }
      ]
    }
    """

    static func load(_ json: String, file: String = "corpus.json") throws(CorpusError) -> Corpus {
        try CorpusLoader.load(bytes: Array(json.utf8), file: file, form: .json)
    }

    /// The diagnostics a broken corpus gives (none if it loads).
    static func problems(_ json: String) -> [CorpusDiagnostic] {
        do {
            _ = try load(json)
            return []
        } catch {
            return error.diagnostics
        }
    }

    static func problems(bytes: [UInt8], form: CorpusLoader.Form = .json) -> [CorpusDiagnostic] {
        do {
            _ = try CorpusLoader.load(bytes: bytes, file: "corpus.json", form: form)
            return []
        } catch {
            return error.diagnostics
        }
    }
}
