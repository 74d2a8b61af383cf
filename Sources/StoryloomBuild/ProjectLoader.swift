import Foundation
import StoryloomCorpus
import StoryloomLua
import Yams
import StoryloomQuery
import StoryloomShared
import StoryloomDocument

/// Reads `storyloom.yml`. Unknown keys are errors here (unlike the corpus, a project file
/// is configuration, and a misspelt key silently ignored would build the wrong report).
public enum ProjectLoader {
    /// Gets Yams ready on another thread: its first document compiles the regular expressions
    /// that type YAML's plain scalars (through ICU), a few milliseconds that can pass while
    /// the command line is still being read.
    public static func prepareInBackground() {
        Thread { _ = try? Yams.compose(yaml: "ready: 1") }.start()
    }

    public static let fileName = "storyloom.yml"

    /// Loads the project at `path`: a project file or a folder holding `storyloom.yml`.
    public static func load(path: String) throws(ProjectError) -> Project {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ProjectError(file: path, pointer: "", message: "no such file or folder", suggestion: "check the path", unreadable: true)
        }
        let file = isFolder.boolValue ? (path as NSString).appendingPathComponent(fileName) : path
        let text = try NodeReader.readText(file, what: "project file",
                                           suggestion: isFolder.boolValue ? "add a \(fileName) to the folder" : nil)
        return try parse(text, file: file)
    }

    /// Parses project text; `file` locates the folder and names the file in errors.
    public static func parse(_ text: String, file: String) throws(ProjectError) -> Project {
        let root = try NodeReader.compose(text, file: file, empty: "name at least the corpus and one report")
        let reader = NodeReader(file: file)
        let folder = (file as NSString).deletingLastPathComponent
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(path)
        }
        let top = try reader.mapping(root, "", keys: ["title", "corpus", "output", "plugins", "brand", "template", "paper", "url", "email", "limits", "analyses", "reports"])
        let title = try top["title"].map { node throws(ProjectError) in try reader.string(node, "/title") }
        let corpus = try top["corpus"].map { node throws(ProjectError) in try reader.string(node, "/corpus") } ?? "corpus.json"
        // The folder's own name, also for "." or "..": `build .` writes to out/<this folder>.
        let projectName = URL(fileURLWithPath: folder.isEmpty ? "." : folder).standardizedFileURL.path
        let output = try top["output"].map { node throws(ProjectError) in try reader.string(node, "/output") }
        let plugins = try top["plugins"].map { node throws(ProjectError) in try reader.string(node, "/plugins") } ?? "plugins"
        let brand = try top["brand"].map { node throws(ProjectError) in try reader.string(node, "/brand") }
        let template = try top["template"].map { node throws(ProjectError) in try reader.string(node, "/template") }
        let paper = try top["paper"].map { node throws(ProjectError) in try reader.paper(node, "/paper") }
        // The published folder's address; reports are files in it, so it ends in "/".
        let url = try top["url"].map { node throws(ProjectError) in
            let address = try reader.webAddress(node, "/url")
            return address.hasSuffix("/") ? address : address + "/"
        }
        var emailFrom: Mailbox? = nil, emailTo: Mailbox? = nil
        if let node = top["email"] {
            let entries = try reader.mapping(node, "/email", keys: ["from", "to"])
            emailFrom = try entries["from"].map { n throws(ProjectError) in try reader.mailbox(n, "/email/from") }
            emailTo = try entries["to"].map { n throws(ProjectError) in try reader.mailbox(n, "/email/to") }
        }
        var limits = Limits()
        if let node = top["limits"] {
            let entries = try reader.mapping(node, "/limits", keys: ["memory", "instructions"])
            if let memory = entries["memory"] { limits.memoryBytes = try reader.byteSize(memory, "/limits/memory") }
            if let count = entries["instructions"] { limits.instructionBudget = try reader.positiveInteger(count, "/limits/instructions") }
        }
        // Parameters for analyses, in place of their defaults, wherever this project runs them.
        var analyses: [String: [(key: String, value: String)]] = [:]
        if let node = top["analyses"] {
            for (name, settings) in try reader.anyMapping(node, "/analyses") {
                analyses[name] = try reader.anyMapping(settings, "/analyses/\(name)").map { key, value throws(ProjectError) in
                    (key, try reader.scalarText(value, "/analyses/\(name)/\(key)"))
                }
            }
        }
        guard let reportsNode = top["reports"] else {
            throw reader.error(root, "", "missing required key 'reports'", suggestion: "list the reports to build, each with a name and a layout")
        }
        var reports: [Project.Report] = []
        for (n, node) in try reader.sequence(reportsNode, "/reports").enumerated() {
            let here = "/reports/\(n)"
            let entries = try reader.mapping(node, here, keys: ["name", "layout", "pages", "formats", "params", "where", "markdown"])
            guard let nameNode = entries["name"] else { throw reader.error(node, here, "missing required key 'name'", suggestion: "give the report a name; it names the output files") }
            let name = try reader.string(nameNode, here + "/name")
            guard NameShape.isFileName(name) else {
                throw reader.error(nameNode, here + "/name", "'\(name)' cannot name a file", suggestion: "use letters, digits, '.', '_' and '-'")
            }
            if reports.contains(where: { $0.name == name }) {
                throw reader.error(nameNode, here + "/name", "a report named '\(name)' is already defined", suggestion: "report names must be unique")
            }
            var pages: [Project.Page] = []
            if let node = entries["pages"] {
                for (p, pageNode) in try reader.sequence(node, here + "/pages").enumerated() {
                    let pointer = "\(here)/pages/\(p)"
                    let written = try reader.string(pageNode, pointer)
                    let parts = written.split(separator: "/", omittingEmptySubsequences: false)
                    guard written.hasSuffix(".md"), !written.hasPrefix("/"), !parts.contains(".."), !parts.contains("") else {
                        throw reader.error(pageNode, pointer, "'\(written)' is not a Markdown page in the project's folder",
                                           suggestion: "list pages as paths ending in .md, relative to the folder of storyloom.yml, such as pages/introduction.md")
                    }
                    pages.append(Project.Page(name: written, path: resolve(written), place: reader.error(pageNode, pointer, "")))
                }
                if pages.isEmpty {
                    throw reader.error(node, here + "/pages", "'pages' lists no pages", suggestion: "list Markdown files, or leave 'pages' out")
                }
            }
            // A report of pages alone is composed by the built-in `pages` layout.
            let layout = try entries["layout"].map { node throws(ProjectError) in try reader.string(node, here + "/layout") } ?? (pages.isEmpty ? name : "pages")
            let layoutPlace = reader.error(entries["layout"] ?? nameNode, entries["layout"] == nil ? here + "/name" : here + "/layout", "")
            let paramsPlace = reader.error(entries["params"] ?? node, entries["params"] == nil ? here : here + "/params", "")
            var formats = ["txt", "html", "md", "json"]
            var unknownFormats: [String: ProjectError] = [:]
            if let node = entries["formats"] {
                formats = []
                for (f, formatNode) in try reader.sequence(node, here + "/formats").enumerated() {
                    let value = try reader.string(formatNode, "\(here)/formats/\(f)")
                    if OutputFormat(rawValue: value) == nil {
                        // Perhaps a writer plugin's extension: checked once plugins are found.
                        var suggest = Suggest()
                        let near = suggest.nearest(to: value, among: OutputFormat.allCases.map(\.rawValue))
                        let error = reader.error(formatNode, "\(here)/formats/\(f)", "unknown format '\(value)'",
                                                 suggestion: near.map { "did you mean '\($0)'?" }
                                                     ?? "use one of \(OutputFormat.names), or a writer plugin's extension")
                        guard NameShape.isAlphanumeric(value) else { throw error }
                        unknownFormats[value] = error
                    }
                    if !formats.contains(value) { formats.append(value) }
                }
            }
            var params: [(key: String, value: String)] = []
            if let node = entries["params"] {
                for (key, value) in try reader.anyMapping(node, here + "/params") {
                    params.append((key, try reader.scalarText(value, "\(here)/params/\(key)")))
                }
            }
            var selection: Project.Selection? = nil
            if let node = entries["where"] {
                let filter = try reader.plainValue(node, here + "/where")
                let selector: Selector
                do {
                    selector = try FilterParsing.selector(filter, where: "")
                } catch {
                    throw reader.error(node, here + "/where", error.message,
                                       suggestion: "a where takes the keys of a query filter (docs/project-file.md#where)")
                }
                selection = Project.Selection(filter: filter, selector: selector, place: reader.error(node, here + "/where", ""))
            }
            var report = Project.Report(name: name, layout: layout, formats: formats, params: params, selection: selection,
                                        unknownFormatErrors: unknownFormats, layoutPlace: layoutPlace, paramsPlace: paramsPlace)
            report.pages = pages
            if let node = entries["markdown"] {
                let value = try reader.string(node, here + "/markdown")
                guard let flavour = MarkdownFlavour(rawValue: value) else {
                    throw reader.error(node, here + "/markdown", "unknown Markdown flavour '\(value)'",
                                       suggestion: "use github (headings as GitHub reads them) or pandoc (headings with {#id})")
                }
                report.markdown = flavour
            }
            reports.append(report)
        }
        return Project(file: file, folder: folder.isEmpty ? "." : folder, title: title, corpus: resolve(corpus),
                       output: output.map(resolve) ?? "out/" + (projectName as NSString).lastPathComponent,
                       plugins: resolve(plugins), brand: brand.map(resolve), template: template.map(resolve), paper: paper, url: url,
                       emailFrom: emailFrom, emailTo: emailTo, limits: limits,
                       analysisParameters: analyses, reports: reports)
    }
}

