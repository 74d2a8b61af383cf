/// UTF-8 validation that says where the first bad byte is, so the error can point at it.
enum UTF8Check {
    /// The offset of the first byte that does not start a well-formed UTF-8 sequence, or nil.
    static func firstInvalid(_ p: UnsafePointer<UInt8>, count n: Int) -> Int? {
        var i = 0
        @inline(__always) func isContinuation(_ k: Int) -> Bool { k < n && p[k] & 0xC0 == 0x80 }
        @inline(__always) func inRange(_ k: Int, _ low: UInt8, _ high: UInt8) -> Bool {
            k < n && p[k] >= low && p[k] <= high
        }
        while i < n {
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            switch b {
            case 0xC2 ... 0xDF:
                guard isContinuation(i + 1) else { return i }
                i += 2
            case 0xE0:
                guard inRange(i + 1, 0xA0, 0xBF), isContinuation(i + 2) else { return i }
                i += 3
            case 0xE1 ... 0xEC, 0xEE ... 0xEF:
                guard isContinuation(i + 1), isContinuation(i + 2) else { return i }
                i += 3
            case 0xED:  // excludes UTF-16 surrogates
                guard inRange(i + 1, 0x80, 0x9F), isContinuation(i + 2) else { return i }
                i += 3
            case 0xF0:
                guard inRange(i + 1, 0x90, 0xBF), isContinuation(i + 2), isContinuation(i + 3) else { return i }
                i += 4
            case 0xF1 ... 0xF3:
                guard isContinuation(i + 1), isContinuation(i + 2), isContinuation(i + 3) else { return i }
                i += 4
            case 0xF4:
                guard inRange(i + 1, 0x80, 0x8F), isContinuation(i + 2), isContinuation(i + 3) else { return i }
                i += 4
            default:
                return i
            }
        }
        return nil
    }

    /// Offsets of every ill-formed sequence in `bytes` (resuming one byte after each).
    static func allInvalid(_ buffer: UnsafeBufferPointer<UInt8>) -> [Int] {
        var found: [Int] = []
        guard let base = buffer.baseAddress else { return found }
        var offset = 0
        while offset < buffer.count,
              let bad = firstInvalid(base + offset, count: buffer.count - offset) {
            found.append(offset + bad)
            offset += bad + 1
        }
        return found
    }
}
