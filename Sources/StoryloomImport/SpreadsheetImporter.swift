import Foundation
import StoryloomCorpus
import StoryloomShared

/// Spreadsheets of coding into a corpus: a table of quotes (a row each: id, story,
/// storytellers, text, themes, key, note) and a table of storytellers (id, roles, sectors,
/// fields, attr:NAME). Stories are the distinct values of the quotes' story column; themes
/// are ids or `Parent > Child` title paths, made into a tree as they are met (or matched
/// against the map's frame).
enum SpreadsheetImporter {
    static func read(quotes path: String, storytellers peoplePath: String?, map: ImportMap, frame: CorpusDraft?, limits: ImportLimits,
                     problems: inout ImportProblems) throws(ImportError) -> CorpusDraft {
        let quotes: SheetTable
        var people: SheetTable?
        switch Importer.Kind(path: path) {
        case .xlsx:
            var workbook = try XLSXWorkbook(path: path, limits: limits)
            guard let table = try workbook.table(named: "quotes") else {
                throw ImportError(.invalid, file: path, "the workbook has no sheet named 'quotes' (it has \(workbook.sheets.map { "'\($0.name)'" }.joined(separator: ", ")))",
                                  suggestion: "name the sheet of quotes 'quotes' (and the sheet of people 'storytellers')")
            }
            quotes = table
            people = try workbook.table(named: "storytellers")
        default:
            quotes = try CSVTable.read(path: path, limits: limits)
        }
        if let peoplePath {
            if Importer.Kind(path: peoplePath) == .xlsx {
                var workbook = try XLSXWorkbook(path: peoplePath, limits: limits)
                guard let sheet = workbook.sheets.first(where: { $0.name.lowercased() == "storytellers" }) ?? workbook.sheets.first else {
                    throw ImportError(.invalid, file: peoplePath, "the workbook has no sheets")
                }
                people = try workbook.table(sheet)
            } else {
                people = try CSVTable.read(path: peoplePath, limits: limits)
            }
        }
        var builder = SpreadsheetMapping(map: map, frame: frame)
        if let people { builder.readStorytellers(people, problems: &problems) }
        builder.readQuotes(quotes, problems: &problems)
        return builder.finish(title: map.title ?? frame?.projectTitle, source: path, problems: &problems)
    }
}

/// The rows of the tables into a draft, with every problem at its row and column.
struct SpreadsheetMapping {
    let map: ImportMap
    let frame: CorpusDraft?
    var draft = CorpusDraft()
    private var vocab: VocabularyMatcher
    private var tellerRows: [String: Int] = [:]
    private var haveStorytellerTable = false
    private var themeIndex: [String: Int] = [:]
    private var themeMaker = IDMaker()

    init(map: ImportMap, frame: CorpusDraft?) {
        self.map = map
        self.frame = frame
        if let frame {
            draft.project = frame.project
            draft.sectors = frame.sectors
            draft.roles = frame.roles
            draft.fields = frame.fields
            draft.themes = frame.themes
        }
        vocab = VocabularyMatcher(draft: draft)
        for (n, theme) in draft.themes.enumerated() { themeIndex[theme.id] = n }
        themeMaker = IDMaker(taken: draft.themes.map(\.id))
    }

    // MARK: Storytellers

