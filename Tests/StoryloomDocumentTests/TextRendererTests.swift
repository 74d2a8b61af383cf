import Testing
@testable import StoryloomDocument

/// A small report with a heading, a wrapped paragraph with a link, a quote, a list and a table.
func smallDocument() throws -> Document {
    let b = DocumentBuilder(title: "Community Reporting")
    try b.heading(1, "Findings")
    b.paragraph("People told us that working together changed how services were planned, and that being listened to "
        + "mattered more than any single result. See [the study](https://example.org/study).")
    b.addQuote("It felt like we were finally part of the conversation, not an afterthought.", attribution: "A storyteller")
    b.list(["Research and policy people met as equals.", "Time to build trust was the biggest cost of all."], ordered: false)
    try b.table(header: ["Sector", "Share"], rows: [["Research", "64%"], ["Services", "63%"]], alignments: ["left", "right"], caption: nil)
    return try b.finish()
}

@Suite struct TextRendererTests {
    @Test func wrapsAt80Columns() throws {
        let text = TextRenderer(options: RenderOptions(width: 80)).render(try smallDocument())
        #expect(text == """
        Community Reporting
        ===================

        Findings
        ========

        People told us that working together changed how services were planned, and that
        being listened to mattered more than any single result. See the study[1].

            “It felt like we were finally part of the conversation, not an
             afterthought.”
              — A storyteller

        - Research and policy people met as equals.
        - Time to build trust was the biggest cost of all.

        Sector    Share
        --------  -----
        Research    64%
        Services    63%

        [1] https://example.org/study

        """)
    }

    @Test func wrapsAt40Columns() throws {
        let text = TextRenderer(options: RenderOptions(width: 40)).render(try smallDocument())
        #expect(text == """
        Community Reporting
        ===================

        Findings
        ========

        People told us that working together
        changed how services were planned, and
        that being listened to mattered more
        than any single result. See the
        study[1].

            “It felt like we were finally part
             of the conversation, not an
             afterthought.”
              — A storyteller

        - Research and policy people met as
          equals.
        - Time to build trust was the biggest
          cost of all.

        Sector    Share
        --------  -----
        Research    64%
        Services    63%

        [1] https://example.org/study

        """)
    }

    @Test func cutsOnlyWordsWiderThanTheLine() {
        #expect(TextWrap.wrap("aaa bbbbbbbbbbbb cc", width: 5) == ["aaa", "bbbbb", "bbbbb", "bb cc"])
        #expect(TextWrap.wrap("one two three", width: 7, first: "- ", rest: "  ") == ["- one", "  two", "  three"])
        #expect(TextWrap.wrap("first\nsecond", width: 40) == ["first", "second"], "a line break is kept")
    }

    @Test func measuresWideAndCombiningCharacters() {
        #expect(TextCleaning.width("abc") == 3)
        #expect(TextCleaning.width("日本") == 4)
        #expect(TextCleaning.width("e\u{301}te\u{301}") == 3, "combining accents take no column")
        #expect(TextCleaning.width("a\u{200D}b") == 2, "a zero-width joiner takes no column")
        #expect(TextWrap.wrap("日本語 日本語", width: 7) == ["日本語", "日本語"])
        // A word or a character measured in place agrees with the same text as a String.
        for text in ["abc", "日本", "e\u{301}t", "a\u{200D}b", "\u{1F600}x", "tab\there"] {
            #expect(TextCleaning.width(Substring(text)) == TextCleaning.width(text), "\(text)")
            #expect(text.reduce(0) { $0 + TextCleaning.width($1) } == TextCleaning.width(text), "\(text)")
        }
        #expect(TextWrap.wrap("日本語日本語", width: 5) == ["日本", "語日", "本語"], "a wide word is cut by columns")
    }

    @Test func theQuickScanFindsExactlyWhatCleaningChanges() {
        // What `clean` removes or replaces, by scalar: the scan of bytes must agree with it.
        func reference(_ text: String) -> Bool {
            text.unicodeScalars.contains { scalar in
                let v = scalar.value
                return (v < 0x20 && v != 0x0A) || (0x7F ..< 0xA0).contains(v) || [0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0xFEFF].contains(v)
                    || (0x202A ... 0x202E).contains(v) || (0x2066 ... 0x2069).contains(v)
            }
        }
        let near: [UInt32] = [0x09, 0x0A, 0x0D, 0x1B, 0x20, 0x7E, 0x7F, 0x80, 0x9F, 0xA0, 0xE9, 0x061B, 0x061C, 0x061D, 0x200D, 0x200E,
                              0x200F, 0x2010, 0x2027, 0x2028, 0x2029, 0x202A, 0x202E, 0x202F, 0x2065, 0x2066, 0x2069, 0x206A,
                              0xFEFE, 0xFEFF, 0xFFFD, 0x1F600]
        for value in near {
            let scalar = String(Unicode.Scalar(value)!)
            for text in [scalar, "a" + scalar, scalar + "b", "日本" + scalar + "é"] {
                #expect(TextCleaning.needsCleaning(text) == reference(text), "U+\(String(value, radix: 16)) in \(text.debugDescription)")
            }
        }
    }

    @Test func linesSplitAsCharactersDo() {
        // Found among the bytes, the lines must be the ones a walk of the characters finds:
        // with a carriage return before a line feed (one character), a mark after one, and ends.
        for text in ["", "\n", "a\nb", "a\n\nb\n", "a\r\nb\nc", "\r\n", "a\n\u{301}b", "é\n日本\n", "x\r"] {
            let expected = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(TextCleaning.lines(text).map(String.init) == expected, "\(text.debugDescription)")
            #expect(TextCleaning.lines(text[...]).map(String.init) == expected, "\(text.debugDescription) as a substring")
        }
    }

    @Test func wordsSplitAsCharactersDo() {
        // A space is a word break only where it is a character of its own: not before a
        // combining mark, a spacing mark, a joiner or a variation selector, nor after a prepended
        // mark; around ASCII and most other letters it is.
        let around: [UInt32] = [0x41, 0x2E, 0xE9, 0x201C, 0x301, 0x903, 0x0E33, 0x200D, 0x200C, 0xFE0F, 0x1F3FB, 0x1F600, 0x0600, 0x0D4E,
                                0x0D, 0x0A, 0x1100, 0x1161, 0x1F1E6, 0xFF9E]
        for a in around {
            for b in around {
                let x = String(Unicode.Scalar(a)!), y = String(Unicode.Scalar(b)!)
                for text in ["\(x) \(y)", "w\(x)  \(y)w", " \(x) \(y) ", "\(x)\(y) w \(y)\(x)"] {
                    let expected = text[...].split(separator: " ").map(String.init)
                    #expect(TextCleaning.words(text[...]).map(String.init) == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
                }
            }
        }
    }

    @Test func noLineIsWiderThanTheWidth() throws {
        var document = try sampleDocument()
        document.blocks.append(.paragraph([.text(String(repeating: "long", count: 40)), .link(text: [.text("x")], url: "https://example.org/" + String(repeating: "p", count: 120))]))
        for width in [40, 80] {
            let text = TextRenderer(options: RenderOptions(width: width)).render(document)
            for line in text.split(separator: "\n") {
                #expect(TextCleaning.width(String(line)) <= width, "\(width): \(line)")
            }
        }
    }

    @Test func noControlCharacterReachesTheText() throws {
        var options = RenderOptions()
        options.textHeader = ["Brand \u{1B}]0;title\u{07}"]
        options.textFooter = ["Footer \u{85}\u{9B}"]
        let text = TextRenderer(options: options).render(try sampleDocument())
        for forbidden in controlCharacters { #expect(!text.contains(forbidden), "\(forbidden.unicodeScalars.first!.value)") }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            #expect(v == 0x0A || !(v < 0x20 || (0x7F ... 0x9F).contains(v) || (0x202A ... 0x202E).contains(v) || (0x2066 ... 0x2069).contains(v)),
                    "U+\(String(v, radix: 16))")
        }
        #expect(text.contains("[31mred"), "the printable rest of an escape sequence stays, harmless")
        #expect(text.contains("[1] https://example.org/a?b=1&c=2"))
    }

    @Test func drawsChartsGraphsAndCallouts() throws {
        let text = TextRenderer().render(try sampleDocument())
        #expect(text.contains("Sector\n  Research                       " + String(repeating: "█", count: 26) + " 64%\n"), "bars are drawn, labels aligned")
        #expect(text.contains("  <script>alert(\"x\")</script> i… " + String(repeating: "█", count: 18) + " 43.5%\n"), "long labels are shortened")
        #expect(text.contains("  | KEY FINDING\n"))
        #expect(text.contains("    - Trust \"matters\" in C:\\work (12 stories)\n"), "a node's line end is a space")
        #expect(text.contains("  Also:\n    - Research, linked to Research; Research + Policy + Services\n"))
        #expect(text.contains("Policy + Services"))
        #expect(text.contains("Figure: Where findings sit"))
        #expect(text.contains("1  Who told the stories?\n  1.1  Who told the stories?\n2  Figures"), "the contents are numbered")
    }

    @Test func barsAreScaledToTheWidth() throws {
        let b = DocumentBuilder(title: "Chart")
        try b.figure(id: "c", content: .barChart(BarChart(unit: "%", maximum: 100, bars: [.init(label: "All", value: 100), .init(label: "Half", value: 50)])),
                     caption: "", alt: "bars")
        let lines = TextRenderer(options: RenderOptions(width: 40)).render(try b.finish()).split(separator: "\n").map(String.init)
        // 40 columns: 2 indent, 4 label, 1 space, bar, 1 space, 4 value → 28 for the bar.
        #expect(lines.contains("  All  " + String(repeating: "█", count: 28) + " 100%"))
        #expect(lines.contains("  Half " + String(repeating: "█", count: 14) + " 50%"))
    }
}
