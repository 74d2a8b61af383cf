import Foundation
import StoryloomCorpus
import Testing
@testable import StoryloomImport

@Suite struct SpreadsheetImportTests {
    @Test func aCSVAsExcelWritesIt() throws {
        let result = try Importer.run(path: Fixture.path("excel-quotes.csv"), storytellers: Fixture.path("excel-people.csv"),
                                      map: try Fixture.map("title: From Excel"))
        let corpus = try CorpusLoader.load(bytes: Array(result.json.utf8), file: "x.json", form: .json)
        #expect(corpus.quotes.map(\.text) == ["We learnt\ntogether, \"always\"", "Second one", " Third, with a comma "])
        #expect(corpus.quotes.map(\.id) == ["q1", "quote-0001", "quote-0002"])
        #expect(corpus.quotes.map(\.key) == [true, false, true])
        #expect(corpus.quotes[1].note == "a memo; with a semicolon")
        #expect(corpus.themes.map(\.id) == ["trust", "trust.early-days", "impacts", "impacts.on-individuals", "impacts.on-individuals.wellbeing"])
        #expect(corpus.quotes[1].themes == [corpus.theme(id: "trust")!])
        #expect(corpus.stories.map(\.id) == ["s1", "s2"])
        #expect(corpus.stories[0].recorded == "2022-05-01")
        #expect(corpus.storytellers[0].attribute("age") == .number(54))
        #expect(corpus.storytellers[0].attribute("carer") == .bool(true))
        #expect(corpus.storytellers[0].sectors.map { corpus.vocabularies.sectors[$0].id } == ["research", "policy"])
        #expect(corpus.vocabularies.roles.map(\.id) == ["lived-experience", "facilitator"])
        #expect(result.warnings.isEmpty, "\(result.warnings)")
    }

    @Test func aBadRowIsNamedByFileRowAndColumn() throws {
        do {
            _ = try Importer.run(path: Fixture.path("bad-row.csv"))
            Issue.record("the import should have failed")
        } catch {
            let lines = error.problems.filter { !$0.isWarning }.map(\.description)
            let file = Fixture.path("bad-row.csv")
            #expect(lines.contains("\(file): error at row 3, column A (id): the id 'q1' is used again (first on row 2); ids must be unique; leave the cell empty to have one made"), "\(lines)")
            #expect(lines.contains { $0.hasPrefix("\(file): error at row 3, column F (key): 'maybe' is not yes or no") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("\(file): error at row 4, column B (story): the quote names no story") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("\(file): error at row 4, column D (text): the quote has no text") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("\(file): error at row 4, column E (themes): the theme path 'Trust >' has an empty step") }, "\(lines)")
        }
    }

    @Test func anUnclosedQuoteIsFoundAtItsRow() throws {
        let file = try Fixture.temporary().appendingPathComponent("open.csv")
        try Data("story,text\ns1,fine\ns1,\"never closed\ns2,more\n".utf8).write(to: file)
        do {
            _ = try Importer.run(path: file.path)
            Issue.record("the import should have failed")
        } catch {
            #expect(error.text.contains("error at row 3, column B (text): a quoted cell opens here and is never closed"), "\(error.text)")
        }
    }

    @Test func storytellersNamedInQuotesMustExist() throws {
        let folder = try Fixture.temporary()
        try Data("story,storytellers,text\ns1,p1;p2x,hello\n".utf8).write(to: folder.appendingPathComponent("q.csv"))
        try Data("id,sectors\np1,research\np2,policy\n".utf8).write(to: folder.appendingPathComponent("p.csv"))
        do {
            _ = try Importer.run(path: folder.appendingPathComponent("q.csv").path, storytellers: folder.appendingPathComponent("p.csv").path)
            Issue.record("the import should have failed")
        } catch {
            #expect(error.text.contains("row 2, column B (storytellers): no storyteller has the id 'p2x'; did you mean 'p2'?"), "\(error.text)")
        }
    }

    @Test func aFrameChecksThemesAndVocabularies() throws {
        let folder = try Fixture.temporary()
        try Data("story,storytellers,text,themes\ns1,p1,hello,learning.co;Trust & safety\ns1,p1,bye,lerning\n".utf8)
            .write(to: folder.appendingPathComponent("q.csv"))
        let map = try Fixture.map("frame: \(Fixture.path("small-corpus.json"))")
        do {
            _ = try Importer.run(path: folder.appendingPathComponent("q.csv").path, map: map)
            Issue.record("the import should have failed")
        } catch {
            #expect(error.errorCount == 1)
            #expect(error.text.contains("row 3, column D (themes): no theme of the frame has the id or title 'lerning'; did you mean 'learning'?"), "\(error.text)")
        }
    }

