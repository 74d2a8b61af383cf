import Foundation

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
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw WriteError(path: path, reason: "cannot create a file in \(folder.path)")
        }
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

    /// Writes a set of files all or nothing: every file is first written in full beside its
    /// target, then the set is moved into place; if any step fails, the files already moved are
    /// put back as they were (or removed, if they are new), so the targets hold either the old
    /// set or the new one, never a mix.
    public static func writeAll(_ files: [(path: String, data: Data)]) throws(WriteError) {
        let tag = "\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString.prefix(8))"
        func beside(_ path: String, _ kind: String) -> String {
            let url = URL(fileURLWithPath: path)
            return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(tag).\(kind)").path
        }
        // 1. Stage every file; on failure remove what was staged and stop, nothing replaced.
        var staged: [(target: String, staging: String)] = []
        for file in files {
            let staging = beside(file.path, "new")
            do {
                try FileManager.default.createDirectory(atPath: (file.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try write(file.data, toNew: staging)
            } catch {
                for item in staged { unlink(item.staging) }
                throw WriteError(path: file.path, reason: "\(error)")
            }
            staged.append((file.path, staging))
        }
        // 2. Move each into place, keeping the file it replaces until the whole set is in.
        var moved: [(target: String, previous: String?)] = []
        for (n, item) in staged.enumerated() {
            let previous = beside(item.target, "old")
            let hadPrevious = rename(item.target, previous) == 0
            if rename(item.staging, item.target) != 0 {
                let reason = String(cString: strerror(errno))
                if hadPrevious { rename(previous, item.target) }
                // Roll back: the earlier files of the set get their old contents again.
                for done in moved.reversed() {
                    if let old = done.previous { rename(old, done.target) } else { unlink(done.target) }
                }
                for rest in staged[n...] { unlink(rest.staging) }
                throw WriteError(path: item.target, reason: reason)
            }
            moved.append((item.target, hadPrevious ? previous : nil))
        }
        // 3. The new set is in: let the old files go.
        for done in moved { if let old = done.previous { unlink(old) } }
    }

    /// Writes `data` to a path that must not exist yet, and flushes it to disk.
    private static func write(_ data: Data, toNew path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            unlink(path)
            throw error
        }
    }
}
