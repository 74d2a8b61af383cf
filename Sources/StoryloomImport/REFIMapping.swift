import Foundation
import StoryloomCorpus
import StoryloomShared

/// Turns a read REFI-QDA project into a corpus draft: codes into themes, text sources into
/// stories, coded selections into quotes, cases into storytellers. Where the archive holds
/// Storyloom's own sidecar (an earlier export) a record whose GUID the export gave it keeps
/// its id and what REFI-QDA has no place for; whatever REFI-QDA does say wins when it was
/// changed since.
struct REFIMapping {
    let project: REFIProject
    /// `study.qdpx/project.qde`, for messages.
    let file: String
    let map: ImportMap
    /// The corpus an earlier export left in the archive, as a draft.
    let sidecar: CorpusDraft?
    /// Its records by GUID, when the caller made them already (on another thread).
    var sidecarIndex: SidecarIndex? = nil
    /// The corpus the map names as a frame (its vocabularies and theme ids).
    let frame: CorpusDraft?
    /// Each text source's text, in the project's order (nil when it could not be read: already
    /// reported), and whether it was inline (XML reading changes its line endings).
    let texts: SourceTexts

    private var reference: CorpusDraft? { sidecar ?? frame }

    func build(problems: inout ImportProblems) -> CorpusDraft {
        var draft = CorpusDraft()
        let side = sidecarIndex ?? SidecarIndex(sidecar)

        // Project: the sidecar's (or the frame's) members, REFI's name and description over them.
        draft.project = reference?.project ?? []
        let sideTitle = sidecar?.projectTitle
        if let name = project.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty {
            draft.setProject("title", .string(sideTitle.map(XMLText.representable) == name ? sideTitle! : name))
        }
        if let description = project.description {
            let sideSummary = sidecar?.project.first { $0.key == "summary" }?.value.stringValue
            let summary = sideSummary.map(XMLText.representable) == description ? sideSummary : Self.trimmed(description)
            draft.setProject("summary", summary.map(PlainValue.string))
        }
        if let title = map.title { draft.setProject("title", .string(title)) }
        if draft.projectTitle?.isEmpty ?? true {
            let name = (file as NSString).deletingLastPathComponent
            draft.setProject("title", .string("Imported from \((name as NSString).lastPathComponent)"))
            problems.warning(map.file ?? file, at: map.file == nil ? "" : "/title", "the project has no name; the corpus is titled '\(draft.projectTitle!)'",
                             suggestion: "give `title:` in the map file (--map)")
        }
        for facet in Facet.allCases { draft[facet] = reference?[facet] ?? [] }
        draft.extra = sidecar?.extra ?? []

        // Themes.
        var themes = ThemeBuilder(sidecar: side, reference: reference, mapKey: map.key)
        var keyCodes: Set<String> = []
        if map.key == nil, Self.contains(project.codes, guid: REFIConventions.keyCodeGUID) { keyCodes.insert(REFIConventions.keyCodeGUID) }
        if let key = map.key {
            let wanted = key.trimmingCharacters(in: .whitespaces).lowercased()
            let codes = Self.flatten(project.codes).filter { $0.name.trimmingCharacters(in: .whitespaces).lowercased() == wanted }.map(\.guid)
            let sets = project.sets.filter { $0.name.trimmingCharacters(in: .whitespaces).lowercased() == wanted }
            keyCodes.formUnion(codes)
            for set in sets { keyCodes.formUnion(set.codes) }
            if codes.isEmpty, sets.isEmpty {
                var suggest = Suggest()
                let names = Self.flatten(project.codes).map(\.name) + project.sets.map(\.name)
                problems.error(map.file ?? "map", line: map.lines["key"], at: "/key", "no code or set is named '\(key)'",
                               suggestion: suggest.nearest(to: key, among: names).map { "did you mean '\($0)'?" } ?? "name a code or set of the project")
            }
            themes.excluded = Set(codes)
        } else {
            themes.excluded = keyCodes
        }
        themes.add(project.codes, parent: nil)
        draft.themes = themes.ordered
        let codeIDs = themes.ids

        // Variables, by what they feed.
        var vocab = VocabularyMatcher(draft: draft)
        // The text a sidecar teller's vocabulary list would have: tellers share a few lists.
        var vocabularyTexts: [Facet: [[String]: String]] = [:]
        func vocabularyText(_ ids: [String], _ facet: Facet) -> String {
            if let known = vocabularyTexts[facet]?[ids] { return known }
            let text = REFIConventions.vocabularyText(ids, entries: draft[facet])
            vocabularyTexts[facet, default: [:]][ids] = text
            return text
        }
        // Storytellers from cases.
        var tellerIDs = IDMaker(taken: sidecar?.storytellers.map(\.id) ?? [])
        var tellers: [(rank: Int, teller: CorpusDraft.Storyteller)] = []
        var tellersOfSource: [String: [String]] = [:]
        let sourceGUIDs = Set(project.sources.map(\.guid))
        for (n, c) in project.cases.enumerated() {
            let known = side.storytellers[c.guid]
            var teller = CorpusDraft.Storyteller(id: "")
            if let known {
                teller = known.record
                teller.id = known.record.id  // already taken: the sidecar's ids are reserved
            } else if map.keepNames, let name = c.name, !IDMaker.slug(name).isEmpty {
                teller.id = tellerIDs.claim(IDMaker.slug(name))
            } else {
                teller.id = tellerIDs.next("storyteller")
            }
            let old = known?.record
            teller.roles = []; teller.sectors = []; teller.fields = []
            teller.attributes = []
            for value in c.values {
                guard let variable = project.variables[value.variable] else {
                    problems.error(file, line: value.place.line, at: value.place.path, "the VariableRef names no variable of the project",
                                   suggestion: "export the project again")
                    continue
                }
                let name = variable.name
                if map.isIgnored(name) { continue }
                if !name.lowercased().hasPrefix(REFIConventions.attributePrefix), let facet = map.vocabulary(forVariable: name) {
                    var ids: [String] = []
                    if let old, value.text == vocabularyText(Self.list(old, facet), facet) {
                        ids = Self.list(old, facet)
                    } else {
                        for item in REFIConventions.split(value.text) { ids.append(vocab.id(for: item, facet)) }
                    }
                    switch facet {
                    case .sector: teller.sectors += ids.filter { !teller.sectors.contains($0) }
                    case .role: teller.roles += ids.filter { !teller.roles.contains($0) }
                    case .field: teller.fields += ids.filter { !teller.fields.contains($0) }
                    }
                    continue
                }
                var key = map.attributeKey(forVariable: name)
                if key.lowercased().hasPrefix(REFIConventions.attributePrefix) { key = String(key.dropFirst(REFIConventions.attributePrefix.count)) }
                if teller.attributes.contains(where: { $0.key == key }) {
                    problems.warning(file, line: value.place.line, at: value.place.path, "the case has a second value for '\(name)'; the first is kept",
                                     suggestion: "give each case one value per variable")
                    continue
                }
                let oldValue = old?.attributes.first { $0.key == key }?.value
                if let oldValue, REFIConventions.attributeText(oldValue) == value.text {
                    teller.attributes.append((key, oldValue))
                } else if let parsed = attributeValue(value, variable: name, problems: &problems) {
                    teller.attributes.append((key, parsed))
                }
            }
            for ref in c.sources {
                if sourceGUIDs.contains(ref.guid) {
                    tellersOfSource[ref.guid, default: []].append(teller.id)
                } else {
                    problems.warning(file, line: ref.place.line, at: ref.place.path, "the case refers to a source that is not a text source of the project; the link is left out")
                }
            }
            tellers.append((known?.rank ?? (1 << 40) + n, teller))
        }

        // Reporters from users.
        var reporters: [String: String] = [:]
        // The sidecar's reporters by the GUIDs the export gave them (each GUID is one reporter's).
        var sideReporters: [String: String] = [:]
        for reporter in Set(sidecar?.stories.compactMap(\.reporter) ?? []) { sideReporters[NameUUID.guid("user", reporter)] = reporter }
        var reporterIDs = IDMaker()
        for user in project.users {
            if let known = sideReporters[user.guid] {
                reporters[user.guid] = known
            } else if map.keepNames, let name = (user.name ?? user.id), !name.isEmpty {
                reporters[user.guid] = name
            } else {
                reporters[user.guid] = reporterIDs.next("reporter", width: 2)
            }
        }

        // Stories and quotes from text sources.
        var storyIDs = IDMaker(taken: sidecar?.stories.map(\.id) ?? [])
        var quoteIDs = IDMaker(taken: sidecar?.quotes.map(\.id) ?? [])
        var stories: [(rank: Int, story: CorpusDraft.Story)] = []
        var quotes: [(rank: Int, quote: CorpusDraft.Quote)] = []
        func themeIDs(_ refs: [(guid: String, place: REFIProject.Place)]) -> [String] {
            var ids: [String] = []
            // A key code is no theme; codes of a key set stay themes as well.
            for ref in refs where !themes.excluded.contains(ref.guid) {
                guard let id = codeIDs[ref.guid] else {
                    problems.error(file, line: ref.place.line, at: ref.place.path, "the CodeRef names no code of the code book",
                                   suggestion: "export the project again; a coding must point to a code")
                    continue
                }
                if !ids.contains(id) { ids.append(id) }
            }
            return ids
        }
        for (n, source) in project.sources.enumerated() {
            let known = side.stories[source.guid]
            let old = known?.record
            var story = old ?? CorpusDraft.Story(id: "")
            if let old {
                story.id = old.id
            } else if map.keepNames, let name = source.name, !IDMaker.slug(name).isEmpty {
                story.id = storyIDs.claim(IDMaker.slug(name))
            } else {
                story.id = storyIDs.next("story")
            }
            let name = source.name ?? ""
            if let old, XMLText.representable(old.title ?? old.id) == name {
                story.title = old.title
            } else {
                story.title = Self.trimmed(name)
            }
            if let old, let description = source.description, old.summary.map(XMLText.representable) == description {
                story.summary = old.summary
            } else {
                story.summary = source.description.flatMap(Self.trimmed)
            }
            if let user = source.creatingUser {
                if let reporter = reporters[user] { story.reporter = reporter }
                else {
                    story.reporter = nil
                    problems.warning(file, line: source.place.line, at: source.place.path, "the source's creatingUser is not among the project's users; the story has no reporter")
                }
            } else {
                story.reporter = nil
            }
            var tellersHere = tellersOfSource[source.guid] ?? []
            if let old, Self.sameMembers(old.storytellers, tellersHere), old.storytellers.count == tellersHere.count { tellersHere = old.storytellers }
            if tellersHere.isEmpty {
                let id = tellerIDs.next("storyteller")
                tellers.append(((1 << 41) + n, CorpusDraft.Storyteller(id: id)))
                tellersHere = [id]
                problems.warning(file, line: source.place.line, at: source.place.path,
                                 "no case refers to the source '\(name)'; a storyteller with nothing known about them ('\(id)') was made for it",
                                 suggestion: "a story needs at least one storyteller: link the source to a case in your QDA program")
            }
            story.storytellers = tellersHere
            var storyThemes = themeIDs(source.codes)
            if let old, Self.sameMembers(old.themes, storyThemes) { storyThemes = old.themes }
            story.themes = storyThemes
            // Source variables: the story's own fields, the rest kept as `variables`.
            var variables: [PlainValue.Member] = []
            var fieldsSeen: Set<REFIConventions.StoryField> = []
            for value in source.values {
                guard let variable = project.variables[value.variable] else {
                    problems.error(file, line: value.place.line, at: value.place.path, "the VariableRef names no variable of the project",
                                   suggestion: "export the project again")
                    continue
                }
                if map.isIgnored(variable.name) { continue }
                guard let field = REFIConventions.StoryField.named(variable.name) else {
                    if let parsed = attributeValue(value, variable: variable.name, problems: &problems) { variables.append((variable.name, parsed)) }
                    continue
                }
                fieldsSeen.insert(field)
                let text = value.text.trimmed(of: .whitespacesAndNewlines)
                switch field {
                case .format:
                    if let old, old.format == text { break }
                    switch text.lowercased() {
                    case "": story.format = nil
                    case "one-to-one", "one to one", "individual", "interview": story.format = "one-to-one"
                    case "group", "focus group", "group interview": story.format = "group"
                    default:
                        story.format = nil
                        problems.warning(file, line: value.place.line, at: value.place.path, "unknown story format '\(text)'; left out",
                                         suggestion: "use one-to-one or group")
                    }
                case .recorded:
                    if let old, old.recorded == text { break }
                    let day = String(text.prefix(10))
                    if text.isEmpty { story.recorded = nil }
                    else if ISODateCheck.isDate(day) { story.recorded = day }
                    else {
                        story.recorded = nil
                        problems.error(file, line: value.place.line, at: value.place.path, "'\(text)' is not a date",
                                       suggestion: "write the date as YYYY-MM-DD")
                    }
                case .source:
                    if let old, old.source == text { break }
                    story.source = text.isEmpty ? nil : text
                }
            }
            for field in REFIConventions.StoryField.allCases where !fieldsSeen.contains(field) {
                switch field {
                case .format: story.format = nil
                case .recorded: story.recorded = nil
                case .source: story.source = nil
                }
            }
            story.extra.removeAll { $0.key == "variables" }
            if !variables.isEmpty { story.extra.append(("variables", .object(variables))) }
            stories.append((known?.rank ?? (1 << 40) + n, story))

            // Quotes.
            guard let sourceText = texts.text(at: n) else { continue }
            let text = ScalarText(sourceText.text)
            for (q, selection) in source.selections.enumerated() {
                guard let slice = text.slice(selection.start, selection.end, reading: map.positions) else {
                    problems.error(file, line: selection.place.line, at: selection.place.path,
                                   "the selection \(selection.start)–\(selection.end) is outside the source's text, which is \(text.count) characters long",
                                   suggestion: "export the project again with its source texts; positions count Unicode scalars from 0")
                    continue
                }
                if let name = selection.name, !name.isEmpty {
                    switch SelectionCheck.check(name: name, start: selection.start, end: selection.end, text: text, reading: map.positions,
                                                inline: sourceText.inline, slice: slice) {
                    case .agrees: break
                    case let .misplaced(message, suggestion):
                        problems.error(file, line: selection.place.line, at: selection.place.path, message, suggestion: suggestion)
                        continue
                    case .differs:
                        problems.warning(file, line: selection.place.line, at: selection.place.path,
                                         "the selection's name \(Self.excerpt(name)) is not the text at its positions, \(Self.excerpt(slice)); the text was used",
                                         suggestion: "names are sometimes labels; check the quote if the name is the text you meant")
                    }
                }
                let knownQuote = side.quotes[selection.guid]
                var quote = knownQuote?.record ?? CorpusDraft.Quote(id: "", story: "", text: "")
                quote.id = knownQuote?.record.id ?? quoteIDs.next("quote", width: 4)
                quote.story = story.id
                quote.text = slice
                var quoteThemes = themeIDs(selection.codes)
                if let old = knownQuote?.record, Self.sameMembers(old.themes, quoteThemes) { quoteThemes = old.themes }
                quote.themes = quoteThemes
                quote.key = selection.codes.contains { keyCodes.contains($0.guid) }
                let noteText = selection.notes.compactMap { project.notes[$0] }.joined(separator: "\n\n")
                if let description = selection.description, knownQuote?.record.note.map(XMLText.representable) == description {
                    quote.note = knownQuote?.record.note
                } else {
                    quote.note = selection.description.flatMap(Self.trimmed) ?? Self.trimmed(noteText)
                }
                quotes.append((knownQuote?.rank ?? (1 << 40) + n * 100_000 + q, quote))
            }
        }
        draft.storytellers = Self.byRank(tellers.map(\.rank)).map { tellers[$0].teller }
        draft.stories = Self.byRank(stories.map(\.rank)).map { stories[$0].story }
        draft.quotes = Self.byRank(quotes.map(\.rank)).map { quotes[$0].quote }
        for facet in Facet.allCases { draft[facet] = vocab.entries(facet) }
        return draft
    }

