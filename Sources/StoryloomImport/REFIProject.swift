import Foundation

/// The parts of a REFI-QDA project (`project.qde`, namespace `urn:QDA-XML:project:1.0`) that
/// become a corpus, read from the XML with every problem located at its line.
struct REFIProject: Sendable {
    static let namespace = "urn:QDA-XML:project:1.0"

    /// Where an element is: its line and path, for messages.
    struct Place {
        var line: Int
        var location: XMLPath
        var path: String { location.text }
    }

    struct User {
        var guid: String
        var name: String?
        var id: String?
    }

    struct Code {
        var guid: String
        var name: String
        var description: String?
        var children: [Code]
        var place: Place
    }

    enum ValueKind: String {
        case text = "TextValue", boolean = "BooleanValue", integer = "IntegerValue", float = "FloatValue"
        case date = "DateValue", dateTime = "DateTimeValue"
    }

    struct VariableValue {
        var variable: String
        var kind: ValueKind?
        var text: String
        var place: Place
    }

    struct Variable {
        var guid: String
        var name: String
        var type: String?
    }

    struct Case {
        var guid: String
        var name: String?
        var values: [VariableValue]
        var sources: [(guid: String, place: Place)]
        var place: Place
    }

    struct Selection {
        var guid: String
        var name: String?
        var start: Int
        var end: Int
        var description: String?
        var codes: [(guid: String, place: Place)]
        var notes: [String]
        var place: Place
    }

    struct TextSource {
        var guid: String
        var name: String?
        var description: String?
        var plainTextPath: String?
        var inlineText: String?
        var creatingUser: String?
        var selections: [Selection]
        var codes: [(guid: String, place: Place)]
        var values: [VariableValue]
        var place: Place
    }

    struct CodeSet {
        var guid: String
        var name: String
        var codes: [String]
        var place: Place
    }

    var name: String?
    var description: String?
    var users: [User] = []
    var codes: [Code] = []
    var variables: [String: Variable] = [:]
    var cases: [Case] = []
    var sources: [TextSource] = []
    var notes: [String: String] = [:]
    var sets: [CodeSet] = []

    /// Reads the project from its root element; problems go to `problems` under `file`.
    init(root: XMLElement, file: String, problems: inout ImportProblems) {
        guard root.name == "Project", root.namespace == Self.namespace else {
            let found = root.namespace.map { "<\(root.name)> in namespace \($0)" } ?? "<\(root.name)> with no namespace"
            problems.error(file, line: root.line, at: root.path, "this is not a REFI-QDA project: the root is \(found)",
                           suggestion: "a project.qde has <Project xmlns=\"\(Self.namespace)\">; export a REFI-QDA project (.qdpx) from your QDA program")
            return
        }
        var reader = ElementReader(file: file)
        name = root["name"]
        description = root.child("Description")?.text
        for user in root.child("Users")?.children("User") ?? [] {
            if let g = reader.guid(user) { users.append(User(guid: g, name: user["name"], id: user["id"])) }
        }
        if let book = root.child("CodeBook") {
            codes = book.child("Codes")?.children("Code").compactMap { reader.code($0) } ?? []
        }
        for v in root.child("Variables")?.children("Variable") ?? [] {
            guard let g = reader.guid(v) else { continue }
            variables[g] = Variable(guid: g, name: v["name"] ?? "", type: v["typeOfVariable"])
        }
        for c in root.child("Cases")?.children("Case") ?? [] {
            guard let g = reader.guid(c) else { continue }
            cases.append(Case(guid: g, name: c["name"], values: reader.values(c),
                              sources: c.children("SourceRef").compactMap { s in reader.ref(s).map { ($0, reader.place(s)) } }, place: reader.place(c)))
        }
        for note in root.child("Notes")?.children("Note") ?? [] {
            if let g = reader.guid(note) { notes[g] = note.child("PlainTextContent")?.text ?? "" }
        }
        for s in root.child("Sets")?.children("Set") ?? [] {
            guard let g = reader.guid(s) else { continue }
            sets.append(CodeSet(guid: g, name: s["name"] ?? "", codes: s.children("MemberCode").compactMap { reader.ref($0) }, place: reader.place(s)))
        }
        let children = root.child("Sources")?.children ?? []
        sources = Self.textSources(children.filter { $0.name == "TextSource" }, reader: &reader)
        problems.append(contentsOf: reader.problems)
        var skipped: [String: (count: Int, line: Int)] = [:]
        for source in children where source.name != "TextSource" {
            let first = skipped[source.name]
            skipped[source.name] = ((first?.count ?? 0) + 1, first?.line ?? source.line)
        }
        for (kind, info) in skipped.sorted(by: { $0.value.line < $1.value.line }) {
            problems.warning(file, line: info.line, at: "/Project/Sources", "\(info.count) \(kind) source\(info.count == 1 ? "" : "s") left out: only text sources become stories",
                             suggestion: "transcribe audio and video, or export PDFs as text, to bring their coding in")
        }
    }

