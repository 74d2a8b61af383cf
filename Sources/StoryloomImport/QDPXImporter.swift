import Foundation
import StoryloomCorpus
import StoryloomShared

/// Reads a REFI-QDA project archive (.qdpx: `project.qde` and a `Sources/` folder) into a
/// corpus draft.
enum QDPXImporter {
    static func read(path: String, displayName: String, map: ImportMap, frame: CorpusDraft?, limits: ImportLimits,
                     problems: inout ImportProblems) throws(ImportError) -> CorpusDraft {
        var archive = try ArchiveReader(path: path, displayName: displayName, limits: limits)
        guard let entry = archive.entry("project.qde", caseless: true) else {
            throw ImportError(.invalid, file: displayName, "the archive holds no project.qde",
                              suggestion: "a REFI-QDA project (.qdpx) has project.qde at its top; export the project again (not a codebook, .qdc)")
        }
        let qdeName = displayName + "/project.qde"
        let data = try archive.read(entry)
        let root: XMLElement
        do {
            root = try XMLTree.parse(data, maximumDepth: limits.maximumDepth)
        } catch {
            throw ImportError(kind: .invalid, problems: [.init(file: qdeName, pointer: "", line: error.line, message: error.message,
                                                               suggestion: "export the project again from the program that made it")])
        }
        let project = REFIProject(root: root, file: qdeName, problems: &problems)
        if problems.hasErrors, project.sources.isEmpty, project.codes.isEmpty {
            throw ImportError(kind: .invalid, problems: problems.all)
        }

        // The sidecar of an earlier Storyloom export, if the archive still has it.
        var sidecar: CorpusDraft?
        if let entry = archive.entry(REFIConventions.sidecar) {
            do {
                let bytes = try archive.read(entry)
                let corpus = try CorpusLoader.load(bytes: [UInt8](bytes), file: displayName + "/" + REFIConventions.sidecar, form: .json)
                sidecar = CorpusDraft(corpus)
            } catch {
                problems.warning(displayName, at: "/" + REFIConventions.sidecar,
                                 "the Storyloom data kept in the archive cannot be read, so ids and fields REFI-QDA has no place for are made afresh (\(String(describing: error).prefix(300)))")
            }
        }

        // Each text source's text: inline, or a file under Sources/.
        var texts: [String: String] = [:]
        var inline: Set<String> = []
        for source in project.sources {
            let here = (line: source.place.line, path: source.place.path)
            if let content = source.inlineText, source.plainTextPath == nil || content.isEmpty == false {
                texts[source.guid] = content
                inline.insert(source.guid)
                continue
            }
            guard let location = source.plainTextPath, !location.isEmpty else {
                problems.error(qdeName, line: here.line, at: here.path, "the source '\(source.name ?? "")' has no text: neither PlainTextContent nor plainTextPath",
                               suggestion: "export the project again with its sources")
                continue
            }
            guard location.lowercased().hasPrefix("internal://") else {
                problems.error(qdeName, line: here.line, at: here.path, "the source's text is outside the archive (\(location))",
                               suggestion: "export the project with its sources inside the archive (internal://)")
                continue
            }
            let name = String(location.dropFirst("internal://".count))
            guard let file = archive.entry("sources/" + name, caseless: true) else {
                var suggest = Suggest()
                let present = archive.files(under: "sources").map { ($0 as NSString).lastPathComponent }
                let near = suggest.nearest(to: name, among: present)
                problems.error(qdeName, line: here.line, at: here.path,
                               "the source '\(source.name ?? "")' names the file Sources/\(name), which is not in the archive (it holds \(present.count) file\(present.count == 1 ? "" : "s") under Sources/)",
                               suggestion: near.map { "did you mean '\($0)'? Otherwise export the project again with its sources" } ?? "export the project again with its sources")
                continue
            }
            let bytes: Data
            do { bytes = try archive.read(file) } catch {
                problems.append(contentsOf: ImportProblems(error.problems))
                continue
            }
            var body = bytes
            if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
            guard let text = String(data: body, encoding: .utf8) else {
                problems.error(displayName + "/" + (archive.entries.first { $0.entry == file }?.path ?? name), at: "",
                               "the source text is not valid UTF-8 (at byte \(UTF8Check.firstInvalidByte(body) ?? 0))",
                               suggestion: "REFI-QDA source texts are UTF-8; export the project again")
                continue
            }
            texts[source.guid] = text
        }

        let mapping = REFIMapping(project: project, file: qdeName, map: map, sidecar: sidecar, frame: frame, texts: texts,
                                  inlineSources: inline)
        return mapping.build(problems: &problems)
    }
}

extension ImportProblems {
    init(_ diagnostics: [Diagnostic]) {
        self.init()
        for d in diagnostics { append(d) }
    }
}

/// Where UTF-8 goes wrong, for messages.
enum UTF8Check {
    static func firstInvalidByte(_ data: Data) -> Int? {
        var bytes = data.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&bytes) {
            case let .scalarValue(scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
