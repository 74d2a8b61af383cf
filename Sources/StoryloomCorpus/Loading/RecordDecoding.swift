extension CorpusBuilder {
    func decodeStorytellers(_ entry: Int) -> [Storyteller] {
        guard d.expect(entry, .array, "/storytellers", what: "an array of storytellers") else { return [] }
        // Room for every element at once: grown by doubling, a large list is copied into fresh
        // memory again and again.
        var result: [Storyteller] = []
        var ids: [(id: String?, entry: Int)] = []
        result.reserveCapacity(Int(d.tape.entries[entry].count))
        ids.reserveCapacity(Int(d.tape.entries[entry].count))
        let t = d.tape  // once: each copy of the tape retains its buffers
        // The id tables as locals: read from `self` for each record, each would be retained
        // (four buffers) and released again, which cost more than the lookups themselves.
        let roleIDs = vocabularyIDs[.role] ?? IDIndex(), sectorIDs = vocabularyIDs[.sector] ?? IDIndex()
        let fieldIDs = vocabularyIDs[.field] ?? IDIndex()
        for (n, element) in d.elements(entry).enumerated() {
            func here() -> String { "/storytellers/\(n)" }
            var teller = Storyteller(id: "", roles: [], sectors: [], fields: [], attributes: [], extra: [])
            var hasID = false
            var idEntry = element
            let read = d.object(element, here(), known: ["id", "roles", "sectors", "fields", "attributes"]) { key, value in
                if t.equals(key, "id") { teller.id = d.string(value, here() + "/id") ?? ""; hasID = true; idEntry = value }
                else if t.equals(key, "roles") { teller.roles = memberships(value, here() + "/roles", .role, roleIDs) }
                else if t.equals(key, "sectors") { teller.sectors = memberships(value, here() + "/sectors", .sector, sectorIDs) }
                else if t.equals(key, "fields") { teller.fields = memberships(value, here() + "/fields", .field, fieldIDs) }
                else if t.equals(key, "attributes") { teller.attributes = attributes(value, here() + "/attributes") }
                else if t.equals(key, "name") || t.equals(key, "email") || t.equals(key, "phone") {
                    d.report(value, here() + "/\(t.text(key))", "storytellers are anonymised: the format holds no '\(t.text(key))'",
                             suggestion: "remove it; describe people only through roles, sectors, fields and attributes")
                }
                else { return false }
                return true
            }
            if let read {
                teller.extra = read.extras
                d.require([("id", hasID)], in: element, here(), unknownKeys: read.unknownKeys)
            }
            ids.append((hasID ? teller.id : nil, idEntry))
            result.append(teller)
        }
        storytellerIDs = d.registerIDs(ids, section: "storytellers", kind: "storyteller")
        return result
    }

    private func memberships(_ entry: Int, _ pointer: @autoclosure () -> String, _ facet: Facet, _ ids: IDIndex) -> [Int] {
        d.resolveAll(entry, pointer(), kind: facet.rawValue, ids: ids) {
            vocabularies[facet].map(\.id)
        }
    }

    private func attributes(_ entry: Int, _ pointer: @autoclosure () -> String) -> [(key: String, value: AttributeValue)] {
        guard d.expect(entry, .object, pointer()) else { return [] }
        var result: [(key: String, value: AttributeValue)] = []
        d.forEachMember(entry) { key, value in
            let name = d.tape.text(key)
            func here() -> String { "\(pointer())/\(pointerToken(name))" }
            switch d.kind(value) {
            case .string: result.append((name, .string(d.tape.text(value))))
            case .number: if let number = d.number(value, here()) { result.append((name, .number(number))) }
            case .bool: result.append((name, .bool(d.tape.entries[value].flag)))
            case .array: result.append((name, .strings(d.strings(value, here()))))
            case .null: break  // the same as absent: chose not to say
            case .object:
                d.report(value, here(), "an attribute must be a string, number, boolean or array of strings, not an object",
                         suggestion: "flatten it into several attributes")
            }
        }
        return result
    }

    func decodeStories(_ entry: Int) -> [Story] {
        guard d.expect(entry, .array, "/stories", what: "an array of stories") else { return [] }
        var result: [Story] = []
        var ids: [(id: String?, entry: Int)] = []
        result.reserveCapacity(Int(d.tape.entries[entry].count))
        ids.reserveCapacity(Int(d.tape.entries[entry].count))
        // Locals, not `self`'s: see decodeStorytellers.
        let tellerIDs = storytellerIDs, themeIDs = self.themeIDs
        let tellerCandidates = { tellerIDs.keys.sorted() }
        let themeCandidates = { themeIDs.keys.sorted() }
        let t = d.tape  // once: each copy of the tape retains its buffers
        for (n, element) in d.elements(entry).enumerated() {
            func here() -> String { "/stories/\(n)" }
            var story = Story(id: "", storytellers: [], format: nil, reporter: nil, recorded: nil, recordedDay: nil,
                              title: nil, summary: nil, themes: [], changes: Story.Changes(), source: nil, extra: [])
            var hasID = false, hasTellers = false
            var idEntry = element
            let read = d.object(element, here(), known: ["id", "storytellers", "format", "reporter", "recorded", "title", "summary", "themes", "changes", "source"]) { key, value in
                if t.equals(key, "id") { story.id = d.string(value, here() + "/id") ?? ""; hasID = true; idEntry = value }
                else if t.equals(key, "storytellers") {
                    hasTellers = true
                    story.storytellers = d.resolveAll(value, here() + "/storytellers", kind: "storyteller",
                                                      ids: tellerIDs, candidates: tellerCandidates)
                    if d.kind(value) == .array, d.tape.entries[value].count == 0 {
                        d.report(value, here() + "/storytellers", "a story needs at least one storyteller",
                                 suggestion: "list the ids of the people who told it")
                    }
                }
                else if t.equals(key, "format") {
                    story.format = d.optionalString(value, here() + "/format")
                    if let format = story.format, format != "one-to-one", format != "group" {
                        d.report(value, here() + "/format", "unknown story format '\(format)'",
                                 suggestion: "use \"one-to-one\" or \"group\"")
                    }
                }
                else if t.equals(key, "reporter") { story.reporter = d.optionalString(value, here() + "/reporter") }
                else if t.equals(key, "recorded") {
                    if let date = d.date(value, here() + "/recorded") { story.recorded = date.text; story.recordedDay = date.day }
                }
                else if t.equals(key, "title") { story.title = d.optionalString(value, here() + "/title") }
                else if t.equals(key, "summary") { story.summary = d.optionalString(value, here() + "/summary") }
                else if t.equals(key, "themes") {
                    story.themes = d.resolveAll(value, here() + "/themes", kind: "theme", ids: themeIDs, candidates: themeCandidates)
                }
                else if t.equals(key, "changes") { story.changes = changes(value, here() + "/changes") }
                else if t.equals(key, "source") { story.source = d.optionalString(value, here() + "/source") }
                else { return false }
                return true
            }
            if let read {
                story.extra = read.extras
                d.require([("id", hasID), ("storytellers", hasTellers)], in: element, here(), unknownKeys: read.unknownKeys)
            }
            ids.append((hasID ? story.id : nil, idEntry))
            result.append(story)
        }
        storyIDs = d.registerIDs(ids, section: "stories", kind: "story")
        return result
    }

    private func changes(_ entry: Int, _ pointer: @autoclosure () -> String) -> Story.Changes {
        var changes = Story.Changes()
        let t = d.tape
        _ = d.object(entry, pointer(), known: ["individual", "organisation", "society"]) { key, value in
            if t.equals(key, "individual") { changes.individual = d.strings(value, pointer() + "/individual") }
            else if t.equals(key, "organisation") { changes.organisation = d.strings(value, pointer() + "/organisation") }
            else if t.equals(key, "society") { changes.society = d.strings(value, pointer() + "/society") }
            else { return false }
            return true
        }
        return changes
    }
}