    @Test func anExcelWorkbook() throws {
        let workbook = """
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
        <sheets><sheet name="Quotes" sheetId="1" r:id="rId1"/><sheet name="storytellers" sheetId="2" r:id="rId2"/></sheets></workbook>
        """
        let rels = """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>
        <Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>
        """
        let shared = """
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <si><t>story</t></si><si><t>text</t></si><si><t>recorded</t></si><si><t>key</t></si><si><t>storytellers</t></si>
        <si><r><t>We learnt </t></r><r><rPr><b/></rPr><t xml:space="preserve">together</t></r></si>
        <si><t>id</t></si><si><t>attr:age</t></si></sst>
        """
        let styles = """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>
        <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>
        """
        let sheet1 = """
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>
        <row r="2"><c r="A2"><v>7</v></c><c r="B2" t="s"><v>5</v></c><c r="C2" s="1"><v>44682</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="inlineStr"><is><t>p1</t></is></c></row>
        <row r="3"><c r="A3"><v>7</v></c><c r="B3" t="inlineStr"><is><t>Inline words</t></is></c><c r="C3" s="2"><v>44682</v></c><c r="E3" t="str"><v>p1</v></c></row>
        <row r="9"><c r="A9" t="inlineStr"><is><t></t></is></c></row>
        </sheetData></worksheet>
        """
        let sheet2 = """
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        <row r="1"><c r="A1" t="s"><v>6</v></c><c r="B1" t="s"><v>7</v></c></row>
        <row r="2"><c r="A2" t="inlineStr"><is><t>p1</t></is></c><c r="B2"><v>54.5</v></c></row>
        </sheetData></worksheet>
        """
        let path = try Fixture.zip([("xl/workbook.xml", Data(workbook.utf8)), ("xl/_rels/workbook.xml.rels", Data(rels.utf8)),
                                    ("xl/sharedStrings.xml", Data(shared.utf8)), ("xl/styles.xml", Data(styles.utf8)),
                                    ("xl/worksheets/sheet1.xml", Data(sheet1.utf8)), ("xl/worksheets/sheet2.xml", Data(sheet2.utf8))],
                                   name: "coding.xlsx")
        let result = try Importer.run(path: path)
        let corpus = try CorpusLoader.load(bytes: Array(result.json.utf8), file: "x.json", form: .json)
        #expect(corpus.stories.map(\.id) == ["7"])
        #expect(corpus.stories[0].recorded == "2022-05-01")
        #expect(corpus.quotes.map(\.text) == ["We learnt together", "Inline words"])
        #expect(corpus.quotes.map(\.key) == [true, false])
        #expect(corpus.storytellers[0].attribute("age") == .number(54.5))
    }

    @Test func excelDates() {
        #expect(XLSXWorkbook.isoDate(serial: 1, date1904: false) == "1900-01-01")
        #expect(XLSXWorkbook.isoDate(serial: 59, date1904: false) == "1900-02-28")
        #expect(XLSXWorkbook.isoDate(serial: 61, date1904: false) == "1900-03-01")
        #expect(XLSXWorkbook.isoDate(serial: 44682, date1904: false) == "2022-05-01")
        #expect(XLSXWorkbook.isoDate(serial: 44682.5, date1904: false) == "2022-05-01T12:00:00")
        #expect(XLSXWorkbook.isoDate(serial: 0, date1904: true) == "1904-01-01")
        #expect(XLSXWorkbook.isDateFormat(id: 0, code: "\"d\"0.00") == false)
        #expect(XLSXWorkbook.isDateFormat(id: 165, code: "[$-409]d-mmm-yy") == true)
    }

    @Test func theDelimiterIsToldFromTheHeader() {
        #expect(CSVTable.sniff("a;b;c\n1,2;3") == ";")
        #expect(CSVTable.sniff("a,b,c\n") == ",")
        #expect(CSVTable.sniff("a\tb\n") == "\t")
        #expect(CSVTable.sniff("\"x;y\",b,c\n") == ",")
        #expect(CSVTable.sniff("single\n") == ",")
    }
}

@Suite struct MapFileTests {
    @Test func unknownKeysAreLocatedWithASuggestion() {
        do {
            _ = try ImportMap.parse("title: T\nkeep_name: true\npositions: utf-8\nvocabularies:\n  Sector: sector\n  Area: areas\n", file: "m.yml")
            Issue.record("the map should have been refused")
        } catch {
            #expect(error.text.contains("m.yml:2:1: error at /keep_name: unknown key 'keep_name'; did you mean 'keep_names'?"), "\(error.text)")
            #expect(error.text.contains("m.yml:3:12: error at /positions: unknown way of counting positions 'utf-8'"), "\(error.text)")
            #expect(error.text.contains("m.yml:6:9: error at /vocabularies/Area: unknown vocabulary 'areas'"), "\(error.text)")
        }
    }

    @Test func scalarSlicesAndReadings() {
        let text = ScalarText("a\r\n😀b")
        #expect(text.slice(3, 5) == "😀b")
        #expect(text.slice(2, 4, reading: .crlfAsOne) == "😀b")
        #expect(text.slice(3, 6, reading: .utf16) == "😀b")
        #expect(text.slice(4, 6, reading: .utf16) == nil)  // inside the surrogate pair
        #expect(text.slice(5, 9) == nil)
    }

    @Test func guidsAreStableVersion5UUIDs() {
        #expect(SHA1.digest(Array("abc".utf8)).map { String(format: "%02x", $0) }.joined() == "a9993e364706816aba3e25717850c26c9cd0d89d")
        let guid = NameUUID.guid("theme", "trust")
        #expect(guid == NameUUID.guid("theme", "trust"))
        #expect(guid != NameUUID.guid("story", "trust"))
        #expect(Array(guid)[14] == "5")
    }
}
