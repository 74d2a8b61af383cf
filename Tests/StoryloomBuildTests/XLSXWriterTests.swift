import Foundation
import StoryloomShared
import Testing
@testable import StoryloomBuild

/// The workbook writer's rules that no reader would show: sheet names Excel accepts, cells cut
/// at Excel's limit, and results made sheets.
@Suite struct XLSXWriterTests {
    @Test func sheetNamesAreOnesExcelAccepts() {
        let names = XLSXWriter.sheetNames([
            "who-told", "Who-Told", "a[b]c:d*e?f/g\\h", "'quoted'", "", "history",
            String(repeating: "long name ", count: 5), String(repeating: "long name ", count: 5), "tab\there\u{202E}",
        ])
        #expect(names == [
            "who-told", "Who-Told (2)", "a-b-c-d-e-f-g-h", "quoted", "Sheet", "Sheet history",
            "long name long name long name l", "long name long name long na (2)", "tab here",
        ])
        #expect(names.allSatisfy { $0.utf16.count <= 31 })
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
    }

    @Test func columnsAreLettered() {
        #expect([0, 25, 26, 51, 52, 701, 702, 16_383].map(XLSXWriter.column) == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"])
    }

    @Test func textIsEscapedAndCut() {
        #expect(XLSXWriter.escape("<a & b>\u{1B}[0m\u{FFFE}\r\nx") == "&lt;a &amp; b&gt;[0m\nx")
        #expect(XLSXWriter.escape("say \"hi\"\n", attribute: true) == "say &quot;hi&quot;&#10;")
        #expect(XLSXWriter.number(64) == "64" && XLSXWriter.number(0.125) == "0.125" && XLSXWriter.number(1e-7) == "1E-07")
    }

    @Test func resultsBecomeSheets() {
        let table = PlainValue.record([("columns", .array([.string("a"), .string("b")])),
                                       ("rows", .array([.record([("a", .integer(1)), ("b", .string("x"))])]))])
        #expect(ResultFormatting.sheet(table, name: "t").rows == [[.text("a"), .text("b")], [.number(1), .text("x")]])
        let object = PlainValue.record([("total", .integer(3)), ("nested", .array([.integer(1)]))])
        #expect(ResultFormatting.sheet(object, name: "o").rows == [[.text("key"), .text("value")], [.text("nested"), .text("[1]")], [.text("total"), .number(3)]])
        #expect(ResultFormatting.sheet(.number(.infinity), name: "n").rows == [[.text("value")], [.empty]])
    }

    @Test func theSameSheetsGiveTheSameBytes() throws {
        let sheets = [XLSXWriter.Sheet(name: "a", rows: [[.text("x"), .number(2.5), .bool(true), .empty]])]
        let bytes = try XLSXWriter(sheets: sheets).bytes()
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(try XLSXWriter(sheets: sheets).bytes() == bytes)
        #expect(try XLSXWriter(sheets: []).bytes().count > 0, "no sheets: one empty sheet, as Excel needs one")
    }

    @Test func aSheetLargerThanExcelHoldsIsRefused() {
        let wide = XLSXWriter.Sheet(name: "wide", rows: [[XLSXWriter.Cell](repeating: .number(1), count: XLSXWriter.maximumColumns + 1)])
        #expect(throws: XLSXWriter.TooLarge.self) { try XLSXWriter(sheets: [wide]).bytes() }
    }
}
