import Dispatch

/// A 128-bit fingerprint of a corpus file's bytes, the cache's key. It is not for security (the
/// cache is the user's own folder) but to notice any change: each lane takes one 8-byte word
/// at a time through steps that are all one-to-one, so a change within one word always changes
/// the result, and other changes collide with odds of about 2^-64. The two halves of the file
/// are hashed on two cores: a 170 MB corpus takes a few tens of milliseconds.
enum ContentHash {
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let half = (bytes.count / 2) & ~31
        // Each thread writes its own slot of a fixed buffer: two threads assigning into one Swift
        // array race on its copy-on-write check, and a half of the hash can be lost.
        let parts = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2)
        defer { parts.deallocate() }
        parts.initialize(repeating: 0)
        nonisolated(unsafe) let slots = parts
        nonisolated(unsafe) let bytes = bytes
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            let range = part == 0 ? 0 ..< half : half ..< bytes.count
            slots[part] = hash(UnsafeBufferPointer(rebasing: bytes[range]), seed: UInt64(part + 1))
        }
        return hex(parts[0]) + hex(parts[1]) + "-" + String(bytes.count)
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (seed, seed &+ 1, seed &+ 2, seed &+ 3)
        @inline(__always) func step(_ lane: inout UInt64, _ word: UInt64) {
            lane = (lane ^ word) &* multiplier
            lane = (lane << 29) | (lane >> 35)
        }
        guard let base = bytes.baseAddress.map(UnsafeRawPointer.init) else { return finish(seed) }
        var offset = 0
        // Four independent lanes, 32 bytes a round, so the multiplies overlap.
        while offset + 32 <= bytes.count {
            step(&lanes.0, base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            step(&lanes.1, base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            step(&lanes.2, base.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            step(&lanes.3, base.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            offset += 32
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) << shift
            shift += 8
            offset += 1
            if shift == 64 {
                step(&lanes.0, tail)
                tail = 0
                shift = 0
            }
        }
        step(&lanes.1, tail ^ (shift << 56))
        var result = finish(lanes.0)
        for lane in [lanes.1, lanes.2, lanes.3] { result = finish(result ^ lane) &* multiplier }
        return finish(result ^ UInt64(bytes.count))
    }

    /// A final mix, so every input bit reaches every output bit.
    private static func finish(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
