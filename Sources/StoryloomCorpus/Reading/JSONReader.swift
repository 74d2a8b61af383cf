/// Reads JSON bytes into a `Tape` in one pass, without recursion.
///
/// Hand-written rather than Foundation's JSONSerialization because the loader needs byte
/// offsets for every value (to report line:column), must keep going past invalid UTF-8 to
/// report every problem, and must read a 300 MB corpus in well under a second.
enum JSONReader {
    /// A problem that stops reading (the rest of the text cannot be understood).
    struct SyntaxError: Error {
        var offset: Int
        var message: String
        /// Not a problem of the document: a half had less room than it holds values, and the
        /// document is read again in one pass. Never reported.
        var outOfRoom = false
    }

    /// Reads `source`; problems that do not stop reading (bad UTF-8 in a string) are returned
    /// as (offset, message) pairs.
    static func read(_ source: SourceBytes) throws(SyntaxError) -> (tape: Tape, problems: [(offset: Int, message: String)],
                                                                    numberProblems: [(offset: Int, message: String)]) {
        if let p = source.buffer.baseAddress, let split = splitPoint(p, source.count), let halves = readInTwo(source, split: split) {
            return halves
        }
        return try readOnePass(source)
    }

    /// The most values `bytes` of JSON can hold: one every 2 bytes (`1,1,1`), and a few.
    static func room(forBytes bytes: Int) -> Int { bytes / 2 + 64 }

    /// The same in one pass, whatever the size.
    static func readOnePass(_ source: SourceBytes) throws(SyntaxError) -> (tape: Tape, problems: [(offset: Int, message: String)],
                                                                           numberProblems: [(offset: Int, message: String)]) {
        // Where the system lends no address space for the worst case, room for a corpus's one
        // value every 20 bytes or so, grown as needed.
        let entries = TapeEntries(reserving: room(forBytes: source.count)) ?? TapeEntries(reserving: source.count / 16) ?? TapeEntries()
        var parser = Parser(p: source.buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, n: source.count,
                            entries: entries, from: 0, limit: nil)
        try parser.run()
        return tape(entries, parser, source)
    }

    /// A large document is read as two halves at once, one on each core: the second half from
    /// the start of an array element near the middle, the first from the start. Where that
    /// element starts is only guessed (an object after a comma: `, {"`); the first half proves
    /// the guess by reaching that very byte as the start of an array's value, and if it does not
    /// (the bytes were inside a string, say), its reading of the whole document is the one kept.
    /// Below this size the document is read in one pass.
    static let splitSize = 4 << 20

    /// A place near the middle where an array element seems to start.
    static func splitPoint(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        guard n >= splitSize else { return nil }
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
        var i = n / 2
        let limit = min(n - 1, i + (1 << 20))
        while i < limit, let found = memchr(p + i, Int32(UInt8(ascii: "{")), limit - i) {
            let brace = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - p
            var before = brace - 1, after = brace + 1
            while before > 0, isSpace(p[before]) { before -= 1 }
            while after < n, isSpace(p[after]) { after += 1 }
            if p[before] == UInt8(ascii: ","), after < n, p[after] == UInt8(ascii: "\"") { return brace }
            i = brace + 1
        }
        return nil
    }