    /// A variable value as an attribute: typed by the value element the program wrote.
    private func attributeValue(_ value: REFIProject.VariableValue, variable: String, problems: inout ImportProblems) -> PlainValue? {
        let text = value.text.trimmed(of: .whitespacesAndNewlines)
        guard !text.isEmpty, let kind = value.kind else { return nil }  // no value: chose not to say
        switch kind {
        case .text, .date, .dateTime:
            return map.isList(variable) ? .array(REFIConventions.split(text).map(PlainValue.string)) : .string(text)
        case .boolean:
            switch text.lowercased() {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default:
                problems.error(file, line: value.place.line, at: value.place.path, "'\(text)' is not a boolean", suggestion: "write true or false")
                return nil
            }
        case .integer, .float:
            guard let number = Double(text), number.isFinite else {
                problems.error(file, line: value.place.line, at: value.place.path, "'\(text)' is not a number", suggestion: "write a number such as 54 or 2.5")
                return nil
            }
            return .number(number)
        }
    }

    /// The order of records by rank, ties in the order made: the indexes are sorted rather than
    /// the records, which are large to move.
    static func byRank(_ ranks: [Int]) -> [Int] {
        ranks.indices.sorted { (ranks[$0], $0) < (ranks[$1], $1) }
    }

    /// Whether two lists hold the same ids, in any order, repeats aside (as sets). Lists of a
    /// record's themes are short: compared in place rather than as two new sets per quote.
    static func sameMembers(_ a: [String], _ b: [String]) -> Bool {
        guard a.count <= 16, b.count <= 16 else { return Set(a) == Set(b) }
        return a.allSatisfy(b.contains) && b.allSatisfy(a.contains)
    }