/// Typed reads from a YAML node tree that fail with the node's line and column.
struct NodeReader {
    let file: String

    /// A configuration file's text; a missing or unreadable file is an `unreadable` error.
    static func readText(_ file: String, what: String, suggestion: String?) throws(ProjectError) -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ProjectError(file: file, pointer: "", message: "cannot read the \(what)", suggestion: suggestion ?? "check the path", unreadable: true)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ProjectError(file: file, pointer: "", message: "the \(what) is not valid UTF-8")
        }
        return text
    }

    /// The YAML document in `text`, with syntax errors located, merge keys applied and
    /// aliases followed within a bound (`ConfigurationTree`).
    static func compose(_ text: String, file: String, empty: String) throws(ProjectError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ProjectError(file: file, pointer: "", message: "the file is empty", suggestion: empty)
            }
            // Merges applied and aliases counted once, here, so every read below sees plain values.
            return try ConfigurationTree.plain(node, reader: NodeReader(file: file), textLength: text.utf8.count)
        } catch let error as ProjectError {
            throw error
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            throw ProjectError(file: file, line: context.mark.line, column: context.mark.column, pointer: "",
                               message: "a mapping here gives the key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) twice",
                               suggestion: "keep one of them")
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _), let YamlError.composer(_, problem, mark, _) {
            throw ProjectError(file: file, line: mark.line, column: mark.column, pointer: "", message: "invalid YAML: \(problem)")
        } catch {
            throw ProjectError(file: file, pointer: "", message: "invalid YAML: \(error)")
        }
    }

    func error(_ node: Node, _ pointer: String, _ message: String, suggestion: String? = nil) -> ProjectError {
        ProjectError(file: file, line: node.mark?.line, column: node.mark?.column, pointer: pointer,
                     message: message, suggestion: suggestion)
    }

    /// A mapping whose keys must be among `keys`.
    func mapping(_ node: Node, _ pointer: String, keys: [String]) throws(ProjectError) -> [String: Node] {
        var result: [String: Node] = [:]
        for (key, value) in try anyMapping(node, pointer) {
            guard keys.contains(key) else {
                var suggest = Suggest()
                let near = suggest.nearest(to: key, among: keys)
                throw error(node.mapping?.first { $0.key.string == key }?.key ?? node, "\(pointer)/\(key)", "unknown key '\(key)'",
                            suggestion: near.map { "did you mean '\($0)'?" } ?? "known keys: \(keys.joined(separator: ", "))")
            }
            result[key] = value
        }
        return result
    }

    /// A mapping's pairs in file order, keys as text.
    func anyMapping(_ node: Node, _ pointer: String) throws(ProjectError) -> [(String, Node)] {
        guard let mapping = node.mapping else { throw error(node, pointer, "expected a mapping (key: value lines)") }
        return mapping.map { ($0.key.string ?? "", $0.value) }
    }

    func sequence(_ node: Node, _ pointer: String) throws(ProjectError) -> [Node] {
        guard let sequence = node.sequence else { throw error(node, pointer, "expected a list") }
        return Array(sequence)
    }

    func string(_ node: Node, _ pointer: String) throws(ProjectError) -> String {
        guard case let .scalar(scalar) = node else { throw error(node, pointer, "expected text") }
        return scalar.string
    }

    /// A scalar's text, for parameters that the layout's declared types will check.
    func scalarText(_ node: Node, _ pointer: String) throws(ProjectError) -> String {
        guard case let .scalar(scalar) = node else {
            throw error(node, pointer, "a parameter must be a single value", suggestion: "write lists as text the layout splits")
        }
        return scalar.string
    }

    /// Any YAML value as a plain value (mappings with text keys, lists, scalars).
    func plainValue(_ node: Node, _ pointer: String) throws(ProjectError) -> PlainValue {
        switch node {
        case let .mapping(mapping):
            var members: [(key: String, value: PlainValue)] = []
            for (key, value) in mapping {
                let name = key.string ?? ""
                members.append((name, try plainValue(value, "\(pointer)/\(name)")))
            }
            return .object(members.sorted { $0.key < $1.key })
        case let .sequence(sequence):
            var items: [PlainValue] = []
            for (n, item) in sequence.enumerated() { items.append(try plainValue(item, "\(pointer)/\(n)")) }
            return .array(items)
        case let .scalar(scalar):
            if scalar.style == .plain {
                if let b = node.bool { return .bool(b) }
                if let i = node.int { return .integer(Int64(i)) }
                if let d = node.float {
                    // .inf, .nan and 1e999 would reach filters as numbers no data holds.
                    guard d.isFinite else { throw error(node, pointer, "'\(scalar.string)' is not a finite number", suggestion: "quote it if it is text") }
                    return .number(d)
                }
            }
            return .string(scalar.string)
        case .alias:
            // `compose` follows every alias before this is read; one left is an anchor never defined.
            throw error(node, pointer, "an alias that names no anchor")
        }
    }

    /// A page size: `a4` or `letter`.
    func paper(_ node: Node, _ pointer: String) throws(ProjectError) -> Paper {
        let text = try string(node, pointer)
        guard let paper = Paper(rawValue: text.lowercased()) else {
            throw error(node, pointer, "unknown paper size '\(text)'", suggestion: "use a4 or letter")
        }
        return paper
    }

    func positiveInteger(_ node: Node, _ pointer: String) throws(ProjectError) -> Int {
        guard let value = node.int, value > 0 else { throw error(node, pointer, "expected a whole number above 0") }
        return value
    }

    /// A size such as `256MB`, `64 MiB`, `1GB` or a number of bytes.
    func byteSize(_ node: Node, _ pointer: String) throws(ProjectError) -> Int {
        let text = try string(node, pointer)
        guard let bytes = parseByteSize(text) else {
            throw error(node, pointer, "'\(text)' is not a size from 1 MB to 1 TB", suggestion: "write e.g. 256MB or 1GB")
        }
        return bytes
    }
}

/// Sizes a memory limit may take: below a megabyte no plugin can start; past a terabyte the
/// number is a mistake (and `1e999MB` would not fit an integer at all).
public let byteSizeRange = (1 << 20) ... (1 << 40)

/// Parses `256MB`, `64 MiB`, `1GB`, `512KB` or a plain number of bytes (MB means MiB here);
/// nil unless it is a finite size within `byteSizeRange`.
public func parseByteSize(_ text: String) -> Int? {
    let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
    let units: [(String, Int)] = [("TIB", 1 << 40), ("TB", 1 << 40), ("T", 1 << 40), ("GIB", 1 << 30), ("GB", 1 << 30), ("G", 1 << 30), ("MIB", 1 << 20), ("MB", 1 << 20),
                                  ("M", 1 << 20), ("KIB", 1 << 10), ("KB", 1 << 10), ("K", 1 << 10), ("B", 1)]
    var bytes: Double? = nil
    for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
        bytes = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)).map { $0 * Double(scale) }
        break
    }
    guard let value = bytes ?? Double(trimmed), value.isFinite,
          value >= Double(byteSizeRange.lowerBound), value <= Double(byteSizeRange.upperBound) else { return nil }
    return Int(value)
}
