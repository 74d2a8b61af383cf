import Foundation
import StoryloomCorpus
import StoryloomShared

/// Reads a REFI-QDA project archive (.qdpx: `project.qde` and a `Sources/` folder) into a
/// corpus draft.
enum QDPXImporter {
    /// What the reading no longer needs once the draft is made goes to `leftovers`.
    static func read(path: String, displayName: String, map: ImportMap, frame: CorpusDraft?, limits: ImportLimits,
                     problems: inout ImportProblems, leftovers: Leftovers) throws(ImportError) -> CorpusDraft {
        var archive = try ArchiveReader(path: path, displayName: displayName, limits: limits)
        guard let entry = archive.entry("project.qde", caseless: true) else {
            throw ImportError(.invalid, file: displayName, "the archive holds no project.qde",
                              suggestion: "a REFI-QDA project (.qdpx) has project.qde at its top; export the project again (not a codebook, .qdc)")
        }
        let qdeName = displayName + "/project.qde"
        let data = try archive.read(entry)
        // The sidecar of an earlier Storyloom export, if the archive still has it, is read and
        // loaded on a thread of its own while this one parses the XML. The archive goes with
        // that thread and comes back with the sidecar: it is read from one thread at a time.
        let sidecarFile = displayName + "/" + REFIConventions.sidecar
        let sidecarLoading = Pending<(SidecarLoad?, ArchiveReader)> { [archive] in
            var archive = archive
            guard let entry = archive.entry(REFIConventions.sidecar) else { return (nil, archive) }
            let bytes: Result<Data, ImportError>
            do throws(ImportError) { bytes = .success(try archive.read(entry)) } catch { bytes = .failure(error) }
            return (SidecarLoad(bytes, file: sidecarFile), archive)
        }

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
        let sidecarLoad: SidecarLoad?
        (sidecarLoad, archive) = sidecarLoading.take()
        if case let .unreadable(reason) = sidecarLoad {
            problems.warning(displayName, at: "/" + REFIConventions.sidecar,
                             "the Storyloom data kept in the archive cannot be read, so ids and fields REFI-QDA has no place for are made afresh (\(reason))")
        }
        // The source texts are unpacked on a thread of their own while the mapping runs; their
        // problems come before the mapping's, as when one followed the other.
        let texts = SourceTexts(project.sources, from: archive, qdeName: qdeName, displayName: displayName)
        var sidecar: (draft: CorpusDraft, index: SidecarIndex)?
        if case let .loaded(draft, index) = sidecarLoad { sidecar = (draft, index) }
        let mapping = REFIMapping(project: project, file: qdeName, map: map, sidecar: sidecar?.draft, sidecarIndex: sidecar?.index,
                                  frame: frame, texts: texts)
        var mapped = ImportProblems()
        let built = mapping.build(problems: &mapped)
        problems.append(contentsOf: texts.problems())
        problems.append(contentsOf: mapped)
        leftovers.keep([consume root, consume mapping, consume project, consume texts, consume sidecarLoad as Any, consume sidecar as Any])
        return built
    }
}

/// The sidecar as the mapping uses it (the draft, and its records by GUID), or why it cannot be
/// read.
enum SidecarLoad: Sendable {
    case loaded(CorpusDraft, SidecarIndex)
    case unreadable(Substring)

    init(_ bytes: Result<Data, ImportError>, file: String) {
        do {
            let corpus = try CorpusLoader.load(bytes: [UInt8](try bytes.get()), file: file, form: .json)
            let draft = CorpusDraft(corpus)
            self = .loaded(draft, SidecarIndex(draft))
        } catch {
            self = .unreadable(String(describing: error).prefix(300))
        }
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
