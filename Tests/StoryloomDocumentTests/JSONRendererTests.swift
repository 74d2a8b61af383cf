import Foundation
import Testing
@testable import StoryloomDocument

@Suite struct JSONRendererTests {
    @Test func roundTripsAndIsByteStable() throws {
        let document = try sampleDocument()
        let first = JSONRenderer().render(document), second = JSONRenderer().render(try sampleDocument())
        #expect(first == second)
        #expect(try JSONRenderer.decode(Data(first.utf8)) == document)
        #expect(JSONRenderer().render(try JSONRenderer.decode(Data(first.utf8))) == first)
    }

    @Test func declaresItsSchemaAndWritesEveryField() throws {
        let json = JSONRenderer().render(try sampleDocument())
        #expect(json.hasPrefix("{\n  \"blocks\": ["), "keys are sorted")
        #expect(json.contains("\"schema\": \"storyloom-document/1\""))
        #expect(json.contains("\"type\": \"heading\""))
        #expect(json.contains("\"kind\": \"bar-chart\""))
        #expect(json.contains("\"value\": 43.5"))
        #expect(json.contains("\"to_cluster\": \"region-all\""))
        #expect(json.contains("\"attributes\": {\n"))
        #expect(json.contains("\"label\": null"), "absent optionals are written as null")
        #expect(!json.contains("\u{1B}"), "control characters are escaped")
        #expect(json.hasSuffix("}\n"))
    }

    @Test func theCodableFormIsTheRenderedForm() throws {
        // Two writers of one schema: the Codable one (for decoding and Swift tools) and the
        // JSONValue one (for speed and writers); compare them as parsed values.
        let document = try sampleDocument()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let viaCodable = try JSONSerialization.jsonObject(with: encoder.encode(document)) as? NSDictionary
        let viaRenderer = try JSONSerialization.jsonObject(with: Data(JSONRenderer().render(document).utf8)) as? NSDictionary
        #expect(viaCodable != nil && viaCodable == viaRenderer)
    }

    @Test func theSchemaDocumentsExamplesRead() throws {
        // docs/document.md's examples must stay true to the schema.
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/document.md")
        guard let text = try? String(contentsOf: docs, encoding: .utf8) else {
            print("skipped: docs/document.md is not beside the sources")
            return
        }
        let examples = text.components(separatedBy: "```json\n").dropFirst().map { String($0.prefix(while: { $0 != "`" })) }
        #expect(examples.count >= 10)
        let decoder = JSONDecoder()
        for example in examples {
            let data = Data(example.utf8)
            let reads = (try? decoder.decode(Document.self, from: data)) != nil || (try? decoder.decode(Block.self, from: data)) != nil
                || (try? decoder.decode(Figure.Content.self, from: data)) != nil
            #expect(reads, "\(example)")
        }
    }

    @Test func rejectsAnotherSchema() throws {
        let json = #"{"schema": "storyloom-document/2", "title": "T", "blocks": []}"#
        #expect(throws: DecodingError.self) { try JSONRenderer.decode(Data(json.utf8)) }
        #expect(try JSONRenderer.decode(Data(#"{"title": "T"}"#.utf8)) == Document(title: "T"))
    }
}

@Suite struct JSONTextTests {
    @Test func escapesWhatJSONNeeds() {
        #expect(JSONValue.quoted("plain é") == "\"plain é\"")
        #expect(JSONValue.quoted("a\"b\\c\nd\u{1}e\u{2028}") == "\"a\\\"b\\\\c\\nd\\u0001e\\u2028\"")
    }

    /// The byte scan escapes exactly the scalars the rule names, tried on every scalar near
    /// them and on mixed text.
    @Test func theByteScanEscapesWhatTheScalarRuleNames() {
        func escaped(_ v: UInt32) -> Bool {
            v < 0x20 || v == 0x7F || (0x80 ..< 0xA0).contains(v) || v == 0x2028 || v == 0x2029 || v == 0x061C
                || v == 0x200E || v == 0x200F || (0x202A ... 0x202E).contains(v) || (0x2066 ... 0x2069).contains(v) || v == 0xFEFF
        }
        func expected(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where escaped(scalar.value):
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let ranges: [ClosedRange<UInt32>] = [0 ... 0x2FF, 0x600 ... 0x620, 0x2000 ... 0x2070, 0xFE00 ... 0xFFFD, 0x1F600 ... 0x1F610]
        for v in ranges.joined() {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let s = "a" + String(Character(scalar)) + "b"
            #expect(JSONValue.quoted(s) == expected(s), "U+\(String(v, radix: 16))")
        }
        let mixed = "“Quoted”\u{202E}évil\u{FEFF} 漢字 😀\u{85}\u{2028}end\\"
        #expect(JSONValue.quoted(mixed) == expected(mixed))
        var bytes: [UInt8] = []
        JSONValue.appendQuoted(mixed, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == expected(mixed))
    }

    @Test func sortsKeysAndKeepsIntegers() {
        let value = JSONValue.object([("b", .integer(2)), ("a", .array([.number(1.5), .number(3), .null, .bool(true)]))])
        #expect(value.text(pretty: false) == "{\"a\": [1.5, 3, null, true], \"b\": 2}")
        #expect(value.text() == "{\n  \"a\": [\n    1.5,\n    3,\n    null,\n    true\n  ],\n  \"b\": 2\n}")
    }

    @Test func cleaningLeavesCleanTextAlone() {
        let clean = "Plain text — with “quotes”, é and 漢字\nand a newline"
        #expect(TextCleaning.clean(clean) == clean)
        #expect(TextCleaning.clean("a\u{FEFF}b\u{200E}c\u{85}d\u{7F}e") == "abcde")
        #expect(TextCleaning.clean("a\u{1B}b", replacement: "\u{FFFD}") == "a\u{FFFD}b")
        #expect(TextCleaning.clean("one\r\ntwo\rthree\u{2028}four\tfive") == "one\ntwo\nthree\nfour five")
        #expect(TextCleaning.width("漢字ab") == 6)
    }
}