    static func list(_ teller: CorpusDraft.Storyteller, _ facet: Facet) -> [String] {
        switch facet {
        case .sector: teller.sectors
        case .role: teller.roles
        case .field: teller.fields
        }
    }

    static func trimmed(_ text: String) -> String? {
        let t = text.trimmed(of: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }

    static func excerpt(_ text: String) -> String {
        let flat = SelectionCheck.folded(text)
        return "'" + (flat.count > 60 ? String(flat.prefix(57)) + "..." : flat) + "'"
    }

    static func flatten(_ codes: [REFIProject.Code]) -> [REFIProject.Code] {
        var out: [REFIProject.Code] = []
        var stack = Array(codes.reversed())
        while let code = stack.popLast() {
            out.append(code)
            stack.append(contentsOf: code.children.reversed())
        }
        return out
    }

    static func contains(_ codes: [REFIProject.Code], guid: String) -> Bool {
        flatten(codes).contains { $0.guid == guid }
    }
}

/// The sidecar's records by the GUIDs the export gave them, with their place in its order.
struct SidecarIndex: Sendable {
    var themes: [String: (rank: Int, record: CorpusDraft.Theme)] = [:]
    var storytellers: [String: (rank: Int, record: CorpusDraft.Storyteller)] = [:]
    var stories: [String: (rank: Int, record: CorpusDraft.Story)] = [:]
    var quotes: [String: (rank: Int, record: CorpusDraft.Quote)] = [:]

