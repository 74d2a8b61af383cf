import Foundation

/// The bytes of a corpus file. A file is mapped into memory rather than read, so a 300 MB
/// corpus costs no copy and no freshly zeroed pages before parsing starts.
final class SourceBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
    private let release: () -> Void

    /// The path names something other than a regular file (a FIFO, a device, a socket, a
    /// folder): reading it could block for ever or never end, so it is refused.
    struct NotARegularFile: Error {
        var what: String
    }

    /// Maps `path` read-only.
    init(mapping path: String) throws {
        // Non-blocking, so that opening a FIFO does not wait for a writer.
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CocoaError(.fileReadUnknown) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw NotARegularFile(what: Self.kind(of: info.st_mode)) }
        let size = Int(info.st_size)
        guard size > 0 else {
            buffer = UnsafeBufferPointer(start: nil, count: 0)
            release = {}
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw CocoaError(.fileReadUnknown)
        }
        madvise(address, size, MADV_SEQUENTIAL)
        buffer = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
        release = { munmap(address, size) }
    }

    /// What a file-system entry is, in words.
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFDIR: "a folder"
        default: "not a regular file"
        }
    }

    /// Holds a copy of bytes already in memory.
    init(copying bytes: [UInt8]) {
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = copy.initialize(from: bytes)
        buffer = UnsafeBufferPointer(copy)
        release = { copy.deallocate() }
    }

    deinit {
        release()
    }

    var count: Int { buffer.count }
}
