import Foundation
import Glibc

/// Writes files so that a reader sees the old contents or the new, never a half-written file:
/// the bytes go to a temporary file beside the target, which is then renamed over it.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `data` to `path`, creating missing folders.
    public static func write(_ data: Data, to path: String) throws(WriteError) {
        try write(to: path) { handle in try handle.write(contentsOf: data) }
    }

    /// Streams into `path` through `body`; on any error the target is left as it was.
    public static func write(to path: String, _ body: (FileHandle) throws -> Void) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: path, reason: "cannot create the folder \(folder.path): \(error.localizedDescription)")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial").path
        // A partial file a killed run of the same process id left behind is replaced.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw WriteError(path: path, reason: "cannot create a file in \(folder.path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        do {
            try body(handle)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            unlink(temporary)
            throw WriteError(path: path, reason: error.localizedDescription)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
    }

    /// Writes a set of files all or nothing. Every file is first written in full into a staging
    /// folder beside its target folder (inside it, if the folder's parent cannot be written or
    /// is on another file system);
    /// then each is renamed into place, the file it replaces kept in the staging folder as a
    /// second link, so a reader always finds a whole file. If any step fails, the files already
    /// moved get their old contents back (new ones are removed), folders the write created are
    /// removed again, and the staging folder goes: the targets hold the old set or the new one,
    /// never a mix. A target that exists but is not a regular file (a folder, a pipe) is refused
    /// before anything is written. Two writes into the same folder at once take turns (a lock on
    /// the folder), so neither can interleave its files with the other's.
    public static func writeAll(_ files: [(path: String, data: Data)]) throws(WriteError) {
        try writeAll(files, failingMoveAt: nil)
    }

    /// `writeAll`, where tests may make the move of file `failingMoveAt` fail as a full disk or
    /// a vanished folder would (running as root, permissions cannot make it fail), or slow the
    /// moves down by `pauseBetweenMoves` microseconds to make two writes overlap.
    static func writeAll(_ files: [(path: String, data: Data)], failingMoveAt: Int?, pauseBetweenMoves: UInt32 = 0) throws(WriteError) {
        var set = FileSet(tag: "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        set.failingMoveAt = failingMoveAt
        set.pauseBetweenMoves = pauseBetweenMoves
        do {
            try set.check(files.map(\.path))
            try set.stage(files)
            try set.lockFolders()
            try set.moveIntoPlace()
        } catch {
            set.rollBack()
            throw error
        }
        set.finish()
    }

    /// Writes `data` to a path that must not exist yet, and flushes it to disk.
    /// Nil when written; else why not.
    fileprivate static func write(_ data: Data, toNew path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var failure: String? = nil
        data.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(descriptor, raw.baseAddress! + done, raw.count - done)
                if n > 0 {
                    done += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    failure = n < 0 ? String(cString: strerror(errno)) : "the disk took no more bytes"
                    return
                }
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure != nil { unlink(path) }
        return failure
    }
}

/// The state of one `AtomicFile.writeAll`: what was created, staged and moved, so that a
/// failure at any step can be undone.
private struct FileSet {
    let tag: String
    /// Folders this write created, outermost first.
    var createdFolders: [String] = []
    /// Staging folder by target folder.
    var stagingFolders: [String: String] = [:]
    var staged: [(target: String, staging: String)] = []
    /// Targets already replaced, with the kept link to the file they held (nil: none).
    var moved: [(target: String, previous: String?)] = []
    var failingMoveAt: Int?
    var pauseBetweenMoves: UInt32 = 0
    /// Open target folders, each locked while the set moves in.
    var locks: [Int32] = []

    init(tag: String) { self.tag = tag }

