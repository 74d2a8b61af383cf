// zlib's module as ZIPFoundation declares it (zlib from the system: Debian's zlib1g-dev), for
// its CRC-32.
import CZlib
import Foundation
import ZIPFoundation

/// Reads the few entries an import needs from a zip archive (.qdpx, .xlsx), refusing an
/// archive that is more entries, or more bytes, than `ImportLimits` allow before any of it is
/// unpacked, and stopping an entry that unpacks past what its header said.
///
/// A reader is used from one thread at a time (it may be handed to another and back).
struct ArchiveReader: @unchecked Sendable {
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
        // The archive is copied with a tail of 0xFF bytes after it. ZIPFoundation's
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
        // A temporary file, not ZIPFoundation's in-memory archive: that one traps when a
        // damaged header seeks past the end. The file is unlinked once open.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).zip")
        try Self.makeWorkingCopy(of: path, size: Int(info.st_size), at: copy.path, displayName: displayName)
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

    /// Writes the working copy: the archive as it is, copied by the kernel rather than read
    /// into memory (a large study's archive is 200 MB), then the tail of 0xFF bytes, then the
    /// end-of-archive record again, where ZIPFoundation looks first (it would otherwise search
    /// back through the whole tail, byte by byte).
    private static func makeWorkingCopy(of path: String, size: Int, at copy: String, displayName: String) throws(ImportError) {
        let unreadable = ImportError(.unreadable, file: displayName, "cannot read the file", suggestion: "check that you may read it")
        let unwritable = ImportError(.unreadable, file: displayName, "cannot make a working copy in \(FileManager.default.temporaryDirectory.path)",
                                     suggestion: "check that the temporary folder (TMPDIR) is writable")
        let source = open(path, O_RDONLY)
        guard source >= 0 else { throw unreadable }
        defer { close(source) }
        let target = open(copy, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard target >= 0 else { throw unwritable }
        var failure: ImportError?
        defer {
            close(target)
            if failure != nil { unlink(copy) }
        }
        // Copied to the end of the file.
        while true {
            let sent = sendfile(target, source, nil, 1 << 30)
            if sent == 0 { break }
            if sent < 0 {
                if errno == EINTR { continue }
                failure = [ENOSPC, EDQUOT, EFBIG].contains(errno) ? unwritable : unreadable
                throw failure!
            }
        }
        // The end-of-archive record, from the archive's last 65,557 bytes (its record and the
        // longest comment).
        let length = min(size, 65_557)
        var end = [UInt8](repeating: 0, count: length)
        guard pread(source, &end, length, off_t(size - length)) == length else {
            failure = unreadable
            throw unreadable
        }
        guard let start = lastEndRecord(in: Data(end)) else { return }
        let appended = [UInt8](repeating: 0xFF, count: 80_000) + end[start...]
        guard appended.withUnsafeBytes({ write(target, $0.baseAddress, $0.count) }) == appended.count else {
            failure = unwritable
            throw unwritable
        }
    }

    /// Where the last end-of-central-directory signature (PK 5 6) starts in the archive's last
    /// 65,557 bytes (its record and the longest comment), searched byte by byte from the end:
    /// Data's own backwards search would first copy the whole archive.
    static func lastEndRecord(in bytes: Data) -> Data.Index? {
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        let searchFrom = max(bytes.startIndex, bytes.endIndex - 65_557)
        var at = bytes.endIndex - signature.count
        while at >= searchFrom {
            if bytes[at] == signature[0], bytes[at + 1] == signature[1], bytes[at + 2] == signature[2], bytes[at + 3] == signature[3] {
                return at
            }
            at -= 1
        }
        return nil
    }

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

    /// Unpacks an entry, watched: ZIPFoundation's inflate loop (on Linux) can spin for ever on
    /// a damaged stream that ends early, reading nothing at the end of the file. Past
    /// `limits.unpackSeconds`, the working copy's descriptor is pointed at a write-only
    /// /dev/null, so the next read fails and the loop throws; the descriptor number stays
    /// valid, so ZIPFoundation's own close later is harmless. The unpacking runs on the
    /// calling thread and a timer does the watching: a project of 20,000 sources is 20,000
    /// entries, and handing each to another thread and back cost a second.
    private func unpack(_ entry: Entry, cap: Int64) -> (Data, Bool, Error?) {
        var data = Data()
        var tooLarge = false
        var failure: Error?
        let watch = UnpackWatch(workingCopy: workingCopy, seconds: limits.unpackSeconds)
        do {
            // ZIPFoundation's extract computes the checksum but leaves comparing it to the caller
            // (and its own is a byte at a time): zlib's, over each chunk, is several times quicker.
            var checksum = crc32(0, nil, 0)
            _ = try archive.extract(entry, skipCRC32: true) { chunk in
                if Int64(data.count + chunk.count) > cap {
                    tooLarge = true
                    throw CocoaError(.fileReadTooLarge)
                }
                checksum = chunk.withUnsafeBytes { crc32(checksum, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count)) }
                data.append(chunk)
            }
            // A damaged stored entry unpacks without complaint: only its checksum tells.
            if checksum != uLong(entry.checksum) { throw Archive.ArchiveError.invalidCRC32 }
        } catch {
            failure = error
        }
        if watch.finish() { return (Data(), false, Stalled.stalled) }
        return (data, tooLarge, failure)
    }

    /// The timer on one unpacking: when it fires before the unpacking finishes, it cuts the
    /// working copy's descriptors off (see `unpack`).
    private final class UnpackWatch: @unchecked Sendable {
        private enum State { case running, fired, finished }
        private let lock = NSLock()
        private var state = State.running

        init(workingCopy: String, seconds: Double) {
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
                // Under the lock, so an unpacking that ends now learns it was cut off.
                lock.lock()
                defer { lock.unlock() }
                guard state == .running else { return }
                state = .fired
                let sink = open("/dev/null", O_WRONLY)
                for fd in ArchiveReader.descriptors(of: workingCopy) where sink >= 0 { dup2(sink, fd) }
                if sink >= 0 { close(sink) }
            }
        }

        /// Ends the watch; whether it fired first (the unpacking was cut off).
        func finish() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            let fired = state == .fired
            state = .finished
            return fired
        }
    }

    /// This process's descriptors open on `path` (unlinked files show as "path (deleted)").
    fileprivate static func descriptors(of path: String) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { name -> Int32? in
            guard let fd = Int32(name) else { return nil }
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + name)) ?? ""
            return target == path || target == path + " (deleted)" ? fd : nil
        }
    }
}