    init(_ draft: CorpusDraft?) {
        guard let draft else { return }
        for (n, r) in draft.themes.enumerated() { themes[NameUUID.guid("theme", r.id)] = (n, r) }
        for (n, r) in draft.storytellers.enumerated() { storytellers[NameUUID.guid("storyteller", r.id)] = (n, r) }
        for (n, r) in draft.stories.enumerated() { stories[NameUUID.guid("story", r.id)] = (n, r) }
        for (n, r) in draft.quotes.enumerated() { quotes[NameUUID.guid("quote", r.id)] = (n, r) }
    }
}

/// Codes into themes: ids from the sidecar (by GUID), else from the frame (by title path),
/// else readable slugs of the title path (`impacts.individuals`).
struct ThemeBuilder {
    let sidecar: SidecarIndex
    let reference: CorpusDraft?
    let mapKey: String?
    /// Codes that mark key quotes rather than themes; their children become themes of their parent.
    var excluded: Set<String> = []
    private(set) var ids: [String: String] = [:]
    private var made: [(rank: Int, theme: CorpusDraft.Theme)] = []
    private var madeIndex: [String: Int] = [:]
    private var maker: IDMaker
    private var count = 0

    init(sidecar: SidecarIndex, reference: CorpusDraft?, mapKey: String?) {
        self.sidecar = sidecar
        self.reference = reference
        self.mapKey = mapKey
        maker = IDMaker(taken: sidecar.themes.values.map(\.record.id))
    }

