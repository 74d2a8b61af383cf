import Foundation

/// What the file system says of a file without reading it: which file it is (device and
/// inode), its size, and when its contents (mtime) and its inode (ctime) last changed. Any
/// write changes the ctime, which no user can set back; a file replaced by renaming is
/// another inode.
struct FileStamp: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int
    var modified: timespec
    var changed: timespec

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int(info.st_size)
        modified = info.st_mtim
        changed = info.st_ctim
    }

    init(device: UInt64, inode: UInt64, size: Int, modified: timespec, changed: timespec) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.device == b.device && a.inode == b.inode && a.size == b.size
            && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
            && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
    }

    /// Seconds since the file last changed, by the later of its two times.
    var age: Double {
        func seconds(_ t: timespec) -> Double { Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }
        return Date().timeIntervalSince1970 - max(seconds(modified), seconds(changed))
    }

    /// One line of text, read back by `init?(line:)`.
    var line: String {
        "\(device) \(inode) \(size) \(modified.tv_sec) \(modified.tv_nsec) \(changed.tv_sec) \(changed.tv_nsec)"
    }

    init?(line: Substring) {
        let fields = line.split(separator: " ")
        guard fields.count == 7, let device = UInt64(fields[0]), let inode = UInt64(fields[1]), let size = Int(fields[2]),
              let ms = Int(fields[3]), let mn = Int(fields[4]), let cs = Int(fields[5]), let cn = Int(fields[6]) else { return nil }
        self.init(device: device, inode: inode, size: size,
                  modified: timespec(tv_sec: ms, tv_nsec: mn), changed: timespec(tv_sec: cs, tv_nsec: cn))
    }
}
