import Foundation

/// A tape's entries, in address space reserved for them at once and committed only as it is
/// written. Room for the most a document could hold costs nothing until used, so the JSON
/// reader's two halves each write into their own part of one tape, and a growing tape is
/// never copied.
final class TapeEntries: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<Tape.Entry>
    private(set) var capacity: Int
    /// How many entries are written, from the start (the JSON reader's halves may leave a gap,
    /// which a gap entry steps over; see `Tape.Entry`).
    var count = 0

    /// Room for `capacity` entries, or nil when the system will not lend that much address space.
    init?(reserving capacity: Int) {
        guard let base = Self.map(max(16, capacity)) else { return nil }
        self.base = base
        self.capacity = max(16, capacity)
    }

    /// Room that grows as entries are added.
    convenience init() {
        self.init(reserving: 16)!
    }

    deinit {
        munmap(base, capacity * MemoryLayout<Tape.Entry>.stride)
    }

    /// Anonymous memory without a reservation of swap: pages are committed when first written.
    private static func map(_ count: Int) -> UnsafeMutablePointer<Tape.Entry>? {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Tape.Entry>.stride)
        guard !overflow, let address = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              address != MAP_FAILED else { return nil }
        // In 2 MB pages where the system allows it: a large corpus's tape is gigabytes, and
        // a fault per 4 KB page cost more than the writing.
        if bytes >= 4 << 20 { madvise(address, bytes, MADV_HUGEPAGE) }
        return address.bindMemory(to: Tape.Entry.self, capacity: count)
    }

    var isEmpty: Bool { count == 0 }

    subscript(index: Int) -> Tape.Entry {
        get {
            precondition(index >= 0 && index < count, "tape entry out of range")
            return base[index]
        }
        set {
            precondition(index >= 0 && index < count, "tape entry out of range")
            base[index] = newValue
        }
    }

    func append(_ entry: Tape.Entry) {
        if count == capacity { grow() }
        (base + count).initialize(to: entry)
        count += 1
    }

    /// Moves to twice the room. Only a tape made without room for the worst case grows.
    func grow() {
        guard let larger = Self.map(capacity * 2) else { fatalError("out of memory for a tape of \(capacity * 2) entries") }
        larger.update(from: base, count: count)
        munmap(base, capacity * MemoryLayout<Tape.Entry>.stride)
        base = larger
        capacity *= 2
    }
}
