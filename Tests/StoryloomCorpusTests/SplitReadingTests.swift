import Foundation
import Testing
@testable import StoryloomCorpus

/// A large JSON document is read as two halves at once; the tape must be the one a single pass
/// makes, and a document whose halves do not fit is read in one pass with the usual errors.
@Suite struct SplitReadingTests {
    /// A corpus-shaped document of about `megabytes`, written over many lines, with escapes,
    /// bad UTF-8 and nesting in both halves.
    private func document(megabytes: Int, tail: String = "") -> [UInt8] {
        var text = "{\"format\": \"storyloom-corpus/1\", \"quotes\": [\n"
        var n = 0
        while text.utf8.count < megabytes << 20 {
            text += "  {\"id\": \"q\(n)\", \"text\": \"line \\\"\(n)\\\" \\u00e9\\n days\", \"themes\": [\"a\", \"b\"], \"extra\": {\"deep\": [[1, 2.5e3], {\"x\": null}], \"ok\": true}},\n"
            n += 1
        }
        text += "  {\"id\": \"last\", \"text\": \"end\"}\n]\(tail)}\n"
        var bytes = Array(text.utf8)
        // A byte that is not UTF-8 in each half.
        for at in [bytes.count / 4, bytes.count * 3 / 4] {
            let bad = bytes[at...].firstIndex(of: UInt8(ascii: "y"))!  // in "days"
            bytes[bad] = 0xFF
        }
        return bytes
    }

    /// Whether two tapes hold the same document: the same values at the same places, walked
    /// as the decoders walk them (the halves' tape has a gap between them, and the second
    /// half's escaped strings in an arena of their own).
    private func same(_ a: Tape, _ b: Tape) -> Bool {
        let walkA = TapeDecoder(tape: a, file: ""), walkB = TapeDecoder(tape: b, file: "")
        func members(_ decoder: TapeDecoder, _ object: Int) -> [(Int, Int)] {
            var list: [(Int, Int)] = []
            decoder.forEachMember(object) { list.append(($0, $1)) }
            return list
        }
        func value(_ x: Int, _ y: Int) -> Bool {
            let ex = a.entries[x], ey = b.entries[y]
            guard ex.kind == ey.kind, ex.position == ey.position, ex.count == ey.count else { return false }
            switch ex.kind {
            case .array:
                let xs = Array(walkA.elements(x)), ys = Array(walkB.elements(y))
                return xs.count == Int(ex.count) && ys.count == xs.count && zip(xs, ys).allSatisfy(value)
            case .object:
                let xs = members(walkA, x), ys = members(walkB, y)
                return xs.count == ys.count && zip(xs, ys).allSatisfy { value($0.0, $1.0) && value($0.1, $1.1) }
            case .string, .number:
                return a.withBytes(x, Array.init) == b.withBytes(y, Array.init)
            case .bool:
                return ex.flag == ey.flag
            case .null:
                return true
            }
        }
        return a.entries.isEmpty == b.entries.isEmpty && (a.entries.isEmpty || value(0, 0))
    }

    private func onePass(_ bytes: [UInt8]) throws -> (tape: Tape, problems: [(offset: Int, message: String)]) {
        let source = SourceBytes(copying: bytes)
        let result = try JSONReader.readOnePass(source)
        return (result.tape, result.problems)
    }

    @Test func twoHalvesMakeTheTapeOnePassMakes() throws {
        let bytes = document(megabytes: 6)
        let source = SourceBytes(copying: bytes)
        let split = try #require(JSONReader.splitPoint(source.buffer.baseAddress!, bytes.count), "the document has a place to split")
        #expect(split > bytes.count / 2)
        let halves = try JSONReader.read(source)
        let whole = try onePass(bytes)
        #expect(!halves.tape.secondArenaEntries.isEmpty, "read as two halves")
        #expect(same(halves.tape, whole.tape))
        #expect(halves.problems.map(\.offset) == whole.problems.map(\.offset))
        #expect(halves.problems.count == 2)
    }

