import Foundation

/// The bytes of a corpus file. A file is mapped into memory rather than read, so a 300 MB
/// corpus costs no copy and no freshly zeroed pages before parsing starts.
final class SourceBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
    private let release: () -> Void

    /// Maps `path` read-only.
    init(mapping path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CocoaError(.fileReadUnknown) }
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
