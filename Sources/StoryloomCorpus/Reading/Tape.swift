/// A parsed document as one flat array of entries, the shape both the JSON and the YAML
/// readers produce, so that one decoder turns either form into the corpus model.
///
/// A flat tape keeps a 300 MB corpus to a few large allocations instead of tens of millions
/// of small tree nodes; strings stay undecoded bytes until the decoder asks for them.
import Foundation

struct Tape {
    /// How deeply arrays and objects may nest: far more than any corpus needs, and few enough
    /// that code walking the values recursively cannot run out of stack.
    static let maximumDepth = 256

    enum Kind: UInt8 { case object, array, string, number, bool, null }

    /// One value of the document.
    ///
    /// An array entry with `flag` set is no value but a gap: the JSON reader's two halves write
    /// into one tape (see `JSONReader.readInTwo`), and the room the first half did not use stands
    /// between them. Its `payload` is where the array's elements go on. Only an array's elements
    /// are ever walked past one (`TapeDecoder.Elements`), and its `count` does not count it.
    struct Entry {
        var kind: Kind
        /// A boolean's value; for strings and numbers, whether the bytes live in `arena`.
        var flag: Bool
        /// Containers: the index just past the last descendant. Strings and numbers: the
        /// offset of the first byte.
        var payload: UInt32
        /// Containers: members or elements. Strings and numbers: the length in bytes.
        var count: UInt32
        /// Where the value stands: a byte offset into the source (JSON) or an index into
        /// `marks` (YAML).
        var position: UInt32
    }

    var entries = TapeEntries()
    /// The document's bytes as read (JSON); strings without escapes are read from here.
    var source = SourceBytes(copying: []) {
        didSet { sourceBytes = source.buffer }
    }
    /// `source`'s bytes, read without touching the object: the decoders on both cores read
    /// strings all the time, and retaining one shared object from two cores makes each of them
    /// wait for the other's cache.
    private(set) var sourceBytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// Decoded bytes for strings that could not be read in place (escapes, YAML scalars).
    var arena: [UInt8] = []
    /// The second half's decoded bytes, for the strings among `secondArenaEntries`.
    var secondArena: [UInt8] = []
    var secondArenaEntries = 0 ..< 0
    /// Line and column of each YAML node, by `position`; empty for JSON.
    var marks: [(line: Int, column: Int)] = []

    /// The index just past `index` and everything inside it.
    @inline(__always)
    func next(after index: Int) -> Int {
        let entry = entries[index]
        switch entry.kind {
        case .object, .array: return Int(entry.payload)
        default: return index + 1
        }
    }

    /// The text of a string or number entry.
    func text(_ index: Int) -> String {
        withBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Runs `body` over a string or number entry's bytes, in place.
    func withBytes<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let entry = entries[index]
        let start = Int(entry.payload), length = Int(entry.count)
        if entry.flag {
            let decoded = secondArenaEntries.contains(index) ? secondArena : arena
            return decoded.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start ..< start + length])) }
        }
        return body(UnsafeBufferPointer(rebasing: sourceBytes[start ..< start + length]))
    }

    /// Whether a string entry's bytes equal `literal` (keys are compared without making Strings).
    @inline(__always)
    func equals(_ index: Int, _ literal: StaticString) -> Bool {
        let entry = entries[index]
        guard Int(entry.count) == literal.utf8CodeUnitCount else { return false }
        if entry.count == 0 { return true }
        if !entry.flag { return memcmp(sourceBytes.baseAddress! + Int(entry.payload), literal.utf8Start, Int(entry.count)) == 0 }
        return withBytes(index) { memcmp($0.baseAddress!, literal.utf8Start, $0.count) == 0 }
    }

    /// Line and column (both from 1) of an entry; for JSON computed from the byte offset.
    func location(of index: Int, lines: inout LineIndex?) -> (line: Int, column: Int) {
        let position = Int(entries[index].position)
        if !marks.isEmpty { return marks[position] }
        if lines == nil { lines = LineIndex(source.buffer) }
        return lines!.location(ofByte: position, in: source.buffer)
    }
}

/// Offsets of line starts, built once on the first error so locating many errors stays cheap.
struct LineIndex {
    private var starts: [Int] = [0]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
    }

    /// Line and column (in Unicode scalars, both from 1) of a byte offset.
    func location(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var i = starts[low]
        while i < offset && i < bytes.count {
            // Count scalars: skip UTF-8 continuation bytes.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (low + 1, column)
    }
}