    private static func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Refuses targets that are not regular files, and target folders that are not folders,
    /// before anything is written.
    func check(_ paths: [String]) throws(AtomicFile.WriteError) {
        for path in paths {
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG, (info.st_mode & S_IFMT) != S_IFLNK {
                let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "not a regular file"
                throw .init(path: path, reason: "it is \(kind), and an output file would replace it; move it away or choose another output folder")
            }
            var folder = (path as NSString).deletingLastPathComponent
            while !folder.isEmpty, folder != "/" {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
                    guard isFolder.boolValue else { throw .init(path: path, reason: "\(folder) is a file, not a folder") }
                    break
                }
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
    }

    /// Creates `folder` and any missing parents, remembering which were made.
    private mutating func makeFolder(_ folder: String) throws(AtomicFile.WriteError) {
        var missing: [String] = []
        var current = folder
        while !current.isEmpty, current != "/", !FileManager.default.fileExists(atPath: current) {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for path in missing.reversed() {
            guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
                throw .init(path: path, reason: "cannot create the folder: \(Self.reason())")
            }
            createdFolders.append(path)
        }
    }

    /// The staging folder for targets in `folder`: beside it, else inside it.
    private mutating func stagingFolder(for folder: String) throws(AtomicFile.WriteError) -> String {
        if let known = stagingFolders[folder] { return known }
        let absolute = URL(fileURLWithPath: folder.isEmpty ? "." : folder).standardizedFileURL.path
        let parent = (absolute as NSString).deletingLastPathComponent
        let name = (absolute as NSString).lastPathComponent
        var candidates = [(absolute as NSString).appendingPathComponent(".storyloom-staging-\(tag)")]
        if absolute != "/" { candidates.insert((parent as NSString).appendingPathComponent(".\(name).storyloom-staging-\(tag)"), at: 0) }
        var lastError = ""
        var target = stat()
        let targetDevice = stat(absolute, &target) == 0 ? target.st_dev : nil
        for candidate in candidates {
            guard mkdir(candidate, 0o700) == 0 else {
                lastError = Self.reason()
                continue
            }
            // Renames work only within one file system: a folder that is a mount point (or a
            // link to one) stages inside itself.
            var made = stat()
            guard stat(candidate, &made) == 0, made.st_dev == targetDevice else {
                rmdir(candidate)
                lastError = "the folder is on another file system"
                continue
            }
            stagingFolders[folder] = candidate
            return candidate
        }
        throw .init(path: folder, reason: "cannot create a staging folder beside or inside it: \(lastError)")
    }

    /// 1. Every file written in full into its staging folder; no target touched.
    mutating func stage(_ files: [(path: String, data: Data)]) throws(AtomicFile.WriteError) {
        var places: [String] = []
        for (n, file) in files.enumerated() {
            let folder = (file.path as NSString).deletingLastPathComponent
            try makeFolder(folder)
            places.append((try stagingFolder(for: folder) as NSString).appendingPathComponent("\(n).new"))
        }
        // Written side by side: each file is flushed to disk before it counts as written, and
        // the flushes' waits overlap (on more threads than cores: they wait on the disk, and the
        // file system joins flushes that come together). Each write fills its own slot.
        let failures = UnsafeMutableBufferPointer<String?>.allocate(capacity: files.count)
        failures.initialize(repeating: nil)
        defer { failures.deinitialize().deallocate() }
        nonisolated(unsafe) let slots = failures
        let targets = places
        Self.sideBySide(files.count, threads: 16) { n in
            slots[n] = AtomicFile.write(files[n].data, toNew: targets[n])
        }
        for (n, file) in files.enumerated() {
            if let reason = failures[n] { throw .init(path: file.path, reason: reason) }
            staged.append((file.path, places[n]))
        }
    }

    /// `work(n)` for every n below `count`, on up to `threads` threads of their own, the calling
    /// one among them; returns when all are done.
    private static func sideBySide(_ count: Int, threads: Int, _ work: @escaping @Sendable (Int) -> Void) {
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            func take(below count: Int) -> Int? {
                lock.withLock {
                    guard next < count else { return nil }
                    next += 1
                    return next - 1
                }
            }
        }
        let counter = Counter()
        let group = DispatchGroup()
        for _ in 1 ..< max(1, min(threads, count)) {
            group.enter()
            Thread {
                while let n = counter.take(below: count) { work(n) }
                group.leave()
            }.start()
        }
        while let n = counter.take(below: count) { work(n) }
        group.wait()
    }

    /// Locks every target folder (in one order, so two writes cannot each hold what the other
    /// waits for) until `finish`.
    mutating func lockFolders() throws(AtomicFile.WriteError) {
        for folder in Set(staged.map { ($0.target as NSString).deletingLastPathComponent }).sorted() {
            let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
            guard descriptor >= 0 else { throw .init(path: folder, reason: "cannot open the folder: \(Self.reason())") }
            locks.append(descriptor)
            guard flock(descriptor, LOCK_EX) == 0 else { throw .init(path: folder, reason: "cannot lock the folder: \(Self.reason())") }
        }
    }

    /// 2. Each staged file renamed over its target, the old one kept as a second link.
    mutating func moveIntoPlace() throws(AtomicFile.WriteError) {
        for (n, item) in staged.enumerated() {
            if n == failingMoveAt { throw .init(path: item.target, reason: "a failure made by a test") }
            if pauseBetweenMoves > 0 { usleep(pauseBetweenMoves) }
            let kept = String(item.staging.dropLast(".new".count)) + ".old"
            var previous: String? = nil
            if link(item.target, kept) == 0 {
                previous = kept
            } else if errno != ENOENT {
                throw .init(path: item.target, reason: "cannot keep the earlier file aside: \(Self.reason())")
            }
            guard rename(item.staging, item.target) == 0 else {
                let reason = Self.reason()
                if let previous { unlink(previous) }
                throw .init(path: item.target, reason: reason)
            }
            moved.append((item.target, previous))
        }
    }

    /// Puts every replaced target back as it was, and removes what this write made.
    mutating func rollBack() {
        for done in moved.reversed() {
            if let previous = done.previous { rename(previous, done.target) } else { unlink(done.target) }
        }
        moved = []
        finish()
        for folder in createdFolders.reversed() { rmdir(folder) }
    }

    /// Removes the staging folders and what is left in them (staged files, kept old ones), and
    /// lets other writes into the folders go on.
    mutating func finish() {
        for folder in stagingFolders.values {
            try? FileManager.default.removeItem(atPath: folder)
        }
        stagingFolders = [:]
        for descriptor in locks { close(descriptor) }
        locks = []
    }
}
