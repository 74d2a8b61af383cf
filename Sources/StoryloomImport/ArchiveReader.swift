import Foundation
import ZIPFoundation

/// Reads the few entries an import needs from a zip archive (.qdpx, .xlsx), refusing an
/// archive that is more entries, or more bytes, than `ImportLimits` allow before any of it is
/// unpacked, and stopping an entry that unpacks past what its header said.
struct ArchiveReader {
    /// The archive as the user named it, for messages.
    let file: String
    let limits: ImportLimits
    private let archive: Archive
    /// Entry paths, `\` read as `/`, with the entry, in archive order.
    let entries: [(path: String, entry: Entry)]
    /// Bytes unpacked so far in this run.
    private var unpacked: Int64 = 0
    /// The working copy ZIPFoundation reads (unlinked, open): see `unpack`.
    private var workingCopy = ""

    init(path: String, displayName: String, limits: ImportLimits) throws(ImportError) {
        file = displayName
        self.limits = limits
        // The archive is read into memory with a tail of 0xFF bytes after it. ZIPFoundation's
        // inflate loop (on Linux) spins for ever when a damaged stream reaches the end of the
        // file without ending; past the real end it finds these bytes instead, which no
        // inflate state can read for long without failing or producing output (which is
        // counted against the limits below).
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ImportError(.unreadable, file: displayName, "cannot read the file", suggestion: "check that it exists")
        }
        guard Int64(info.st_size) <= limits.maximumTotalBytes else {
            throw ImportError(.invalid, file: displayName, "the archive is larger than \(Self.megabytes(limits.maximumTotalBytes))",
                              suggestion: "export the project without audio, video and picture sources")
        }
        guard var bytes = FileManager.default.contents(atPath: path) else {
            throw ImportError(.unreadable, file: displayName, "cannot read the file", suggestion: "check that you may read it")
        }
        // The end-of-archive record is repeated after the tail, where ZIPFoundation looks
        // first (it would otherwise search back through the whole tail, byte by byte).
        let searchFrom = max(bytes.startIndex, bytes.endIndex - 65_557)
        if let end = bytes.range(of: Data([0x50, 0x4B, 0x05, 0x06]), options: .backwards, in: searchFrom ..< bytes.endIndex) {
            let record = bytes[end.lowerBound...]
            bytes.append(Data(repeating: 0xFF, count: 80_000))
            bytes.append(record)
        }
        // A temporary file, not ZIPFoundation's in-memory archive: that one traps when a
        // damaged header seeks past the end. The file is unlinked once open.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).zip")
        guard FileManager.default.createFile(atPath: copy.path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw ImportError(.unreadable, file: displayName, "cannot make a working copy in \(FileManager.default.temporaryDirectory.path)",
                              suggestion: "check that the temporary folder (TMPDIR) is writable")
        }
        defer { unlink(copy.path) }
        workingCopy = copy.path
        let archive: Archive
        do {
            archive = try Archive(url: copy, accessMode: .read)
        } catch {
            throw ImportError(.invalid, file: displayName, "the file is not a zip archive (or it is damaged)",
                              suggestion: "a .qdpx or .xlsx file is a zip archive; export it again from the program that made it")
        }
        self.archive = archive
        var listed: [(String, Entry)] = []
        var declared: Int64 = 0
        // The iterator stops at the end of the central directory, or at the first record that
        // cannot be read; the count is checked as it goes so a forged count cannot run long.
        for entry in archive {
            if listed.count >= limits.maximumEntries {
                throw ImportError(.invalid, file: displayName,
                                  "the archive lists more than \(limits.maximumEntries) entries, far more than a project holds; refused as a possible zip bomb",
                                  suggestion: "check that this is the file you meant; a real project with that many files is not supported")
            }
            let size = Int64(clamping: entry.uncompressedSize)
            declared = declared.addingReportingOverflow(size).overflow ? .max : declared + size
            if declared > limits.maximumTotalBytes {
                throw ImportError(.invalid, file: displayName,
                                  "the archive's entries say they unpack to more than \(Self.megabytes(limits.maximumTotalBytes)); refused as a possible zip bomb",
                                  suggestion: "check that this is the file you meant; large media sources can be left out of the export")
            }
            listed.append((entry.path.replacingOccurrences(of: "\\", with: "/"), entry))
        }
        entries = listed
        // Looked up once per source: a table, not a search of every entry each time (a study
        // of 20,000 stories exports 20,000 source files).
        var byPath: [String: Entry] = [:], byFolded: [String: Entry] = [:]
        for (path, entry) in listed where entry.type == .file {
            let name = path.hasPrefix("/") ? String(path.dropFirst()) : path
            if byPath[name] == nil { byPath[name] = entry }
            if byFolded[name.lowercased()] == nil { byFolded[name.lowercased()] = entry }
        }
        filesByPath = byPath
        filesByFoldedPath = byFolded
    }

    /// File entries by path as written, and by path in lower case; the first of equals wins.
    private var filesByPath: [String: Entry] = [:]
    private var filesByFoldedPath: [String: Entry] = [:]

    static func megabytes(_ bytes: Int64) -> String { "\(bytes >> 20) MB" }

    /// The entry at `path`, matched without regard to case when `caseless` (tools differ on
    /// `Sources/` and `sources/`, and on the case of GUIDs).
    func entry(_ path: String, caseless: Bool = false) -> Entry? {
        caseless ? filesByFoldedPath[path.lowercased()] : filesByPath[path]
    }

    /// The paths of the files under a folder (matched without regard to case), for hints.
    func files(under folder: String) -> [String] {
        let prefix = folder.lowercased() + "/"
        return entries.filter { $0.entry.type == .file && $0.path.lowercased().hasPrefix(prefix) }.map(\.path)
    }

    /// The bytes of one entry, counted against the limits as they unpack.
    mutating func read(_ entry: Entry) throws(ImportError) -> Data {
        let path = entry.path
        guard entry.type == .file else {
            throw ImportError(.invalid, file: file, "\(path) is not a file in the archive", suggestion: "export the project again")
        }
        let declared = Int64(clamping: entry.uncompressedSize)
        let compressed = max(Int64(clamping: entry.compressedSize), 1)
        if declared > limits.maximumEntryBytes {
            throw ImportError(.invalid, file: file, "\(path) says it unpacks to \(Self.megabytes(declared)), more than the \(Self.megabytes(limits.maximumEntryBytes)) one entry may hold; refused as a possible zip bomb",
                              suggestion: "check that this is the file you meant")
        }
        let ratioCap = max(limits.ratioFloor, compressed.multipliedReportingOverflow(by: limits.maximumRatio).overflow ? .max : compressed * limits.maximumRatio)
        let cap = min(limits.maximumEntryBytes, ratioCap, limits.maximumTotalBytes - unpacked)
        let (data, tooLarge, failure) = unpack(entry, cap: cap)
        if let error = failure {
            if case ArchiveReader.Stalled.stalled = error {
                throw ImportError(.invalid, file: file, "\(path) is damaged: unpacking it did not finish within \(Int(limits.unpackSeconds)) s",
                                  suggestion: "export the project again from the program that made it")
            }
            if tooLarge {
                throw ImportError(.invalid, file: file, "\(path) unpacks to more than \(Self.megabytes(cap)) (\(Self.megabytes(declared)) declared, \(compressed) bytes packed); refused as a possible zip bomb",
                                  suggestion: "check that this is the file you meant; a damaged or crafted archive can claim one size and hold another")
            }
            if case Archive.ArchiveError.invalidCRC32 = error {
                throw ImportError(.invalid, file: file, "\(path) is damaged: its checksum does not match its contents",
                                  suggestion: "export the project again from the program that made it")
            }
            throw ImportError(.invalid, file: file, "\(path) cannot be unpacked (\(error))",
                              suggestion: "export the project again from the program that made it")
        }
        unpacked += Int64(data.count)
        return data
    }

    enum Stalled: Error { case stalled }

    /// Where entries are unpacked, one at a time (a queue reuses its thread: a project of
    /// 20,000 sources is 20,000 entries).
    private static let unpacking = DispatchQueue(label: "storyloom.import.unpack")

    /// Unpacks an entry on a thread of its own, watched: ZIPFoundation's inflate loop (on
    /// Linux) can spin for ever on a damaged stream that ends early, reading nothing at the
    /// end of the file. Past `limits.unpackSeconds`, the working copy's descriptor is pointed
    /// at a write-only /dev/null, so the next read fails and the loop throws; the descriptor
    /// number stays valid, so ZIPFoundation's own close later is harmless.
    private func unpack(_ entry: Entry, cap: Int64) -> (Data, Bool, Error?) {
        final class Outcome: @unchecked Sendable {
            var data = Data()
            var tooLarge = false
            var error: Error?
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let archive = archive
        nonisolated(unsafe) let entry = entry
        Self.unpacking.async {
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    if Int64(outcome.data.count + chunk.count) > cap {
                        outcome.tooLarge = true
                        throw CocoaError(.fileReadTooLarge)
                    }
                    outcome.data.append(chunk)
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        guard done.wait(timeout: .now() + limits.unpackSeconds) == .timedOut else {
            return (outcome.data, outcome.tooLarge, outcome.error)
        }
        let sink = open("/dev/null", O_WRONLY)
        for fd in Self.descriptors(of: workingCopy) where sink >= 0 { dup2(sink, fd) }
        if sink >= 0 { close(sink) }
        // The loop now fails at its next read; wait for it so nothing uses the archive after.
        done.wait()
        return (Data(), false, Stalled.stalled)
    }

    /// This process's descriptors open on `path` (unlinked files show as "path (deleted)").
    private static func descriptors(of path: String) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { name -> Int32? in
            guard let fd = Int32(name) else { return nil }
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + name)) ?? ""
            return target == path || target == path + " (deleted)" ? fd : nil
        }
    }
}
