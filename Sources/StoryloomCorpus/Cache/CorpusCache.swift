import Foundation

/// Loaded corpora kept on disk, so a repeated build of an unchanged corpus skips parsing and
/// validation. An entry is named by the corpus file's content hash, its form and the archive
/// version: any change to the file, or a new Storyloom that lays the archive out differently,
/// simply misses. The folder is safe to delete at any time; a damaged entry is removed and the
/// corpus parsed again. Small corpora are not cached: parsing them is faster than the round
/// trip.
///
/// To spare reading a large file again only to hash it, the cache also notes, for each corpus
/// file it hashed, the file's stamp (`FileStamp`) and the entry that hash named. A file whose
/// stamp is the same as noted is taken to hold the same bytes. A stamp is noted only once the
/// file has been left alone for `settled` seconds, so a change made in the same tick of a
/// coarse file-system clock cannot hide behind it.
public struct CorpusCache: Sendable {
    /// Where entries live; nil turns the cache off.
    public var folder: String?
    /// Files smaller than this are always parsed.
    public var minimumSize: Int
    /// How many entries are kept; the least recently used go first.
    public var capacity: Int

    /// How long a file must have been left alone before its stamp is noted.
    public var settled: Double = 2

    public init(folder: String?, minimumSize: Int = 4 << 20, capacity: Int = 4) {
        self.folder = folder
        self.minimumSize = minimumSize
        self.capacity = capacity
    }

    public static let off = CorpusCache(folder: nil)