    /// The text sources, read in two halves at once: the second on another thread, with GUIDs
    /// of its own. When one of those was seen before it (a duplicate, in a damaged project),
    /// the second half is read again after the first, as a single pass reads it.
    private static func textSources(_ elements: [XMLElement], reader: inout ElementReader) -> [TextSource] {
        let half = elements.count >= 4_000 ? elements.count / 2 : elements.count
        nonisolated(unsafe) let secondHalf = elements[half...]
        let file = reader.file
        let second = Pending<([TextSource], ElementReader)> {
            var own = ElementReader(file: file)
            return (secondHalf.compactMap { own.source($0) }, own)
        }
        var sources = elements[..<half].compactMap { reader.source($0) }
        let (more, other) = second.take()
        if other.seen.keys.contains(where: { reader.seen[$0] != nil }) {
            sources += elements[half...].compactMap { reader.source($0) }
        } else {
            sources += more
            reader.problems.append(contentsOf: other.problems)
            reader.seen.merge(other.seen) { first, _ in first }
        }
        return sources
    }

    /// Reads elements into records, noting problems and every GUID seen (each must be unique).
    private struct ElementReader: Sendable {
        let file: String
        var problems = ImportProblems()
        var seen: [String: Place] = [:]

        init(file: String) { self.file = file }

        func place(_ e: XMLElement) -> Place { Place(line: e.line, location: e.location) }

        mutating func guid(_ e: XMLElement) -> String? {
            guard let raw = e["guid"], !REFIProject.isBlank(raw) else {
                problems.error(file, line: e.line, at: e.path, "<\(e.name)> has no guid", suggestion: "every \(e.name) needs a guid; export the project again")
                return nil
            }
            let value = NameUUID.normalized(raw)
            if let first = seen[value] {
                problems.error(file, line: e.line, at: e.path, "the guid \(raw) is used again (first at line \(first.line), \(first.path))",
                               suggestion: "guids must be unique; export the project again")
                return nil
            }
            seen[value] = place(e)
            return value
        }

        mutating func ref(_ e: XMLElement) -> String? {
            guard let raw = e["targetGUID"], !raw.isEmpty else {
                problems.error(file, line: e.line, at: e.path, "<\(e.name)> has no targetGUID", suggestion: "export the project again")
                return nil
            }
            return NameUUID.normalized(raw)
        }

        mutating func values(_ e: XMLElement) -> [VariableValue] {
            e.children("VariableValue").compactMap { v in
                guard let variable = v.child("VariableRef").flatMap({ ref($0) }) else {
                    problems.error(file, line: v.line, at: v.path, "a VariableValue names no variable (no VariableRef)", suggestion: "export the project again")
                    return nil
                }
                let valueElement = v.children.first { ValueKind(rawValue: $0.name) != nil }
                return VariableValue(variable: variable, kind: valueElement.flatMap { ValueKind(rawValue: $0.name) },
                                     text: valueElement?.text ?? "", place: place(v))
            }
        }

        mutating func code(_ e: XMLElement) -> Code? {
            guard let g = guid(e) else { return nil }
            let name = e["name"] ?? ""
            if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.error(file, line: e.line, at: e.path, "a code has no name", suggestion: "name the code in your QDA program and export again")
            }
            return Code(guid: g, name: name, description: e.child("Description")?.text, children: e.children("Code").compactMap { code($0) },
                        place: place(e))
        }

        mutating func source(_ source: XMLElement) -> TextSource? {
            guard let g = guid(source) else { return nil }
            var selections: [Selection] = []
            for s in source.children("PlainTextSelection") {
                guard let sg = guid(s) else { continue }
                let start = s["startPosition"].flatMap(REFIProject.wholeNumber)
                let end = s["endPosition"].flatMap(REFIProject.wholeNumber)
                guard let start, let end, start >= 0, end >= start else {
                    problems.error(file, line: s.line, at: s.path,
                                   "the selection's positions are not two whole numbers with start ≤ end (startPosition=\"\(s["startPosition"] ?? "")\", endPosition=\"\(s["endPosition"] ?? "")\")",
                                   suggestion: "export the project again; positions count Unicode scalars from 0")
                    continue
                }
                let codes = s.children("Coding").compactMap { coding -> (String, Place)? in
                    guard let codeRef = coding.child("CodeRef") else {
                        problems.error(file, line: coding.line, at: coding.path, "a Coding has no CodeRef", suggestion: "export the project again")
                        return nil
                    }
                    return ref(codeRef).map { ($0, place(codeRef)) }
                }
                selections.append(Selection(guid: sg, name: s["name"], start: start, end: end, description: s.child("Description")?.text,
                                            codes: codes, notes: s.children("NoteRef").compactMap { ref($0) }, place: place(s)))
            }
            let codes = source.children("Coding").compactMap { coding -> (String, Place)? in
                coding.child("CodeRef").flatMap { r in ref(r).map { ($0, place(r)) } }
            }
            return TextSource(guid: g, name: source["name"], description: source.child("Description")?.text,
                              plainTextPath: source["plainTextPath"], inlineText: source.child("PlainTextContent")?.text,
                              creatingUser: source["creatingUser"].map(NameUUID.normalized), selections: selections,
                              codes: codes, values: values(source), place: place(source))
        }
    }

    /// Whether the text is empty or only spaces and tabs (trimming would leave nothing).
    static func isBlank(_ text: String) -> Bool {
        // A GUID starts with a printable ASCII character: no need to ask the character set.
        if let first = text.utf8.first, first > 0x20, first < 0x7F { return false }
        return text.unicodeScalars.allSatisfy { CharacterSet.whitespaces.contains($0) }
    }

    /// A whole number, spaces around it allowed. Most are plain digits: read without trimming.
    static func wholeNumber(_ text: String) -> Int? {
        Int(text) ?? Int(text.trimmingCharacters(in: .whitespaces))
    }
}
