import Foundation

/// An id → index table for one kind of record, looked up by the id's UTF-8 bytes.
///
/// The loader resolves about a million references in a large corpus (each quote's story and
/// themes, each story's storytellers): read straight from the tape's bytes, none of them makes a
/// String or runs the standard library's seeded hash, which a `[String: Int]` would for each.
/// The corpus's own id tables (`IDTable`) use it too, as they are made on a build's first lookup.
struct IDIndex {
    /// Open addressing: each slot holds the number of a key, or -1. Always a power of two long,
    /// at most half full.
    private var slots: [Int32]
    /// Key `k`'s bytes are `bytes[starts[k] ..< starts[k + 1]]`.
    private var starts: [Int] = [0]
    private var bytes: [UInt8] = []
    /// Key `k`'s record index.
    private var values: [Int] = []

    init(capacity: Int = 8) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: -1, count: size)
        values.reserveCapacity(capacity)
        starts.reserveCapacity(capacity + 1)
    }

    var count: Int { values.count }

    /// Every id, in the order they were added.
    var keys: [String] {
        (0 ..< values.count).map { k in String(decoding: bytes[starts[k] ..< starts[k + 1]], as: UTF8.self) }
    }

    /// The table as a dictionary (for the corpus model's small tables).
    var dictionary: [String: Int] {
        var result: [String: Int] = [:]
        result.reserveCapacity(count)
        for (k, key) in keys.enumerated() { result[key] = values[k] }
        return result
    }

    /// Adds `id` for `value`; if the id is there already, keeps it and returns its value.
    mutating func insert(_ id: String, value: Int) -> Int? {
        var id = id
        return id.withUTF8 { insert($0, value: value) }
    }

    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int) -> Int? {
        if let found = find(key) { return found }
        if (values.count + 1) * 2 > slots.count { grow() }
        place(Int32(values.count), hash: Self.hash(key))
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        values.append(value)
        return nil
    }

    func find(_ id: String) -> Int? {
        var id = id
        return id.withUTF8 { find($0) }
    }

    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        return bytes.withUnsafeBufferPointer { stored in
            while true {
                let k = Int(slots[slot])
                if k < 0 { return nil }
                let start = starts[k], length = starts[k + 1] - start
                if length == key.count, length == 0 || memcmp(stored.baseAddress! + start, key.baseAddress!, length) == 0 {
                    return values[k]
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private mutating func place(_ k: Int32, hash: Int) {
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = k
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        for k in 0 ..< values.count {
            let hash = bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[starts[k] ..< starts[k + 1]])) }
            place(Int32(k), hash: hash)
        }
    }

    /// FNV-1a over the bytes, then mixed so that the low bits (the slot) depend on all of them.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}