    @Test func aDocumentOnOneLineIsSplitToo() throws {
        // Written compactly, as json.dump writes it by default: no line breaks at all.
        let pretty = String(decoding: document(megabytes: 6), as: UTF8.self)
        let bytes = Array(pretty.replacingOccurrences(of: "\n", with: "").utf8)
        let source = SourceBytes(copying: bytes)
        #expect(JSONReader.splitPoint(source.buffer.baseAddress!, bytes.count) != nil)
        #expect(same(try JSONReader.read(source).tape, try onePass(bytes).tape))
    }

    @Test func aGuessInsideAStringIsProvedWrongAndTheWholeReadKept() throws {
        // Every record ends with a string whose words end in `, {`: its closing quote makes the
        // bytes `, {"`, which look like the start of an element but stand inside a string.
        var text = "{\"format\": \"storyloom-corpus/1\", \"quotes\": ["
        var n = 0
        while text.utf8.count < 6 << 20 {
            text += (n == 0 ? "" : ", ") + "[\"q\(n)\", \"words, {\"]"
            n += 1
        }
        text += "]}"
        let bytes = Array(text.utf8)
        let source = SourceBytes(copying: bytes)
        let guess = try #require(JSONReader.splitPoint(source.buffer.baseAddress!, bytes.count))
        #expect(bytes[guess] == UInt8(ascii: "{"))
        #expect(same(try JSONReader.read(source).tape, try onePass(bytes).tape))
    }

    @Test func aDocumentDenserThanTheTapesRoomIsReadWhole() throws {
        // A value every 2 bytes, ten times as dense as a corpus: the tape's room, reserved for
        // the densest document, holds every one of them in both halves.
        let row = "{\"n\": [" + Array(repeating: "1", count: 2000).joined(separator: ",") + "]}"
        let rows = (6 << 20) / row.utf8.count
        let bytes = Array(("{\"quotes\": [" + Array(repeating: row, count: rows).joined(separator: ", ") + "]}").utf8)
        let source = SourceBytes(copying: bytes)
        #expect(JSONReader.splitPoint(source.buffer.baseAddress!, bytes.count) != nil)
        let read = try JSONReader.read(source)
        let decoder = TapeDecoder(tape: read.tape, file: "")
        var ones = 0
        decoder.forEachMember(0) { _, quotes in
            for element in decoder.elements(quotes) {
                decoder.forEachMember(element) { _, numbers in ones += decoder.elements(numbers).reduce(0) { n, _ in n + 1 } }
            }
        }
        #expect(ones == rows * 2000)
    }

    @Test func anErrorInEitherHalfIsTheOnePassError() throws {
        var bytes = document(megabytes: 6)
        for at in [bytes.count / 3, bytes.count * 2 / 3] {
            var broken = bytes
            let comma = broken[at...].firstIndex(of: UInt8(ascii: ","))!
            broken[comma] = UInt8(ascii: ";")
            let source = SourceBytes(copying: broken)
            var message = "", offset = -1
            do { _ = try JSONReader.read(source) } catch { message = error.message; offset = error.offset }
            var expected = "", expectedOffset = -2
            do { _ = try JSONReader.readOnePass(SourceBytes(copying: broken)) } catch { expected = error.message; expectedOffset = error.offset }
            #expect(!message.isEmpty && message == expected && offset == expectedOffset, "\(message) at \(offset)")
        }
        // A document that goes on after the array the second half reads.
        bytes = document(megabytes: 6, tail: ", \"more\": [1, {\"a\": [2]}]")
        #expect(JSONReader.splitPoint(SourceBytes(copying: bytes).buffer.baseAddress!, bytes.count) != nil)
        #expect(same(try JSONReader.read(SourceBytes(copying: bytes)).tape, try onePass(bytes).tape))
    }
}