    /// Reads the two halves at once into one tape, or returns nil when the halves do not fit
    /// together (a syntax error in either, or a half with more values than its room): the caller
    /// then reads the document in one pass, which reports any error as it always does.
    ///
    /// Each half writes its entries straight into its own part of the one tape, so nothing is
    /// copied after: the first half from the start, the second from where the first's room
    /// ends. Between them is what the first half did not need; a gap entry there (see
    /// `Tape.Entry`) steps over it. The rest of the document, after the array the second half
    /// read, goes after the second half's entries. Indexes are the tape's from the start, so the
    /// second half's containers need no fixing; its escaped strings keep their own arena.
    private static func readInTwo(_ source: SourceBytes, split: Int) -> (tape: Tape, problems: [(offset: Int, message: String)],
                                                                         numberProblems: [(offset: Int, message: String)])? {
        let p = source.buffer.baseAddress!, n = source.count
        let firstRoom = room(forBytes: split), room = firstRoom + Self.room(forBytes: n - split)
        guard let entries = TapeEntries(reserving: room) else { return nil }
        nonisolated(unsafe) var first = Parser(p: p, n: n, entries: entries, from: 0, limit: firstRoom)
        nonisolated(unsafe) var second = Parser(p: p, n: n, entries: entries, from: firstRoom, limit: room)
        nonisolated(unsafe) var firstStack: [Frame] = []
        nonisolated(unsafe) var firstRead: Bool?  // true: stopped at `split`; false: read to the end
        nonisolated(unsafe) var secondEnd: Int?
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                firstRead = try? first.runUntil(split, stack: &firstStack)
            } else {
                secondEnd = try? second.runElements(from: split)
            }
        }
        // The guess was wrong, and the first half read the whole document (in room enough).
        if firstRead == false {
            return tape(entries, first, source)
        }
        guard firstRead == true, let end = secondEnd, let frame = firstStack.last, !frame.isObject,
              firstStack.count + second.deepest - 1 <= Tape.maximumDepth else { return nil }
        if first.count < firstRoom {
            entries.base[first.count] = Tape.Entry(kind: .array, flag: true, payload: UInt32(firstRoom), count: 0, position: UInt32(split))
        }
        let secondEntries = firstRoom ..< second.count
        // The array now holds the second half's elements too; `.after` counts the last of them.
        firstStack[firstStack.count - 1].count += second.elementsRead - 1
        first.i = end
        first.count = second.count
        first.limit = room
        first.problems.append(contentsOf: second.problems)
        first.numberProblems.append(contentsOf: second.numberProblems)
        do {
            _ = try first.run(stack: &firstStack, from: .after, stopAt: nil)
        } catch {
            return nil
        }
        var read = tape(entries, first, source)
        read.tape.secondArena = second.arena
        read.tape.secondArenaEntries = secondEntries
        return read
    }

    private static func tape(_ entries: TapeEntries, _ parser: Parser, _ source: SourceBytes)
        -> (tape: Tape, problems: [(offset: Int, message: String)], numberProblems: [(offset: Int, message: String)]) {
        entries.count = parser.count
        var tape = Tape()
        tape.entries = entries
        tape.arena = parser.arena
        tape.source = source
        return (tape, parser.problems, parser.numberProblems)
    }

    private enum State { case value, key, after }

    private struct Frame {
        var index: Int
        var count: UInt32
        var isObject: Bool
    }

    /// Writes its entries into a tape it shares, from `count` up to `limit` (past that it stops
    /// with `outOfRoom`), so that the two halves write into one tape side by side; without a
    /// limit it grows the tape as it needs.
    private struct Parser {
        let p: UnsafePointer<UInt8>
        let n: Int
        var i = 0
        let entries: TapeEntries
        /// The tape's memory (it moves only when a parser without a limit grows it).
        var out: UnsafeMutablePointer<Tape.Entry>
        /// The index of the next entry written.
        var count: Int
        var limit: Int?
        var arena: [UInt8] = []
        var problems: [(offset: Int, message: String)] = []
        /// Numbers out of Double's range (reported apart: what to do about them differs).
        var numberProblems: [(offset: Int, message: String)] = []

        /// The second half: how many elements of its array it read, and its deepest nesting.
        var elementsRead: UInt32 = 0
        var deepest = 0

        init(p: UnsafePointer<UInt8>, n: Int, entries: TapeEntries, from: Int, limit: Int?) {
            self.p = p
            self.n = n
            self.entries = entries
            out = entries.base
            count = from
            self.limit = limit
        }

        @inline(__always) mutating func append(_ entry: Tape.Entry) throws(SyntaxError) {
            if count == (limit ?? entries.capacity) { try makeRoom() }
            (out + count).initialize(to: entry)
            count += 1
        }

        mutating func makeRoom() throws(SyntaxError) {
            guard limit == nil else { throw SyntaxError(offset: i, message: "the tape is full", outOfRoom: true) }
            entries.count = count
            entries.grow()
            out = entries.base
        }

        @inline(__always) mutating func skipWhitespace() {
            while i < n {
                let c = p[i]
                if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return }
            }
        }

        func fail(_ message: String, at offset: Int? = nil) -> SyntaxError {
            SyntaxError(offset: min(offset ?? i, n), message: message)
        }

        func describeHere() -> String {
            guard i < n else { return "the end of the file" }
            let c = p[i]
            if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
            return String(format: "byte 0x%02X", c)
        }

        mutating func run() throws(SyntaxError) {
            if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3 }  // byte-order mark
            var stack: [Frame] = []
            _ = try run(stack: &stack, from: .value, stopAt: nil)
        }

        /// The first half: reads from the start until the value at `split` (true, with the open
        /// containers there in `stack`), or to the end if no value starts there (false).
        mutating func runUntil(_ split: Int, stack: inout [Frame]) throws(SyntaxError) -> Bool {
            if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3 }
            return try run(stack: &stack, from: .value, stopAt: split)
        }

        /// The second half: reads array elements from `start` until the `]` that closes their
        /// array, and returns where that `]` is.
        mutating func runElements(from start: Int) throws(SyntaxError) -> Int {
            i = start
            // The array itself was opened in the first half: a frame with no entry stands for it.
            var stack = [Frame(index: -1, count: 0, isObject: false)]
            _ = try run(stack: &stack, from: .value, stopAt: nil)
            return i
        }

        /// The reading loop, from `state` with `stack` open. Returns true when it stopped at
        /// `stopAt` (where a value starts), false at the end of the document or of the second
        /// half's array.
        mutating func run(stack: inout [Frame], from state: State, stopAt: Int?) throws(SyntaxError) -> Bool {
            var state = state
            while true {
                switch state {
                case .value:
                    skipWhitespace()
                    guard i < n else { throw fail("the file ends where a value was expected") }
                    if i == stopAt { return true }
                    let start = i
                    switch p[i] {
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        let isObject = p[i] == UInt8(ascii: "{")
                        guard stack.count < Tape.maximumDepth else {
                            throw fail("values are nested more than \(Tape.maximumDepth) deep; a corpus never needs that many levels")
                        }
                        stack.append(Frame(index: count, count: 0, isObject: isObject))
                        deepest = max(deepest, stack.count)
                        try append(Tape.Entry(kind: isObject ? .object : .array, flag: false, payload: 0, count: 0, position: UInt32(start)))
                        i += 1
                        skipWhitespace()
                        if i < n && p[i] == UInt8(ascii: isObject ? "}" : "]") {
                            i += 1
                            close(&stack)
                            state = .after
                        } else {
                            state = isObject ? .key : .value
                        }
                        continue
                    case UInt8(ascii: "\""):
                        try readString()
                    case UInt8(ascii: "t"):
                        try literal("true", .bool, true)
                    case UInt8(ascii: "f"):
                        try literal("false", .bool, false)
                    case UInt8(ascii: "n"):
                        try literal("null", .null, false)
                    case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"):
                        try readNumber()
                    default:
                        throw fail("expected a value (object, array, string, number, true, false or null) but found \(describeHere())")
                    }
                    state = .after
                case .key:
                    skipWhitespace()
                    guard i < n, p[i] == UInt8(ascii: "\"") else {
                        throw fail("expected a quoted key but found \(describeHere())")
                    }
                    try readString()
                    skipWhitespace()
                    guard i < n, p[i] == UInt8(ascii: ":") else {
                        throw fail("expected ':' after the key but found \(describeHere())")
                    }
                    i += 1
                    state = .value
                case .after:
                    guard !stack.isEmpty else {
                        skipWhitespace()
                        if i < n { throw fail("unexpected \(describeHere()) after the end of the document") }
                        return false
                    }
                    stack[stack.count - 1].count += 1
                    skipWhitespace()
                    let isObject = stack[stack.count - 1].isObject
                    guard i < n else {
                        throw fail("the file ends inside \(isObject ? "an object" : "an array"); a '\(isObject ? "}" : "]")' is missing")
                    }
                    let c = p[i]
                    if c == UInt8(ascii: ",") {
                        i += 1
                        state = isObject ? .key : .value
                    } else if c == UInt8(ascii: isObject ? "}" : "]") {
                        if stack.count == 1, stack[0].index < 0 {
                            elementsRead = stack[0].count  // the second half's array ends here
                            return false
                        }
                        i += 1
                        close(&stack)
                    } else {
                        throw fail("expected ',' or '\(isObject ? "}" : "]")' but found \(describeHere())")
                    }
                }
            }
        }

        mutating func close(_ stack: inout [Frame]) {
            let frame = stack.removeLast()
            out[frame.index].payload = UInt32(count)
            out[frame.index].count = frame.count
        }

        mutating func literal(_ word: StaticString, _ kind: Tape.Kind, _ value: Bool) throws(SyntaxError) {
            let length = word.utf8CodeUnitCount
            guard i + length <= n, memcmp(p + i, word.utf8Start, length) == 0 else {
                throw fail("expected a value but found \(describeHere()) (strings need double quotes)")
            }
            try append(Tape.Entry(kind: kind, flag: value, payload: 0, count: 0, position: UInt32(i)))
            i += length
        }

        mutating func readNumber() throws(SyntaxError) {
            let start = i
            @inline(__always) func digits() -> Int {
                let from = i
                while i < n && p[i] >= 0x30 && p[i] <= 0x39 { i += 1 }
                return i - from
            }
            if p[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw fail("a number needs digits", at: start) }
            if i < n && p[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { throw fail("a number needs digits after '.'", at: start) }
            }
            var exponent = false
            if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
                i += 1
                if i < n && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
                guard digits() > 0 else { throw fail("a number needs digits in its exponent", at: start) }
                exponent = true
            }
            // Only an exponent or hundreds of digits can leave Double's range: check just those.
            if exponent || i - start > 300 {
                let text = String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self)
                if !(Double(text)?.isFinite ?? false) {
                    numberProblems.append((start, "the number \(text.count > 40 ? String(text.prefix(40)) + "…" : text) is too large to hold"))
                }
            }
            try append(Tape.Entry(kind: .number, flag: false, payload: UInt32(start), count: UInt32(i - start), position: UInt32(start)))
        }

        /// Reads the string at `i` (which is at the opening quote).
        mutating func readString() throws(SyntaxError) {
            let quote = i
            i += 1
            let start = i
            var high: UInt8 = 0
            // Eight bytes at a time while none of them is a quote, a backslash or a control
            // character: quote texts are long, and this is the loader's hottest loop.
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            var highWord: UInt64 = 0
            while i + 8 <= n {
                let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                let quotes = word ^ (ones &* 0x22), slashes = word ^ (ones &* 0x5C)
                let special = ((quotes &- ones) & ~quotes | (slashes &- ones) & ~slashes | (word &- ones &* 0x20) & ~word) & highs
                if special != 0 { break }
                highWord |= word
                i += 8
            }
            if highWord & highs != 0 { high = 0x80 }
            while i < n {
                let c = p[i]
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { break }
                high |= c
                i += 1
            }
            guard i < n else { throw fail("a string is not closed; a '\"' is missing", at: quote) }
            if p[i] == UInt8(ascii: "\"") {
                var entry = Tape.Entry(kind: .string, flag: false, payload: UInt32(start), count: UInt32(i - start), position: UInt32(quote))
                if high & 0x80 != 0, let bad = UTF8Check.firstInvalid(p + start, count: i - start) {
                    problems.append((start + bad, "text is not valid UTF-8 (byte 0x\(String(p[start + bad], radix: 16, uppercase: true)))"))
                    entry = repaired(start ..< i, position: quote)
                }
                try append(entry)
                i += 1
                return
            }
            if p[i] < 0x20 {
                throw fail("a control character (0x\(String(p[i], radix: 16, uppercase: true))) inside a string must be escaped, e.g. \\n or \\u00\(String(format: "%02X", p[i]))")
            }
            try readEscapedString(quote: quote, start: start)
        }

        /// A string whose bytes are not valid UTF-8, stored with replacement characters.
        mutating func repaired(_ range: Range<Int>, position: Int) -> Tape.Entry {
            let text = String(decoding: UnsafeBufferPointer(start: p + range.lowerBound, count: range.count), as: UTF8.self)
            let at = arena.count
            arena.append(contentsOf: text.utf8)
            return Tape.Entry(kind: .string, flag: true, payload: UInt32(at), count: UInt32(arena.count - at), position: UInt32(position))
        }

        mutating func readEscapedString(quote: Int, start: Int) throws(SyntaxError) {
            let at = arena.count
            var runStart = start
            var pendingHigh: UInt32? = nil
            func appendScalar(_ value: UInt32, into arena: inout [UInt8]) {
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                arena.append(contentsOf: String(scalar).utf8)
            }
            while true {
                guard i < n else { throw fail("a string is not closed; a '\"' is missing", at: quote) }
                let c = p[i]
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 {
                    let run = UnsafeBufferPointer(start: p + runStart, count: i - runStart)
                    if let bad = UTF8Check.firstInvalid(p + runStart, count: i - runStart) {
                        problems.append((runStart + bad, "text is not valid UTF-8"))
                        arena.append(contentsOf: String(decoding: run, as: UTF8.self).utf8)
                    } else {
                        arena.append(contentsOf: run)
                    }
                    if c == UInt8(ascii: "\"") { break }
                    if c < 0x20 { throw fail("a control character inside a string must be escaped, e.g. \\n") }
                    i += 1
                    guard i < n else { throw fail("a string ends in the middle of an escape", at: quote) }
                    let e = p[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""): arena.append(0x22)
                    case UInt8(ascii: "\\"): arena.append(0x5C)
                    case UInt8(ascii: "/"): arena.append(0x2F)
                    case UInt8(ascii: "b"): arena.append(0x08)
                    case UInt8(ascii: "f"): arena.append(0x0C)
                    case UInt8(ascii: "n"): arena.append(0x0A)
                    case UInt8(ascii: "r"): arena.append(0x0D)
                    case UInt8(ascii: "t"): arena.append(0x09)
                    case UInt8(ascii: "u"):
                        guard i + 4 <= n, let code = UInt32(String(decoding: UnsafeBufferPointer(start: p + i, count: 4), as: UTF8.self), radix: 16) else {
                            throw fail("'\\u' must be followed by four hex digits", at: i - 2)
                        }
                        i += 4
                        if code >= 0xD800 && code < 0xDC00 {
                            if let high = pendingHigh { appendScalar(high, into: &arena) }
                            pendingHigh = code
                            runStart = i
                            continue
                        }
                        if code >= 0xDC00 && code < 0xE000, let high = pendingHigh {
                            appendScalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00), into: &arena)
                            pendingHigh = nil
                            runStart = i
                            continue
                        }
                        if code >= 0xDC00 && code < 0xE000 {
                            problems.append((i - 6, "'\\u\(String(code, radix: 16))' is half of a surrogate pair and stands alone"))
                        }
                        appendScalar(code, into: &arena)
                    default:
                        throw fail("unknown escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: i - 2)
                    }
                    if let high = pendingHigh {
                        problems.append((i, "'\\u\(String(high, radix: 16))' is half of a surrogate pair and stands alone"))
                        pendingHigh = nil
                    }
                    runStart = i
                } else {
                    i += 1
                }
            }
            try append(Tape.Entry(kind: .string, flag: true, payload: UInt32(at), count: UInt32(arena.count - at), position: UInt32(quote)))
            i += 1
        }
    }
}

import Dispatch
import Foundation