    mutating func readStorytellers(_ table: SheetTable, problems: inout ImportProblems) {
        haveStorytellerTable = true
        func error(_ row: Int, _ column: Int? = nil, _ message: String, _ suggestion: String? = nil) {
            problems.error(table.file, at: table.place(row: row, column: column), message, suggestion: suggestion)
        }
        guard let idColumn = table.column("id", "storyteller", "storyteller id") else {
            error(table.headerRow, nil, "the storytellers table has no 'id' column", "name the first row's cells: id, roles, sectors, fields, attr:NAME")
            return
        }
        // What each column feeds.
        enum Use { case id, facet(Facet), attribute(String, list: Bool), ignored }
        var uses: [Use] = []
        for (n, raw) in table.header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if n == idColumn { uses.append(.id); continue }
            if name.isEmpty || map.isIgnored(name) { uses.append(.ignored); continue }
            if name.lowercased().hasPrefix(REFIConventions.attributePrefix) {
                let key = String(name.dropFirst(REFIConventions.attributePrefix.count)).trimmingCharacters(in: .whitespaces)
                uses.append(.attribute(map.attributeKey(forVariable: key), list: map.isList(key) || map.isList(name)))
                continue
            }
            if let facet = map.vocabulary(forVariable: name) ?? ImportMap.defaultVocabularies[name.lowercased()] { uses.append(.facet(facet)); continue }
            if let key = map.attributes.first(where: { $0.key.lowercased() == name.lowercased() })?.value {
                uses.append(.attribute(key, list: map.isList(name)))
                continue
            }
            uses.append(.ignored)
            problems.warning(table.file, at: table.place(row: table.headerRow, column: n), "the column '\(name)' is left out",
                             suggestion: "storyteller columns are id, roles, sectors, fields and attr:NAME; name it attr:\(name) to keep it as an attribute (never a person's name or contact)")
        }
        var ids = IDMaker()
        for row in table.rows {
            let id = row[idColumn].text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !id.isEmpty else { error(row.number, idColumn, "the storyteller has no id", "give every row an id"); continue }
            if let first = tellerRows[id] {
                error(row.number, idColumn, "the id '\(id)' is used again (first on row \(first))", "ids must be unique")
                continue
            }
            _ = ids.claim(id)
            tellerRows[id] = row.number
            var teller = CorpusDraft.Storyteller(id: id)
            for (n, use) in uses.enumerated() {
                let cell = row[n]
                if cell.isBlank { continue }
                switch use {
                case .id, .ignored: break
                case let .facet(facet):
                    var list: [String] = []
                    for value in CellList.split(cell.text) {
                        if let id = resolveVocabulary(value, facet, table: table, row: row.number, column: n, problems: &problems), !list.contains(id) {
                            list.append(id)
                        }
                    }
                    switch facet {
                    case .sector: teller.sectors = list
                    case .role: teller.roles = list
                    case .field: teller.fields = list
                    }
                case let .attribute(key, list):
                    teller.attributes.append((key, Self.attribute(cell, list: list)))
                }
            }
            draft.storytellers.append(teller)
        }
    }

    private mutating func resolveVocabulary(_ value: String, _ facet: Facet, table: SheetTable, row: Int, column: Int,
                                            problems: inout ImportProblems) -> String? {
        if let frame, !frame[facet].isEmpty {
            guard let id = vocab.existing(value, facet) else {
                var suggest = Suggest()
                let near = suggest.nearest(to: value, among: frame[facet].map(\.id) + frame[facet].map(\.label))
                problems.error(table.file, at: table.place(row: row, column: column), "'\(value)' is not one of the frame's \(facet.plural)",
                               suggestion: near.map { "did you mean '\($0)'?" } ?? "use an id or label from the frame's vocabularies")
                return nil
            }
            return id
        }
        return vocab.id(for: value, facet)
    }

    /// A cell as an attribute value: numbers and booleans as such, lists split at `;`.
    static func attribute(_ cell: SheetTable.Cell, list: Bool) -> PlainValue {
        switch cell {
        case let .number(n): return .number(n)
        case let .bool(b): return .bool(b)
        case let .date(d): return .string(d)
        case .empty: return .null
        case let .text(raw):
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if list || text.contains(";") { return .array(CellList.split(text).map(PlainValue.string)) }
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: break
            }
            if let number = Double(text), number.isFinite, text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) { return .number(number) }
            return .string(text)
        }
    }

    // MARK: Quotes

    mutating func readQuotes(_ table: SheetTable, problems: inout ImportProblems) {
        func error(_ row: Int, _ column: Int?, _ message: String, _ suggestion: String? = nil) {
            problems.error(table.file, at: table.place(row: row, column: column), message, suggestion: suggestion)
        }
        let columns = (id: table.column("id", "quote", "quote id"), story: table.column("story", "story id"),
                       tellers: table.column("storytellers", "storyteller"), text: table.column("text", "quote text"),
                       themes: table.column("themes", "theme", "codes"), key: table.column("key", "key quote"),
                       note: table.column("note", "notes", "memo"), reporter: table.column("reporter"),
                       recorded: table.column("recorded", "date recorded"), format: table.column("format", "story format"),
                       source: table.column("source", "story source"), title: table.column("story title"))
        let known: [Int?] = [columns.id, columns.story, columns.tellers, columns.text, columns.themes, columns.key, columns.note,
                             columns.reporter, columns.recorded, columns.format, columns.source, columns.title]
        let names = ["id", "story", "storytellers", "text", "themes", "key", "note", "reporter", "recorded", "format", "source", "story title"]
        var missing = false
        for (column, name) in [(columns.story, "story"), (columns.text, "text")] where column == nil {
            error(table.headerRow, nil, "the quotes table has no '\(name)' column",
                  "name the first row's cells: id, story, storytellers, text, themes, key, note")
            missing = true
        }
        for (n, name) in table.header.enumerated() where !known.contains(n) && !name.isEmpty {
            var suggest = Suggest()
            let near = suggest.nearest(to: name, among: names)
            problems.warning(table.file, at: table.place(row: table.headerRow, column: n), "unknown column '\(name)', kept as extra data on each quote",
                             suggestion: near.map { "did you mean '\($0)'?" } ?? "quote columns are \(names.joined(separator: ", "))")
        }
        if missing { return }

        var quoteIDs = IDMaker(taken: table.rows.map { $0[columns.id].text.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty })
        var seenQuotes: [String: Int] = [:]
        var storyIndex: [String: Int] = [:]
        var storyRows: [String: [String: (value: String, row: Int)]] = [:]
        var madeTellers: Set<String> = []
        for row in table.rows {
            let storyID = row[columns.story].text.trimmingCharacters(in: .whitespacesAndNewlines)
            let text = row[columns.text].text
            var bad = false
            if storyID.isEmpty { error(row.number, columns.story, "the quote names no story", "give the id of the story it comes from"); bad = true }
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { error(row.number, columns.text, "the quote has no text", "give the words, verbatim"); bad = true }
            var quoteID = row[columns.id].text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !quoteID.isEmpty {
                if let first = seenQuotes[quoteID] {
                    error(row.number, columns.id, "the id '\(quoteID)' is used again (first on row \(first))", "ids must be unique; leave the cell empty to have one made")
                    bad = true
                }
                seenQuotes[quoteID] = row.number
            } else {
                quoteID = quoteIDs.next("quote", width: 4)
            }
            // The story, made on its first row; its storytellers are the union of its rows'.
            if !storyID.isEmpty, storyIndex[storyID] == nil {
                storyIndex[storyID] = draft.stories.count
                draft.stories.append(CorpusDraft.Story(id: storyID))
            }
            if let s = storyIndex[storyID] {
                for teller in CellList.split(row[columns.tellers].text) {
                    if haveStorytellerTable, tellerRows[teller] == nil {
                        var suggest = Suggest()
                        let near = suggest.nearest(to: teller, among: Array(tellerRows.keys).sorted())
                        error(row.number, columns.tellers, "no storyteller has the id '\(teller)'",
                              near.map { "did you mean '\($0)'?" } ?? "add them to the storytellers table")
                        continue
                    }
                    if !haveStorytellerTable, !madeTellers.contains(teller) {
                        madeTellers.insert(teller)
                        draft.storytellers.append(CorpusDraft.Storyteller(id: teller))
                    }
                    if !draft.stories[s].storytellers.contains(teller) { draft.stories[s].storytellers.append(teller) }
                }
                // Story fields: the first row that gives one sets it; a later different one is a mistake.
                let fields: [(String, Int?)] = [("reporter", columns.reporter), ("recorded", columns.recorded), ("format", columns.format),
                                                ("source", columns.source), ("story title", columns.title)]
                for (field, column) in fields {
                    guard let column else { continue }
                    let value = row[column].text.trimmingCharacters(in: .whitespacesAndNewlines)
                    guard !value.isEmpty else { continue }
                    if let first = storyRows[storyID]?[field] {
                        if first.value != value {
                            error(row.number, column, "the story '\(storyID)' has \(field) '\(first.value)' on row \(first.row), and '\(value)' here",
                                  "a story has one \(field): make the rows agree")
                        }
                        continue
                    }
                    storyRows[storyID, default: [:]][field] = (value, row.number)
                    switch field {
                    case "reporter": draft.stories[s].reporter = value
                    case "recorded":
                        let day = String(value.prefix(10))
                        if ISODateCheck.isDate(day) { draft.stories[s].recorded = day }
                        else { error(row.number, column, "'\(value)' is not a date", "write the date as YYYY-MM-DD (or format the cell as a date)") }
                    case "format":
                        switch value.lowercased() {
                        case "one-to-one", "one to one", "individual", "interview": draft.stories[s].format = "one-to-one"
                        case "group", "focus group": draft.stories[s].format = "group"
                        default: error(row.number, column, "unknown story format '\(value)'", "use one-to-one or group")
                        }
                    case "source": draft.stories[s].source = value
                    default: draft.stories[s].title = value
                    }
                }
            }
            // Themes.
            var themes: [String] = []
            for token in CellList.split(row[columns.themes].text) {
                if let id = theme(token, table: table, row: row.number, column: columns.themes, problems: &problems), !themes.contains(id) {
                    themes.append(id)
                }
            }
            // The key flag.
            var key = false
            let keyCell = row[columns.key]
            switch keyCell {
            case let .bool(b): key = b
            case let .number(n): key = n != 0
            default:
                switch keyCell.text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
                case "", "false", "no", "n", "0", "-": key = false
                case "true", "yes", "y", "1", "x", "✓", "✔", "key": key = true
                default:
                    error(row.number, columns.key, "'\(keyCell.text)' is not yes or no", "write yes (or true, x, 1) for a key quote, and leave it empty otherwise")
                    bad = true
                }
            }
            if bad { continue }
            var quote = CorpusDraft.Quote(id: quoteID, story: storyID, text: text, themes: themes, key: key)
            let note = row[columns.note].text.trimmingCharacters(in: .whitespacesAndNewlines)
            quote.note = note.isEmpty ? nil : note
            for (n, name) in table.header.enumerated() where !known.contains(n) && !name.isEmpty && !row[n].isBlank {
                quote.extra.append((name, Self.attribute(row[n], list: false)))
            }
            draft.quotes.append(quote)
        }
        // A story needs a storyteller: one with nothing known is made where none was named.
        var tellerMaker = IDMaker(taken: draft.storytellers.map(\.id))
        for s in draft.stories.indices where draft.stories[s].storytellers.isEmpty {
            let id = tellerMaker.next("storyteller")
            draft.storytellers.append(CorpusDraft.Storyteller(id: id))
            draft.stories[s].storytellers = [id]
            let row = table.rows.first { $0[columns.story].text.trimmingCharacters(in: .whitespacesAndNewlines) == draft.stories[s].id }?.number ?? table.headerRow
            problems.warning(table.file, at: table.place(row: row, column: columns.tellers),
                             "the story '\(draft.stories[s].id)' names no storyteller; one with nothing known about them ('\(id)') was made for it",
                             suggestion: "give the storytellers' ids in a storytellers column")
        }
    }

    /// A theme token: an id, a title, or a `Parent > Child` path of titles.
    private mutating func theme(_ token: String, table: SheetTable, row: Int, column: Int?, problems: inout ImportProblems) -> String? {
        let parts = token.split(separator: ">", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if parts.contains(where: \.isEmpty) {
            problems.error(table.file, at: table.place(row: row, column: column), "the theme path '\(token)' has an empty step",
                           suggestion: "write paths as Parent > Child")
            return nil
        }
        if parts.count == 1 {
            if let n = themeIndex[token] { return draft.themes[n].id }
            let matches = draft.themes.filter { $0.title.lowercased() == token.lowercased() }
            if matches.count == 1 { return matches[0].id }
            if matches.count > 1 {
                problems.error(table.file, at: table.place(row: row, column: column), "several themes are titled '\(token)' (\(matches.map(\.id).joined(separator: ", ")))",
                               suggestion: "write its id, or its path (Parent > \(token))")
                return nil
            }
        }
        var parent: String?
        for (depth, title) in parts.enumerated() {
            let children = draft.themes.filter { $0.parent == parent }
            if let found = children.first(where: { $0.title.lowercased() == title.lowercased() || $0.id == title }) {
                parent = found.id
                continue
            }
            if frame != nil {
                var suggest = Suggest()
                let candidates = depth == 0 && parts.count == 1 ? draft.themes.map(\.id) : children.map(\.title)
                let near = suggest.nearest(to: title, among: candidates)
                problems.error(table.file, at: table.place(row: row, column: column),
                               parts.count == 1 ? "no theme of the frame has the id or title '\(title)'" : "the frame has no theme '\(title)' under \(parent.map { "'\($0)'" } ?? "the roots")",
                               suggestion: near.map { "did you mean '\($0)'?" } ?? "add it to the frame, or correct the cell")
                return nil
            }
            var slug = IDMaker.slug(title)
            if slug.isEmpty { slug = "theme" }
            let id = themeMaker.claim(parent.map { "\($0).\(slug)" } ?? slug)
            themeIndex[id] = draft.themes.count
            draft.themes.append(CorpusDraft.Theme(id: id, title: title, parent: parent))
            parent = id
        }
        return parent
    }

    // MARK: Finishing

    mutating func finish(title: String?, source: String, problems: inout ImportProblems) -> CorpusDraft {
        for facet in Facet.allCases { draft[facet] = vocab.entries(facet) }
        if let title { draft.setProject("title", .string(title)) }
        if draft.projectTitle?.isEmpty ?? true {
            let name = (source as NSString).lastPathComponent
            draft.setProject("title", .string("Imported from \(name)"))
            problems.warning(map.file ?? source, at: map.file == nil ? "" : "/title", "the corpus is titled '\(draft.projectTitle!)'",
                             suggestion: "give `title:` in a map file (--map)")
        }
        // Storytellers no quote's story names are kept: the table lists them.
        return draft
    }
}

/// `;`-separated lists in one cell or value.
enum CellList {
    static func split(_ text: String) -> [String] { REFIConventions.split(text) }
}
