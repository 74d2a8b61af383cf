import CPrefetch
import Foundation

/// An id → index table for one kind of record, looked up by the id's UTF-8 bytes.
///
/// The loader resolves about a million references in a large corpus (each quote's story and
/// themes, each story's storytellers): read straight from the tape's bytes, none of them makes a
/// String or runs the standard library's seeded hash, which a `[String: Int]` would for each.
/// The corpus's own id tables (`IDTable`) use it too, as they are made on a build's first lookup.
struct IDIndex {
    /// Open addressing: each slot holds 0 (empty) or a key's number plus one in its low 32 bits
    /// and the high 32 bits of the key's hash above, so a probe that meets another key's slot
    /// is nearly always settled there, without reading that key's bytes. Always a power of two
    /// long, at most half full.
    private var slots: [UInt64]
    /// Key `k`'s bytes are `bytes[starts[k] ..< starts[k + 1]]`.
    private var starts: [Int] = [0]
    private var bytes: [UInt8] = []
    /// Key `k`'s record index.
    private var values: [Int] = []

    init(capacity: Int = 8) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
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

    /// Adds many ids, in order, for the values 0, 1, 2…; returns each id already there with the
    /// value it kept. The slots are random places in a table larger than the processor's
    /// caches: each is asked for some ids ahead, so the wait for memory overlaps the work.
    mutating func insertAll<Keys: RandomAccessCollection<String?>>(_ ids: Keys) -> [(value: Int, kept: Int)] where Keys.Index == Int {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(ids.count)
        for id in ids {
            guard var id else { hashes.append(0); continue }
            hashes.append(id.withUTF8 { Self.hash($0) })
        }
        var repeated: [(value: Int, kept: Int)] = []
        let ahead = 16
        for n in 0 ..< ids.count {
            if n + ahead < ids.count, ids[n + ahead] != nil { prefetch(hash: hashes[n + ahead]) }
            guard var id = ids[n] else { continue }
            if let kept = id.withUTF8({ insert($0, value: n, hash: hashes[n]) }) { repeated.append((n, kept)) }
        }
        return repeated
    }

    private func prefetch(hash: UInt64) {
        slots.withUnsafeBufferPointer { storyloom_prefetch($0.baseAddress! + (Int(truncatingIfNeeded: hash) & ($0.count - 1))) }
    }

    /// Adds `key` for `value`; if the key is there already, keeps it and returns its value.
    private mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int, hash: UInt64) -> Int? {
        if let found = find(key, hash: hash) { return found }
        if (values.count + 1) * 2 > slots.count { grow() }
        place(values.count, hash: hash)
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
        find(key, hash: Self.hash(key))
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        return bytes.withUnsafeBufferPointer { stored in
            while true {
                let held = slots[slot]
                if held == 0 { return nil }
                if held & 0xFFFF_FFFF_0000_0000 == tag {
                    let k = Int(held & 0xFFFF_FFFF) - 1
                    let start = starts[k], length = starts[k + 1] - start
                    if length == key.count, length == 0 || memcmp(stored.baseAddress! + start, key.baseAddress!, length) == 0 {
                        return values[k]
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private mutating func place(_ k: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(k + 1)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        for k in 0 ..< values.count {
            let hash = bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[starts[k] ..< starts[k + 1]])) }
            place(k, hash: hash)
        }
    }

    /// Chosen afresh by each process, so that no file can be written whose ids all land in one
    /// run of slots (what is found never depends on it: only where keys sit in `slots`).
    private static let seed = UInt64.random(in: 1 ... .max)

    /// The key eight bytes at a time, each word multiplied in and folded, then mixed so that
    /// both the low bits (the slot) and the high bits (the tag) depend on every byte.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = seed ^ UInt64(key.count) &* multiplier
        guard let base = key.baseAddress else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* multiplier
            h ^= h >> 29
            i += 8
        }
        if i < key.count {
            var last: UInt64 = 0
            for j in i ..< key.count { last |= UInt64(base[j]) << UInt64(8 * (j - i)) }
            h = (h ^ last) &* multiplier
        }
        return mix(h)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 32
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 29
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 32
        return h
    }
}