    /// `STORYLOOM_CACHE` names the folder (`off` turns it off); otherwise
    /// `$XDG_CACHE_HOME/storyloom`, else `~/.cache/storyloom`.
    public static var standard: CorpusCache {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["STORYLOOM_CACHE"], !chosen.isEmpty {
            return ["off", "0", "no", "false"].contains(chosen.lowercased()) ? .off : CorpusCache(folder: chosen)
        }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return CorpusCache(folder: xdg + "/storyloom")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return CorpusCache(folder: home + "/.cache/storyloom")
        }
        return .off
    }

    /// The entry's file name for a corpus file's bytes, or nil when they are not cached.
    func entryName(for source: UnsafeBufferPointer<UInt8>, form: CorpusLoader.Form) -> String? {
        guard folder != nil, source.count >= minimumSize else { return nil }
        return "corpus-v\(CorpusArchive.version)-\(form)-\(ContentHash.of(source)).bin"
    }

    /// The entry noted for the corpus file at `path` when its stamp is the one noted with it,
    /// else nil.
    func knownEntry(for path: String, form: CorpusLoader.Form) -> String? {
        // Read as entries are (a regular file only, never waiting on a pipe), and small.
        guard let folder, let stamp = FileStamp(path: path), stamp.size >= minimumSize,
              let bytes = try? SourceBytes(mapping: folder + "/" + Self.noteName(stamp)), bytes.count < 1024 else { return nil }
        let lines = String(decoding: bytes.buffer, as: UTF8.self).split(separator: "\n")
        guard lines.count == 2, FileStamp(line: lines[0]) == stamp else { return nil }
        let entry = String(lines[1])
        // Only a name this version would give this file: the note is read, never trusted blindly.
        let prefix = "corpus-v\(CorpusArchive.version)-\(form)-", suffix = "-\(stamp.size).bin"
        guard entry.hasPrefix(prefix), entry.hasSuffix(suffix),
              entry.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x2E }) else { return nil }
        return entry
    }

    /// Notes that the file stamped `stamp` hashes to `entry`, if it has been left alone long
    /// enough (see `settled`); a cache that cannot be written is skipped.
    func note(_ entry: String, for stamp: FileStamp) {
        guard let folder, stamp.age >= settled,
              (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])) != nil else { return }
        let path = folder + "/" + Self.noteName(stamp)
        let temporary = folder + "/.writing-\(getpid())-" + Self.noteName(stamp)
        guard FileManager.default.createFile(atPath: temporary, contents: Data((stamp.line + "\n" + entry + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]),
              rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
    }

    /// A note is named by the file it is about (device and inode), however it was reached.
    static func noteName(_ stamp: FileStamp) -> String { "seen-\(stamp.device)-\(stamp.inode)" }

    /// The corpus an entry holds, or nil (a miss, or a damaged entry, which is removed).
    func load(_ name: String, file: String) -> (corpus: Corpus, warnings: [CorpusDiagnostic])? {
        guard let folder else { return nil }
        let path = folder + "/" + name
        guard let bytes = try? SourceBytes(mapping: path) else { return nil }
        guard let loaded = CorpusArchive.decode(bytes, file: file) else {
            unlink(path)
            return nil
        }
        // Marks the entry as recently used, for `prune`.
        utimes(path, nil)
        return loaded
    }

    /// Entries being written on other threads.
    private static let writes = DispatchGroup()
    private static let waitAtExit: Void = {
        atexit { CorpusCache.waitForWrites() }
    }()

    /// Writes an entry on another thread, so the command goes on with its work meanwhile (on a
    /// 100,000-story corpus the entry takes half a second to write). The process waits for it
    /// before it exits, so an entry is never left half-written by a command that ends.
    func storeInBackground(_ name: String, corpus: Corpus, warnings: [CorpusDiagnostic]) {
        _ = Self.waitAtExit
        Self.writes.enter()
        DispatchQueue.global().async {
            store(name, corpus: corpus, warnings: warnings)
            Self.writes.leave()
        }
    }

    /// Returns once every entry being written is written (or given up).
    public static func waitForWrites() {
        writes.wait()
    }

    /// Writes an entry, whole or not at all; a cache that cannot be written is skipped.
    func store(_ name: String, corpus: Corpus, warnings: [CorpusDiagnostic]) {
        guard let folder else { return }
        let chunks = CorpusArchive.chunks(corpus, warnings: warnings)
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])) != nil else { return }
        let temporary = folder + "/.writing-\(getpid())-" + name
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0o600)
        guard fd >= 0 else { return }
        let complete = chunks.allSatisfy { chunk in
            chunk.withUnsafeBytes { raw -> Bool in
                var written = 0
                while written < raw.count {
                    let n = write(fd, raw.baseAddress! + written, raw.count - written)
                    if n <= 0 { return false }
                    written += n
                }
                return true
            }
        }
        guard close(fd) == 0, complete, rename(temporary, folder + "/" + name) == 0 else {
            unlink(temporary)
            return
        }
        prune(folder, keeping: name)
    }

    /// Removes the least recently used entries past `capacity`, and what a command stopped
    /// while writing left behind (a `.writing-` file an hour old: a write takes seconds).
    private func prune(_ folder: String, keeping name: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        func modified(_ file: String) -> Double? {
            var info = stat()
            guard stat(folder + "/" + file, &info) == 0 else { return nil }
            return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        }
        let now = Date().timeIntervalSince1970
        for left in names where left.hasPrefix(".writing-") {
            if let when = modified(left), now - when > 3600 { unlink(folder + "/" + left) }
        }
        // Notes of files long gone or long unused: a note is a few bytes, so many are kept.
        let notes = names.filter { $0.hasPrefix("seen-") }.map { ($0, modified($0) ?? 0) }.sorted { $0.1 > $1.1 }
        for (note, _) in notes.dropFirst(64) { unlink(folder + "/" + note) }
        let entries = names.filter { $0.hasPrefix("corpus-v") && $0.hasSuffix(".bin") && $0 != name }
        guard entries.count >= capacity else { return }
        let dated = entries.map { ($0, modified($0) ?? 0) }.sorted { $0.1 > $1.1 }
        for (entry, _) in dated.dropFirst(capacity - 1) { unlink(folder + "/" + entry) }
    }
}
