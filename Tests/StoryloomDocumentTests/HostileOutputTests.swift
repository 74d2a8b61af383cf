import Foundation
import Testing
@testable import StoryloomDocument

/// Inputs built to hurt a renderer: huge words, markup, links with scripts, control sequences.
@Suite struct HostileOutputTests {
    @Test func aHugeWordWrapsInLinearTime() throws {
        // 4 MB without a space: wrapping cut it line by line, copying the rest each time.
        let word = String(repeating: "abcdefghij", count: 400_000)
        let start = Date()
        let lines = TextWrap.wrap(word, width: 80, first: "  ", rest: "  ")
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(lines.count == word.count / 78 + (word.count % 78 == 0 ? 0 : 1))
        #expect(lines.allSatisfy { $0.count <= 80 && $0.hasPrefix("  ") })
        #expect(lines.map { $0.dropFirst(2) }.joined() == word)
    }

    @Test func aWordWiderThanTheLineStartsANewLineAndFillsThem() {
        let lines = TextWrap.wrap("short " + String(repeating: "x", count: 25), width: 10)
        #expect(lines == ["short", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"])
    }
}
