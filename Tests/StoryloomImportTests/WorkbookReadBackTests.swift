import Foundation
import StoryloomBuild
import Testing
@testable import StoryloomImport

/// Workbooks Storyloom writes, read back by the reader its imports use.
@Suite struct WorkbookReadBackTests {
    @Test func theImportReaderReadsWhatTheWriterWrote() throws {
        let long = String(repeating: "word ", count: 8000)
        let sheets = [
            XLSXWriter.Sheet(name: "Quotes", rows: [
                [.text("id"), .text("text"), .text("count"), .text("key")],
                [.text("q1"), .text("=SUM(A1:A9) <b>&</b>\u{1B}[31m"), .number(64), .bool(true)],
                [.text("q2"), .text(long), .number(-0.25), .bool(false)],
                [.text("q3"), .empty, .number(1e20), .empty],
            ]),
            XLSXWriter.Sheet(name: "who-told", rows: [[.text("label"), .text("percent")], [.text("Research"), .number(64)]]),
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-\(UUID().uuidString).xlsx")
        try XLSXWriter(sheets: sheets).bytes().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        var workbook = try XLSXWorkbook(path: file.path, limits: ImportLimits())
        #expect(workbook.sheets.map(\.name) == ["Quotes", "who-told"])
        let quotes = try #require(try workbook.table(named: "Quotes"))
        #expect(quotes.header == ["id", "text", "count", "key"])
        #expect(quotes.rows.count == 3)
        #expect(quotes.rows[0].cells == [.text("q1"), .text("=SUM(A1:A9) <b>&</b>[31m"), .number(64), .bool(true)])
        // Past Excel's 32,767 characters a cell is cut, and says so.
        guard case let .text(cut) = quotes.rows[1].cells[1] else {
            Issue.record("the long text is not text")
            return
        }
        #expect(cut.utf16.count == 32_767 && cut.hasSuffix("…") && long.hasPrefix(String(cut.dropLast())))
        #expect(quotes.rows[1].cells[2] == .number(-0.25) && quotes.rows[1].cells[3] == .bool(false))
        #expect(quotes.rows[2].cells[0] == .text("q3") && quotes.rows[2].cells[1] == .empty && quotes.rows[2].cells[2] == .number(1e20))
        let whoTold = try #require(try workbook.table(named: "who-told"))
        #expect(whoTold.rows.map(\.cells) == [[.text("Research"), .number(64)]])
    }
}
