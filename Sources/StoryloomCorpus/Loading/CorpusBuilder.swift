import Dispatch

/// Turns a tape into the corpus model: decodes each section in dependency order (vocabularies
/// and themes before the records that refer to them), resolving references to dense indexes
/// as it goes and reporting every problem it meets.
final class CorpusBuilder {
    let d: TapeDecoder

    // Filled section by section; later sections resolve references through them.
    var vocabularyIDs: [Facet: IDIndex] = [:]
    var vocabularies = Vocabularies(sectors: [], roles: [], fields: [])
    var themeIDs = IDIndex()
    var storytellerIDs = IDIndex()
    var storyIDs = IDIndex()

    init(decoder: TapeDecoder) {
        d = decoder
    }

    /// The corpus, or nil when any problem was reported.
    func build() -> Corpus? {
        let root = 0
        guard !d.tape.entries.isEmpty, d.expect(root, .object, "", what: "an object at the top level") else { return nil }
        var sections: [String: Int] = [:]
        var extra: Extras = []
        d.forEachMember(root) { key, value in
            let name = d.tape.text(key)
            switch name {
            case "format", "project", "vocabularies", "themes", "storytellers", "stories", "quotes":
                sections[name] = value
            default:
                extra.append((name, d.extraValue(value)))
            }
        }
        checkFormat(sections["format"], unknownKeys: extra.map(\.key))
        let project = sections["project"].flatMap(decodeProject) ?? ProjectMetadata(title: "", partners: [], links: [], extra: [])
        if sections["project"] == nil {
            d.reportMissing("project", in: root, "", unknownKeys: extra.map(\.key))
        }
        if let entry = sections["vocabularies"] { decodeVocabularies(entry) }
        var (themes, roots) = sections["themes"].map(decodeThemes) ?? ([], [])
        // Storytellers and stories on this thread, quotes on another (see QuoteBatch).
        nonisolated(unsafe) var storytellers: [Storyteller] = []
        nonisolated(unsafe) var stories: [Story] = []
        nonisolated(unsafe) var batch = QuoteBatch()
        nonisolated(unsafe) let quoteDecoder = TapeDecoder(tape: d.tape, file: d.file)
        let themeIDs = self.themeIDs
        nonisolated(unsafe) let builder = self
        let tellerSection = sections["storytellers"], storySection = sections["stories"], quoteSection = sections["quotes"]
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                storytellers = tellerSection.map(builder.decodeStorytellers) ?? []
                stories = storySection.map(builder.decodeStories) ?? []
            } else if let entry = quoteSection {
                batch = QuoteBatch.decode(entry, d: quoteDecoder, themeIDs: themeIDs)
            }
        }
        d.absorb(quoteDecoder)
        // Back-links, in corpus order, on both cores: each storyteller's stories on one (reading
        // the stories), each quote's story resolved and each story's quotes listed on the other
        // (into lists of their own, put into the stories after).
        nonisolated(unsafe) var quoteLists: [[Int]] = []
        let storyIDs = self.storyIDs
        nonisolated(unsafe) let decoder = d
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                for (s, story) in stories.enumerated() {
                    for teller in story.storytellers { storytellers[teller].stories.append(s) }
                }
            } else {
                batch.resolveStories(d: decoder, storyIDs: storyIDs)
                var lists = [[Int]](repeating: [], count: stories.count)
                // Read in place: a copy of a quote retains its words' block, shared by all quotes.
                batch.quotes.withUnsafeBufferPointer { quotes in
                    for q in quotes.indices where quotes[q].story >= 0 { lists[quotes[q].story].append(q) }
                }
                quoteLists = lists
            }
        }
        guard d.diagnostics.isEmpty else { return nil }
        for s in stories.indices { stories[s].quotes = quoteLists[s] }
        let quotes = batch.quotes
        Self.link(&themes, roots: &roots)
        return Corpus(project: project, vocabularies: vocabularies, themes: themes,
                      storytellers: storytellers, stories: stories, quotes: quotes, extra: extra,
                      roots: roots, themeIDs: themeIDs.dictionary,
                      // The id tables made while decoding, kept for plugins' lookups.
                      storytellerIDs: IDTable(storytellerIDs), storyIDs: IDTable(storyIDs),
                      quoteIDs: IDTable(batch.ids), vocabularyIDs: vocabularyIDs.mapValues(\.dictionary))
    }

    // MARK: format and project

    private func checkFormat(_ entry: Int?, unknownKeys: [String]) {
        guard let entry else {
            d.reportMissing("format", in: 0, "", unknownKeys: unknownKeys)
            return
        }
        guard let format = d.string(entry, "/format") else { return }
        if format != Corpus.format {
            d.report(entry, "/format", "unsupported format '\(format)'",
                     suggestion: "this version of Storyloom reads \"\(Corpus.format)\"")
        }
    }

    private func decodeProject(_ entry: Int) -> ProjectMetadata? {
        var project = ProjectMetadata(title: "", partners: [], links: [], extra: [])
        var hasTitle = false
        let read = d.object(entry, "/project", known: ["title", "subtitle", "organisation", "partners", "date", "version", "summary", "method", "links"]) { key, value in
            let t = d.tape
            if t.equals(key, "title") { project.title = d.string(value, "/project/title") ?? ""; hasTitle = true }
            else if t.equals(key, "subtitle") { project.subtitle = d.optionalString(value, "/project/subtitle") }
            else if t.equals(key, "organisation") { project.organisation = d.optionalString(value, "/project/organisation") }
            else if t.equals(key, "partners") { project.partners = d.strings(value, "/project/partners") }
            else if t.equals(key, "date") { project.date = d.date(value, "/project/date")?.text }
            else if t.equals(key, "version") { project.version = versionText(value) }
            else if t.equals(key, "summary") { project.summary = d.optionalString(value, "/project/summary") }
            else if t.equals(key, "method") { project.method = d.optionalString(value, "/project/method") }
            else if t.equals(key, "links") { project.links = decodeLinks(value) }
            else { return false }
            return true
        }
        guard let read else { return nil }
        project.extra = read.extras
        d.require([("title", hasTitle)], in: entry, "/project", unknownKeys: read.unknownKeys)
        return project
    }

    /// Versions are text, but YAML reads `1.0` as a number: accept both.
    private func versionText(_ entry: Int) -> String? {
        if d.kind(entry) == .number { return d.tape.text(entry) }
        return d.optionalString(entry, "/project/version")
    }

    private func decodeLinks(_ entry: Int) -> [ProjectMetadata.Link] {
        guard d.expect(entry, .array, "/project/links", what: "an array of links") else { return [] }
        var links: [ProjectMetadata.Link] = []
        for (n, element) in d.elements(entry).enumerated() {
            let pointer = "/project/links/\(n)"
            var label: String?, url: String?
            let read = d.object(element, pointer, known: ["label", "url"]) { key, value in
                if d.tape.equals(key, "label") { label = d.string(value, pointer + "/label") }
                else if d.tape.equals(key, "url") { url = d.string(value, pointer + "/url") }
                else { return false }
                return true
            }
            guard let read else { continue }
            d.require([("label", label != nil), ("url", url != nil)], in: element, pointer, unknownKeys: read.unknownKeys)
            if let label, let url { links.append(ProjectMetadata.Link(label: label, url: url)) }
        }
        return links
    }

    // MARK: vocabularies

    private func decodeVocabularies(_ entry: Int) {
        var lists: [Facet: [VocabularyEntry]] = [:]
        _ = d.object(entry, "/vocabularies") { key, value in
            guard let facet = Facet.allCases.first(where: { d.tape.text(key) == $0.plural }) else { return false }
            lists[facet] = decodeVocabulary(value, pointer: "/vocabularies/\(facet.plural)", facet: facet)
            return true
        }
        vocabularies = Vocabularies(sectors: lists[.sector] ?? [], roles: lists[.role] ?? [], fields: lists[.field] ?? [])
    }

    private func decodeVocabulary(_ entry: Int, pointer: String, facet: Facet) -> [VocabularyEntry] {
        guard d.expect(entry, .array, pointer, what: "an array of {id, label}") else { return [] }
        var result: [VocabularyEntry] = []
        var ids: [(id: String?, entry: Int)] = []
        for (n, element) in d.elements(entry).enumerated() {
            let here = "\(pointer)/\(n)"
            var item = VocabularyEntry(id: "", label: "", description: nil, extra: [])
            var hasID = false, hasLabel = false
            var idEntry = element
            let read = d.object(element, here, known: ["id", "label", "description"]) { key, value in
                if d.tape.equals(key, "id") { item.id = d.string(value, here + "/id") ?? ""; hasID = true; idEntry = value }
                else if d.tape.equals(key, "label") { item.label = d.string(value, here + "/label") ?? ""; hasLabel = true }
                else if d.tape.equals(key, "description") { item.description = d.optionalString(value, here + "/description") }
                else { return false }
                return true
            }
            guard let read else { continue }
            item.extra = read.extras
            d.require([("id", hasID), ("label", hasLabel)], in: element, here, unknownKeys: read.unknownKeys)
            ids.append((hasID ? item.id : nil, idEntry))
            result.append(item)
        }
        vocabularyIDs[facet] = d.registerIDs(ids, section: String(pointer.dropFirst()), kind: facet.rawValue)
        return result
    }

    func vocabularyCandidates(_ facet: Facet) -> [String] {
        vocabularies[facet].map(\.id)
    }
}