    var ordered: [CorpusDraft.Theme] {
        made.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element.theme)
    }

    mutating func add(_ codes: [REFIProject.Code], parent: String?) {
        for code in codes {
            if excluded.contains(code.guid) {
                add(code.children, parent: parent)
                continue
            }
            count += 1
            var theme: CorpusDraft.Theme
            var rank = (1 << 40) + count
            if let known = sidecar.themes[code.guid] {
                theme = known.record
                theme.id = known.record.id
                rank = known.rank
                theme.title = XMLText.representable(known.record.title) == code.name ? known.record.title : code.name.trimmingCharacters(in: .whitespacesAndNewlines)
                if let description = code.description, known.record.summary.map(XMLText.representable) == description {
                    theme.summary = known.record.summary
                } else {
                    theme.summary = code.description.flatMap(REFIMapping.trimmed)
                }
            } else {
                let title = code.name.trimmingCharacters(in: .whitespacesAndNewlines)
                let path = titlePath(parent: parent) + [title.lowercased()]
                if let framed = reference?.themes.first(where: { titlePath(of: $0).map { $0.lowercased() } == path }), !maker.taken.contains(framed.id) {
                    theme = framed
                    theme.id = maker.claim(framed.id)
                } else {
                    var slug = IDMaker.slug(title)
                    if slug.isEmpty { slug = "theme-" + code.guid.prefix(8).lowercased() }
                    theme = CorpusDraft.Theme(id: maker.claim(parent.map { "\($0).\(slug)" } ?? slug), title: title)
                }
                theme.title = title
                theme.summary = code.description.flatMap(REFIMapping.trimmed) ?? theme.summary
            }
            theme.parent = parent
            ids[code.guid] = theme.id
            madeIndex[theme.id] = made.count
            made.append((rank, theme))
            add(code.children, parent: theme.id)
        }
    }

