import Foundation
import StoryloomCorpus
import StoryloomShared
import Yams

/// What a map file (`--map MAP.yml`) tells an import that the input cannot: which variables
/// or columns are vocabularies, which code marks key quotes, whether names may be kept.
/// Every key is optional; docs/import.md lists them.
public struct ImportMap: Sendable {
    /// The project title, when the input has none (or a better one).
    public var title: String?
    /// Variable or column name (compared without regard to case) → vocabulary.
    public var vocabularies: [String: Facet] = [:]
    /// Variable or column name → attribute key, to rename.
    public var attributes: [String: String] = [:]
    /// Variables whose text values are lists (split at `;`).
    public var lists: Set<String> = []
    /// Variables left out.
    public var ignore: Set<String> = []
    /// The name of the code or set whose codings mark key quotes.
    public var key: String?
    /// Keep case and source names as ids (they are often people's real names).
    public var keepNames = false
    /// How the selections' positions count.
    public var positions: ScalarText.Reading = .scalars
    /// A corpus whose project, vocabularies and themes the import starts from.
    public var frame: String?
    /// Where each key was given, for messages about its value.
    var lines: [String: Int] = [:]
    /// The map file as named.
    public var file: String?

    public init() {}

    /// The names a variable or column has by default, when the map names no vocabularies.
    static let defaultVocabularies: [String: Facet] = [
        "sector": .sector, "sectors": .sector, "role": .role, "roles": .role, "field": .field, "fields": .field,
    ]

    static let knownKeys = ["title", "vocabularies", "attributes", "lists", "ignore", "key", "keep_names", "positions", "frame"]

    /// The vocabulary a variable or column feeds, if any.
    func vocabulary(forVariable name: String) -> Facet? {
        let folded = name.lowercased()
        if let facet = vocabularies.first(where: { $0.key.lowercased() == folded })?.value { return facet }
        return vocabularies.isEmpty ? Self.defaultVocabularies[folded] : nil
    }

    func isIgnored(_ name: String) -> Bool { ignore.contains { $0.lowercased() == name.lowercased() } }
    func isList(_ name: String) -> Bool { lists.contains { $0.lowercased() == name.lowercased() } }
    func attributeKey(forVariable name: String) -> String {
        attributes.first { $0.key.lowercased() == name.lowercased() }?.value ?? name
    }

    /// Reads a map file, reporting every problem in it at once.
    public static func load(path: String) throws(ImportError) -> ImportMap {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError(.unreadable, file: path, "cannot read the map file", suggestion: "check the path")
        }
        guard data.count <= 1 << 20 else {
            throw ImportError(.invalid, file: path, "the map file is larger than 1 MB", suggestion: "a map names a few variables; check that this is the file you meant")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ImportError(.invalid, file: path, "the map file is not valid UTF-8", suggestion: "save it as UTF-8")
        }
        return try parse(text, file: path)
    }

    static func parse(_ source: String, file: String) throws(ImportError) -> ImportMap {
        var map = ImportMap()
        map.file = file
        var problems = ImportProblems()
        let root: Node?
        do {
            root = try Yams.compose(yaml: source)
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _), let YamlError.composer(_, problem, mark, _) {
            throw ImportError(kind: .invalid, problems: [Diagnostic(file: file, pointer: "", line: mark.line, column: mark.column,
                                                                    message: "invalid YAML: \(problem)")])
        } catch {
            throw ImportError(.invalid, file: file, "invalid YAML: \(error)")
        }
        guard let root else { return map }
        func report(_ node: Node, _ pointer: String, _ message: String, _ suggestion: String? = nil) {
            problems.append(Diagnostic(file: file, pointer: pointer, line: node.mark?.line, column: node.mark?.column,
                                       message: message, suggestion: suggestion))
        }
        func text(_ node: Node, _ pointer: String) -> String? {
            guard case let .scalar(scalar) = node else { report(node, pointer, "expected text"); return nil }
            return scalar.string
        }
        func names(_ node: Node, _ pointer: String) -> [String] {
            guard let sequence = node.sequence else { report(node, pointer, "expected a list of names"); return [] }
            return sequence.enumerated().compactMap { text($1, "\(pointer)/\($0)") }
        }
        func pairs(_ node: Node, _ pointer: String) -> [(Node, String, Node)] {
            guard let mapping = node.mapping else { report(node, pointer, "expected a mapping (name: value lines)"); return [] }
            return mapping.compactMap { key, value in key.string.map { (key, $0, value) } }
        }
        guard let top = root.mapping else {
            throw ImportError(kind: .invalid, problems: [Diagnostic(file: file, pointer: "", line: root.mark?.line, column: root.mark?.column,
                                                                    message: "a map file is a mapping of keys (title, vocabularies, key, ...)",
                                                                    suggestion: "see docs/import.md")])
        }
        for (keyNode, value) in top {
            let key = keyNode.string ?? ""
            let here = "/" + key
            map.lines[key] = keyNode.mark?.line
            switch key {
            case "title": map.title = text(value, here)
            case "key": map.key = text(value, here)
            case "frame": map.frame = text(value, here)
            case "keep_names":
                guard let flag = value.bool else { report(value, here, "expected true or false"); continue }
                map.keepNames = flag
            case "positions":
                guard let name = text(value, here) else { continue }
                guard let reading = ScalarText.Reading(rawValue: name) else {
                    report(value, here, "unknown way of counting positions '\(name)'",
                           "use one of \(ScalarText.Reading.allCases.map(\.rawValue).joined(separator: ", "))")
                    continue
                }
                map.positions = reading
            case "vocabularies":
                for (nameNode, name, target) in pairs(value, here) {
                    guard let kind = text(target, "\(here)/\(name)") else { continue }
                    guard let facet = Facet.allCases.first(where: { $0.plural == kind || $0.rawValue == kind }) else {
                        report(target, "\(here)/\(name)", "unknown vocabulary '\(kind)'", "use sectors, roles or fields")
                        continue
                    }
                    _ = nameNode
                    map.vocabularies[name] = facet
                }
            case "attributes":
                for (_, name, target) in pairs(value, here) {
                    guard let key = text(target, "\(here)/\(name)") else { continue }
                    guard !key.isEmpty else { report(target, "\(here)/\(name)", "an attribute key cannot be empty"); continue }
                    map.attributes[name] = key
                }
            case "lists": map.lists = Set(names(value, here))
            case "ignore": map.ignore = Set(names(value, here))
            default:
                var suggest = Suggest()
                let near = suggest.nearest(to: key, among: knownKeys)
                report(keyNode, here, "unknown key '\(key)'",
                       near.map { "did you mean '\($0)'?" } ?? "known keys: \(knownKeys.joined(separator: ", "))")
            }
        }
        if problems.hasErrors { throw ImportError(kind: .invalid, problems: problems.all) }
        if let frame = map.frame, !frame.hasPrefix("/") {
            // A frame is named relative to the map file, as a project's files are.
            let folder = (file as NSString).deletingLastPathComponent
            map.frame = folder.isEmpty ? frame : (folder as NSString).appendingPathComponent(frame)
        }
        return map
    }
}
