import Foundation
import BitCollections
import StoryloomShared

/// The byte-level writer and reader of the corpus cache (see `CorpusCache`): variable-length
/// integers, length-prefixed UTF-8 strings and tagged plain values. The reader checks every
/// length and index against what it has, so a damaged cache file is refused, never trusted.
struct ArchiveWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func uint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func int(_ value: Int) {
        // Zig-zag, so small negative numbers stay short.
        uint(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63))))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func double(_ value: Double) {
        var bits = value.bitPattern
        for _ in 0 ..< 8 {
            bytes.append(UInt8(bits & 0xFF))
            bits >>= 8
        }
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            uint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Bytes as `string` writes a String's.
    mutating func bytes(_ value: UnsafeBufferPointer<UInt8>) {
        uint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    mutating func optionalInt(_ value: Int?) {
        bool(value != nil)
        if let value { int(value) }
    }

    /// Indexes into the corpus's arrays (never negative).
    mutating func indexes(_ values: [Int]) {
        uint(UInt64(values.count))
        for value in values { uint(UInt64(value)) }
    }

    mutating func raw(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    mutating func strings(_ values: [String]) {
        uint(UInt64(values.count))
        for value in values { string(value) }
    }

    mutating func plain(_ value: PlainValue) {
        switch value {
        case .null: bytes.append(0)
        case let .bool(b): bytes.append(b ? 2 : 1)
        case let .integer(i): bytes.append(3); int(Int(i))
        case let .number(d): bytes.append(4); double(d)
        case let .string(s): bytes.append(5); string(s)
        case let .array(items):
            bytes.append(6)
            uint(UInt64(items.count))
            for item in items { plain(item) }
        case let .object(members):
            bytes.append(7)
            extras(members)
        }
    }

    mutating func extras(_ members: Extras) {
        uint(UInt64(members.count))
        for member in members {
            string(member.key)
            plain(member.value)
        }
    }

    /// A bit set as its 64-bit words, little-endian: read back with one copy.
    mutating func bitSet(_ set: BitSet) {
        var words = [UInt64](repeating: 0, count: (set.max().map { $0 / 64 + 1 }) ?? 0)
        for member in set { words[member >> 6] |= 1 << UInt64(member & 63) }
        uint(UInt64(words.count))
        for word in words {
            var w = word
            for _ in 0 ..< 8 {
                bytes.append(UInt8(w & 0xFF))
                w >>= 8
            }
        }
    }

    mutating func append(_ other: ArchiveWriter) { bytes.append(contentsOf: other.bytes) }
}

/// Reads what `ArchiveWriter` wrote; any inconsistency throws `Damaged`.
struct ArchiveReader {
    struct Damaged: Error {
        /// Where the reader gave up (for tests and debugging).
        var line: Int
        init(line: Int = #line) { self.line = line }
    }

    private let base: UnsafePointer<UInt8>
    private(set) var offset: Int
    let end: Int
    /// The last members `extras` read, and where their bytes were: records mostly repeat their
    /// extra members, and a repeat shares the earlier one's storage rather than making its own.
    private var lastExtras: (start: Int, count: Int, members: Extras)?

    init(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) {
        base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        offset = start
        self.end = end ?? buffer.count
    }

    var atEnd: Bool { offset == end }

    mutating func byte() throws(Damaged) -> UInt8 {
        guard offset < end else { throw Damaged() }
        defer { offset += 1 }
        return base[offset]
    }

    mutating func uint() throws(Damaged) -> UInt64 {
        // Most numbers (indexes into short lists, lengths, flags) fit one byte.
        if offset < end, base[offset] < 0x80 {
            offset += 1
            return UInt64(base[offset - 1])
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw Damaged() }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    mutating func int() throws(Damaged) -> Int {
        let raw = try uint()
        return Int(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }

    /// A count of things each at least one byte long: never more than the bytes left.
    mutating func count() throws(Damaged) -> Int {
        let n = try uint()
        guard n <= UInt64(end - offset) else { throw Damaged() }
        return Int(n)
    }

    /// An index that must be below `limit`.
    mutating func index(below limit: Int) throws(Damaged) -> Int {
        let n = try uint()
        guard n < UInt64(limit) else { throw Damaged() }
        return Int(n)
    }

    mutating func bool() throws(Damaged) -> Bool {
        switch try byte() {
        case 0: false
        case 1: true
        default: throw Damaged()
        }
    }

    mutating func double() throws(Damaged) -> Double {
        guard end - offset >= 8 else { throw Damaged() }
        var bits: UInt64 = 0
        for i in 0 ..< 8 { bits |= UInt64(base[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return Double(bitPattern: bits)
    }

    mutating func string() throws(Damaged) -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: UnsafeBufferPointer(start: base + offset, count: length), as: UTF8.self)
    }

    /// Where a string's bytes are, without reading them: (offset, length).
    mutating func span() throws(Damaged) -> (start: Int, count: Int) {
        let length = try count()
        defer { offset += length }
        return (offset, length)
    }

    mutating func optionalString() throws(Damaged) -> String? {
        try bool() ? try string() : nil
    }

    mutating func optionalInt() throws(Damaged) -> Int? {
        try bool() ? try int() : nil
    }

    /// Indexes each below `limit`.
    mutating func indexes(below limit: Int) throws(Damaged) -> [Int] {
        let n = try count()
        var result: [Int] = []
        result.reserveCapacity(n)
        for _ in 0 ..< n { result.append(try index(below: limit)) }
        return result
    }

    /// A bit set whose members must all be below `limit`.
    mutating func bitSet(below limit: Int) throws(Damaged) -> BitSet {
        let count = try uint()
        guard count <= UInt64(limit / 64 + 1), count * 8 <= UInt64(end - offset) else { throw Damaged() }
        let n = Int(count)
        let start = base + offset
        offset += n * 8
        guard n > 0 else { return BitSet() }
        // The last word may not hold members at or past `limit`.
        let last = UnsafeRawPointer(start + (n - 1) * 8).loadUnaligned(as: UInt64.self).littleEndian
        let allowed = limit - (n - 1) * 64
        if allowed < 64, last >> UInt64(max(allowed, 0)) != 0 { throw Damaged() }
        return BitSet(words: (0 ..< n).lazy.map { UInt(UnsafeRawPointer(start + $0 * 8).loadUnaligned(as: UInt64.self).littleEndian) })
    }

    mutating func strings() throws(Damaged) -> [String] {
        let n = try count()
        var result: [String] = []
        result.reserveCapacity(n)
        for _ in 0 ..< n { result.append(try string()) }
        return result
    }

    mutating func plain(depth: Int = 0) throws(Damaged) -> PlainValue {
        guard depth < Tape.maximumDepth else { throw Damaged() }
        switch try byte() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .integer(Int64(try int()))
        case 4: return .number(try double())
        case 5: return .string(try string())
        case 6:
            let n = try count()
            var items: [PlainValue] = []
            items.reserveCapacity(n)
            for _ in 0 ..< n { items.append(try plain(depth: depth + 1)) }
            return .array(items)
        case 7: return .object(try extras(depth: depth + 1))
        default: throw Damaged()
        }
    }

    mutating func extras(depth: Int = 0) throws(Damaged) -> Extras {
        let start = offset
        // The same bytes read the same way, to the same end: what they made before.
        if let last = lastExtras, end - offset >= last.count, memcmp(base + offset, base + last.start, last.count) == 0 {
            offset += last.count
            return last.members
        }
        let n = try count()
        guard n > 0 else { return [] }
        var result: Extras = []
        result.reserveCapacity(n)
        for _ in 0 ..< n {
            let key = try string()
            result.append((key, try plain(depth: depth)))
        }
        lastExtras = (start, offset - start, result)
        return result
    }
}
