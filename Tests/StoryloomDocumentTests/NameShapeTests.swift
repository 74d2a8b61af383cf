import Foundation
import StoryloomShared
import Testing

/// The byte checks of names accept exactly what the regular expressions they replaced did
/// (anchored at both ends of the whole text), tried on every short string over an alphabet of
/// the characters that matter, and on longer samples.
@Suite struct NameShapeTests {
    func matches(_ pattern: String, _ text: String) -> Bool {
        let regex = try! NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z")
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Every string of up to `length` characters over `alphabet`.
    func strings(_ alphabet: [String], upTo length: Int) -> [String] {
        var all = [""], level = [""]
        for _ in 0 ..< length {
            level = level.flatMap { prefix in alphabet.map { prefix + $0 } }
            all += level
        }
        return all
    }

    @Test func eachShapeIsItsRegularExpression() {
        let names = strings(["a", "Z", "0", ".", "_", "-", " ", "é", "\n"], upTo: 4)
        for text in names + ["report-1.final_v2", "a..b", ".hidden", "x\n"] {
            #expect(NameShape.isFileName(text) == matches("[A-Za-z0-9][A-Za-z0-9._-]*", text), "\(text.debugDescription)")
            #expect(NameShape.isAlphanumeric(text) == matches("[A-Za-z0-9]+", text), "\(text.debugDescription)")
            #expect(NameShape.isModuleName(text) == matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*", text), "\(text.debugDescription)")
        }
        for text in strings(["e", "N", "4", "-", "_"], upTo: 5) + ["en-GB", "zh-Hant-TW", "en-abcdefgh", "en-abcdefghi", "english"] {
            #expect(NameShape.isLanguageTag(text) == matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", text), "\(text.debugDescription)")
        }
        for text in strings(["1", ".", "p", "x", "r", "e", "m", "%"], upTo: 5) + ["17px", "1.05rem", "2em", "100%", "1.5.2px", "12pt"] {
            #expect(NameShape.isDecimal(text, units: ["px", "pt", "rem", "em", "%"]) == matches("[0-9]+(\\.[0-9]+)?(px|pt|rem|em|%)", text), "\(text.debugDescription)")
            #expect(NameShape.isDecimal(text, units: [""]) == matches("[0-9]+(\\.[0-9]+)?", text), "\(text.debugDescription)")
        }
    }
}
