import Foundation
import StoryloomCorpus

/// Each text source's text (inline, or a file under `Sources/`), unpacked on a thread of its
/// own, in the project's order, while the mapping runs: the mapping takes them in the same
/// order and waits only for a text not yet unpacked. The archive goes with that thread.
final class SourceTexts: @unchecked Sendable {
    struct Text {
        var text: String
        /// Whether it was inline in the XML (reading XML changes its line endings).
        var inline: Bool
    }

    private let ready = NSCondition()
    /// The texts unpacked so far, by source index; nil where a text could not be read.
    private var texts: [Text?] = []
    private var found = ImportProblems()
    private var finished = false

    /// Starts unpacking the texts of `sources`; problems are said against `qdeName` (the XML)
    /// or `displayName` (the archive).
    init(_ sources: [REFIProject.TextSource], from archive: ArchiveReader, qdeName: String, displayName: String) {
        texts.reserveCapacity(sources.count)
        let thread = Thread { [self] in
            var archive = archive
            for source in sources {
                var problems = ImportProblems()
                let text = Self.text(of: source, in: &archive, qdeName: qdeName, displayName: displayName, problems: &problems)
                ready.lock()
                texts.append(text)
                found.append(contentsOf: problems)
                ready.broadcast()
                ready.unlock()
            }
            ready.lock()
            finished = true
            ready.broadcast()
            ready.unlock()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The text of the source at `index` (in the order given), once unpacked; nil when it
    /// could not be read (a problem says why).
    func text(at index: Int) -> Text? {
        ready.lock()
        defer { ready.unlock() }
        while texts.count <= index, !finished { ready.wait() }
        return index < texts.count ? texts[index] : nil
    }

    /// Every problem met unpacking, in the sources' order, once all are unpacked.
    func problems() -> ImportProblems {
        ready.lock()
        defer { ready.unlock() }
        while !finished { ready.wait() }
        return found
    }

    private static func text(of source: REFIProject.TextSource, in archive: inout ArchiveReader, qdeName: String, displayName: String,
                             problems: inout ImportProblems) -> Text? {
        let here = (line: source.place.line, path: source.place.path)
        if let content = source.inlineText, source.plainTextPath == nil || content.isEmpty == false {
            return Text(text: content, inline: true)
        }
        guard let location = source.plainTextPath, !location.isEmpty else {
            problems.error(qdeName, line: here.line, at: here.path, "the source '\(source.name ?? "")' has no text: neither PlainTextContent nor plainTextPath",
                           suggestion: "export the project again with its sources")
            return nil
        }
        guard location.lowercased().hasPrefix("internal://") else {
            problems.error(qdeName, line: here.line, at: here.path, "the source's text is outside the archive (\(location))",
                           suggestion: "export the project with its sources inside the archive (internal://)")
            return nil
        }
        let name = String(location.dropFirst("internal://".count))
        guard let file = archive.entry("sources/" + name, caseless: true) else {
            var suggest = Suggest()
            let present = archive.files(under: "sources").map { ($0 as NSString).lastPathComponent }
            let near = suggest.nearest(to: name, among: present)
            problems.error(qdeName, line: here.line, at: here.path,
                           "the source '\(source.name ?? "")' names the file Sources/\(name), which is not in the archive (it holds \(present.count) file\(present.count == 1 ? "" : "s") under Sources/)",
                           suggestion: near.map { "did you mean '\($0)'? Otherwise export the project again with its sources" } ?? "export the project again with its sources")
            return nil
        }
        let bytes: Data
        do throws(ImportError) { bytes = try archive.read(file) } catch {
            problems.append(contentsOf: ImportProblems(error.problems))
            return nil
        }
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(data: body, encoding: .utf8) else {
            problems.error(displayName + "/" + (archive.entries.first { $0.entry == file }?.path ?? name), at: "",
                           "the source text is not valid UTF-8 (at byte \(UTF8Check.firstInvalidByte(body) ?? 0))",
                           suggestion: "REFI-QDA source texts are UTF-8; export the project again")
            return nil
        }
        return Text(text: text, inline: false)
    }
}
