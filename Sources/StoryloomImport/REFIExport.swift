import Foundation
import StoryloomCorpus
import StoryloomShared
import ZIPFoundation

/// Writes a corpus as a REFI-QDA project (.qdpx) that QDA programs open: the theme tree as
/// nested codes, storytellers as cases with variables, each story as a text source made of
/// its quotes, each quote a coded selection, reporters as users. The same corpus always
/// gives the same bytes: GUIDs are derived from ids, entries are sorted, their timestamps
/// fixed, and they are stored uncompressed (so no compressor's version can change a byte).
public enum REFIExport {
    /// Between two quotes in a story's text.
    static let quoteSeparator = "\n\n"

    /// The project's files, by archive path.
    static func files(_ corpus: Corpus) -> [(path: String, data: Data)] {
        let draft = CorpusDraft(corpus)
        var files: [(String, Data)] = []
        var xml = XMLBuilder()
        xml.line("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        xml.open("Project", [("xmlns", REFIProject.namespace), ("name", draft.projectTitle ?? ""), ("origin", "Storyloom")])

        // Users: the reporters, in order of first appearance.
        var reporters: [String] = []
        for story in draft.stories { if let r = story.reporter, !reporters.contains(r) { reporters.append(r) } }
        if !reporters.isEmpty {
            xml.open("Users")
            for r in reporters { xml.empty("User", [("guid", NameUUID.guid("user", r)), ("name", r), ("id", r)]) }
            xml.close("Users")
        }

        // The code book: themes nested, in display order; then the key-quotation code.
        let hasKey = draft.quotes.contains(where: \.key)
        if !corpus.themes.isEmpty || hasKey {
            xml.open("CodeBook")
            xml.open("Codes")
            func code(_ index: Int) {
                let theme = corpus.themes[index]
                let attributes = [("guid", NameUUID.guid("theme", theme.id)), ("name", theme.title), ("isCodable", "true")]
                if theme.summary == nil, theme.children.isEmpty {
                    xml.empty("Code", attributes)
                    return
                }
                xml.open("Code", attributes)
                if let summary = theme.summary { xml.text("Description", summary) }
                for child in theme.children { code(child) }
                xml.close("Code")
            }
            for root in corpus.roots { code(root) }
            if hasKey {
                xml.open("Code", [("guid", REFIConventions.keyCodeGUID), ("name", REFIConventions.keyCodeName), ("isCodable", "true")])
                xml.text("Description", "Quotations the curators marked as key for their themes (Storyloom's key flag).")
                xml.close("Code")
            }
            xml.close("Codes")
            xml.close("CodeBook")
        }

        // Variables: the vocabularies, each attribute, the story fields.
        let reserved = Set(REFIConventions.vocabularyVariables.map { $0.1.lowercased() } + REFIConventions.StoryField.allCases.flatMap {
            [$0.rawValue, $0.variableName.lowercased()]
        } + ["sectors", "roles", "fields"])
        var attributeKeys: [String] = []
        for teller in draft.storytellers {
            for (key, _) in teller.attributes where !attributeKeys.contains(key) { attributeKeys.append(key) }
        }
        func attributeVariable(_ key: String) -> String {
            reserved.contains(key.lowercased()) || key.lowercased().hasPrefix(REFIConventions.attributePrefix) ? REFIConventions.attributePrefix + key : key
        }
        /// The one type a variable can have: the values' own kind when they agree, else text.
        func attributeType(_ key: String) -> String {
            var kinds = Set<String>()
            for teller in draft.storytellers {
                guard let value = teller.attributes.first(where: { $0.key == key })?.value else { continue }
                switch value {
                case let .number(n): kinds.insert(n == n.rounded() && abs(n) < 1e15 ? "Integer" : "Float")
                case .integer: kinds.insert("Integer")
                case .bool: kinds.insert("Boolean")
                default: kinds.insert("Text")
                }
            }
            if kinds == ["Integer", "Float"] { return "Float" }
            return kinds.count == 1 ? kinds.first! : "Text"
        }
        let attributeTypes = Dictionary(uniqueKeysWithValues: attributeKeys.map { ($0, attributeType($0)) })
        let storyFields = REFIConventions.StoryField.allCases.filter { field in
            draft.stories.contains { story in
                switch field {
                case .format: story.format != nil
                case .recorded: story.recorded != nil
                case .source: story.source != nil
                }
            }
        }
        let usedFacets = REFIConventions.vocabularyVariables.filter { facet, _ in
            draft.storytellers.contains { !REFIMapping.list($0, facet).isEmpty }
        }
        if !usedFacets.isEmpty || !attributeKeys.isEmpty || !storyFields.isEmpty {
            xml.open("Variables")
            for (facet, name) in usedFacets {
                xml.open("Variable", [("guid", NameUUID.guid("variable", name)), ("name", name), ("typeOfVariable", "Text")])
                xml.text("Description", "The storyteller's \(facet.plural), separated by \"; \" (Storyloom vocabulary).")
                xml.close("Variable")
            }
            for key in attributeKeys {
                let name = attributeVariable(key)
                xml.empty("Variable", [("guid", NameUUID.guid("variable", name)), ("name", name), ("typeOfVariable", attributeTypes[key]!)])
            }
            for field in storyFields {
                xml.empty("Variable", [("guid", NameUUID.guid("variable", field.variableName)), ("name", field.variableName),
                                       ("typeOfVariable", field == .recorded ? "Date" : "Text")])
            }
            xml.close("Variables")
        }

        // Cases: one per storyteller, with its variables and its stories.
        var storiesOf: [String: [String]] = [:]
        for story in draft.stories { for teller in story.storytellers { storiesOf[teller, default: []].append(story.id) } }
        func value(_ variable: String, _ element: String, _ text: String) {
            xml.open("VariableValue")
            xml.empty("VariableRef", [("targetGUID", NameUUID.guid("variable", variable))])
            xml.text(element, text)
            xml.close("VariableValue")
        }
        if !draft.storytellers.isEmpty {
            xml.open("Cases")
            for teller in draft.storytellers {
                xml.open("Case", [("guid", NameUUID.guid("storyteller", teller.id)), ("name", teller.id)])
                for (facet, name) in usedFacets {
                    let ids = REFIMapping.list(teller, facet)
                    if !ids.isEmpty { value(name, "TextValue", REFIConventions.vocabularyText(ids, entries: draft[facet])) }
                }
                for (key, v) in teller.attributes {
                    let type = attributeTypes[key]!
                    let element = ["Integer": "IntegerValue", "Float": "FloatValue", "Boolean": "BooleanValue"][type] ?? "TextValue"
                    value(attributeVariable(key), element, REFIConventions.attributeText(v))
                }
                for story in storiesOf[teller.id] ?? [] { xml.empty("SourceRef", [("targetGUID", NameUUID.guid("story", story))]) }
                xml.close("Case")
            }
            xml.close("Cases")
        }

        // Sources: one text per story, its quotes joined; each quote a coded selection.
        var quotesOf: [String: [CorpusDraft.Quote]] = [:]
        for quote in draft.quotes { quotesOf[quote.story, default: []].append(quote) }
        if !draft.stories.isEmpty {
            xml.open("Sources")
            for story in draft.stories {
                let guid = NameUUID.guid("story", story.id)
                var attributes = [("guid", guid), ("name", story.title ?? story.id), ("plainTextPath", "internal://\(guid).txt")]
                if let reporter = story.reporter { attributes.append(("creatingUser", NameUUID.guid("user", reporter))) }
                xml.open("TextSource", attributes)
                if let summary = story.summary { xml.text("Description", summary) }
                var text = String.UnicodeScalarView()
                for (n, quote) in (quotesOf[story.id] ?? []).enumerated() {
                    if n > 0 { text.append(contentsOf: quoteSeparator.unicodeScalars) }
                    let start = text.count
                    text.append(contentsOf: quote.text.unicodeScalars)
                    xml.open("PlainTextSelection", [("guid", NameUUID.guid("quote", quote.id)), ("name", quote.text),
                                                    ("startPosition", String(start)), ("endPosition", String(text.count))])
                    if let note = quote.note { xml.text("Description", note) }
                    for theme in quote.themes {
                        coding(&xml, "\(quote.id)/\(theme)", NameUUID.guid("theme", theme))
                    }
                    if quote.key { coding(&xml, "\(quote.id)/key", REFIConventions.keyCodeGUID) }
                    xml.close("PlainTextSelection")
                }
                for theme in story.themes { coding(&xml, "\(story.id)/\(theme)", NameUUID.guid("theme", theme)) }
                if let format = story.format { value(REFIConventions.StoryField.format.variableName, "TextValue", format) }
                if let recorded = story.recorded { value(REFIConventions.StoryField.recorded.variableName, "DateValue", recorded) }
                if let source = story.source { value(REFIConventions.StoryField.source.variableName, "TextValue", source) }
                xml.close("TextSource")
                files.append(("Sources/\(guid).txt", Data(String(text).utf8)))
            }
            xml.close("Sources")
        }
        if let summary = draft.project.first(where: { $0.key == "summary" })?.value.stringValue { xml.text("Description", summary) }
        xml.close("Project")
        files.append(("project.qde", Data(xml.output.utf8)))
        files.append((REFIConventions.sidecar, Data(draft.json.utf8)))
        return files.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    }

    private static func coding(_ xml: inout XMLBuilder, _ name: String, _ code: String) {
        xml.open("Coding", [("guid", NameUUID.guid("coding", name))])
        xml.empty("CodeRef", [("targetGUID", code)])
        xml.close("Coding")
    }

    /// The .qdpx archive's bytes.
    public static func archive(_ corpus: Corpus) throws -> Data {
        try DeterministicZip.make(files(corpus))
    }
}

/// Indented XML, written as it goes.
struct XMLBuilder {
    private(set) var output = ""
    private var depth = 0

    mutating func line(_ text: String) { output += String(repeating: "  ", count: depth) + text + "\n" }

    private func start(_ name: String, _ attributes: [(String, String)]) -> String {
        "<" + name + attributes.map { " \($0.0)=\"\(XMLText.attribute($0.1))\"" }.joined()
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        line(start(name, attributes) + ">")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    mutating func empty(_ name: String, _ attributes: [(String, String)] = []) { line(start(name, attributes) + "/>") }

    /// An element holding only text, on one line so no indentation enters the text.
    mutating func text(_ name: String, _ content: String) { line("<\(name)>\(XMLText.content(content))</\(name)>") }
}

/// Zip archives whose bytes depend only on their files.
enum DeterministicZip {
    /// 1980-01-01 00:00 UTC, the earliest time a zip entry can hold.
    static let timestamp = Date(timeIntervalSince1970: 315_532_800)

    static func make(_ files: [(path: String, data: Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for file in files {
            try archive.addEntry(with: file.path, type: .file, uncompressedSize: Int64(file.data.count), modificationDate: timestamp,
                                 permissions: 0o644, compressionMethod: .none) { position, size in
                file.data.subdata(in: Int(position) ..< Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }
}