    /// The lowercased titles from the root down to the theme `parent`.
    private func titlePath(parent: String?) -> [String] {
        var path: [String] = []
        var current = parent
        var guardCount = 0
        while let id = current, guardCount < 10_000, let index = madeIndex[id] {
            let theme = made[index].theme
            path.insert(theme.title.lowercased(), at: 0)
            current = theme.parent
            guardCount += 1
        }
        return path
    }

    private func titlePath(of theme: CorpusDraft.Theme) -> [String] {
        guard let reference else { return [theme.title] }
        var path = [theme.title]
        var current = theme.parent
        var guardCount = 0
        while let id = current, guardCount < 10_000, let parent = reference.themes.first(where: { $0.id == id }) {
            path.insert(parent.title, at: 0)
            current = parent.parent
            guardCount += 1
        }
        return path
    }
}

/// Vocabulary values (ids or labels as people type them) to entry ids: an existing entry by
/// id or label, else a new entry with a slug id and the value as its label.
struct VocabularyMatcher {
    private var lists: [Facet: [CorpusDraft.VocabularyEntry]] = [:]

    init(draft: CorpusDraft) {
        for facet in Facet.allCases { lists[facet] = draft[facet] }
    }

    func entries(_ facet: Facet) -> [CorpusDraft.VocabularyEntry] { lists[facet] ?? [] }

    /// The id of an existing entry for `value`, if there is one.
    func existing(_ value: String, _ facet: Facet) -> String? {
        let list = lists[facet] ?? []
        if let entry = list.first(where: { $0.id == value }) { return entry.id }
        let folded = value.lowercased()
        return list.first { $0.label.lowercased() == folded || $0.id.lowercased() == folded }?.id
    }

    mutating func id(for value: String, _ facet: Facet) -> String {
        if let id = existing(value, facet) { return id }
        var maker = IDMaker(taken: (lists[facet] ?? []).map(\.id))
        let slug = IDMaker.slug(value)
        let id = maker.claim(slug.isEmpty ? facet.rawValue : slug)
        lists[facet, default: []].append(CorpusDraft.VocabularyEntry(id: id, label: value))
        return id
    }
}

/// ISO 8601 calendar dates as the corpus format takes them.
enum ISODateCheck {
    static func isDate(_ text: String) -> Bool { text.count == 10 && ISODate.day(text) != nil }
}
