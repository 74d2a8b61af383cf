import Foundation

/// Watches folders with inotify (one watch per folder, so a file an editor saves by writing a
/// new one and renaming it over the old is seen) and calls `changed` once a burst of events has
/// been quiet for `settle` seconds. Folders made later are watched after the next change.
final class FolderWatcher: @unchecked Sendable {
    private let fd: Int32
    private let roots: [String]
    private let settle: Double
    private let changed: @Sendable () -> Void
    private var watched = Set<String>()
    private let skipped: Set<String> = ["out", "node_modules"]

    init?(roots: [String], settle: Double = 0.15, changed: @escaping @Sendable () -> Void) {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.roots = roots
        self.settle = settle
        self.changed = changed
        addWatches()
    }

    /// Starts the watching thread.
    func start() {
        let thread = Thread { [self] in run() }
        thread.start()
    }

    private func addWatches() {
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY)
        var pending = roots
        while let folder = pending.popLast() {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else { continue }
            if !watched.contains(folder), inotify_add_watch(fd, folder, mask) >= 0 { watched.insert(folder) }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where !name.hasPrefix(".") && !skipped.contains(name) {
                pending.append((folder as NSString).appendingPathComponent(name))
            }
        }
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            guard wait(seconds: 3600) else { continue }
            drain(&buffer)
            // Debounce: an editor's save is several events; wait until they stop.
            while wait(seconds: settle) { drain(&buffer) }
            addWatches()
            changed()
        }
    }

    /// Whether events arrived within `seconds`.
    private func wait(seconds: Double) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, Int32(seconds * 1000)) > 0
    }

    private func drain(_ buffer: inout [UInt8]) {
        while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
    }
}
