import Foundation

/// An Excel workbook (.xlsx: a zip of XML parts) read for its tables: sheets by name, shared
/// and inline strings, numbers, booleans, and numbers formatted as dates turned into ISO dates.
struct XLSXWorkbook {
    let file: String
    private var archive: ArchiveReader
    private let limits: ImportLimits
    /// Sheet name → part path (`xl/worksheets/sheet1.xml`), in workbook order.
    let sheets: [(name: String, path: String)]
    private var sharedStrings: [String] = []
    /// Style index → whether it formats a number as a date.
    private var dateStyles: [Bool] = []
    private var date1904 = false

    init(path: String, limits: ImportLimits) throws(ImportError) {
        file = path
        self.limits = limits
        archive = try ArchiveReader(path: path, displayName: path, limits: limits)
        let workbook = try Self.part(&archive, "xl/workbook.xml", required: true, limits: limits)!
        date1904 = workbook.child("workbookPr").map { ["1", "true"].contains($0["date1904"] ?? "") } ?? false
        var targets: [String: String] = [:]
        if let rels = try Self.part(&archive, "xl/_rels/workbook.xml.rels", required: false, limits: limits) {
            for r in rels.children("Relationship") {
                guard let id = r["Id"], let target = r["Target"] else { continue }
                targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        var list: [(String, String)] = []
        for (n, sheet) in (workbook.child("sheets")?.children("sheet") ?? []).enumerated() {
            let id = sheet.attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") || $0.key == "id" }?.value ?? ""
            list.append((sheet["name"] ?? "Sheet\(n + 1)", targets[id] ?? "xl/worksheets/sheet\(n + 1).xml"))
        }
        sheets = list
        if let shared = try Self.part(&archive, "xl/sharedStrings.xml", required: false, limits: limits) {
            sharedStrings = shared.children("si").map(Self.richText)
        }
        if let styles = try Self.part(&archive, "xl/styles.xml", required: false, limits: limits) {
            var custom: [Int: String] = [:]
            for format in styles.child("numFmts")?.children("numFmt") ?? [] {
                if let id = format["numFmtId"].flatMap({ Int($0) }) { custom[id] = format["formatCode"] ?? "" }
            }
            dateStyles = (styles.child("cellXfs")?.children("xf") ?? []).map { xf in
                guard let id = xf["numFmtId"].flatMap({ Int($0) }) else { return false }
                return Self.isDateFormat(id: id, code: custom[id])
            }
        }
    }

    /// The sheet named `name` (without regard to case), as a table.
    mutating func table(named name: String) throws(ImportError) -> SheetTable? {
        guard let sheet = sheets.first(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
        return try table(sheet)
    }

    mutating func table(_ sheet: (name: String, path: String)) throws(ImportError) -> SheetTable {
        guard let root = try Self.part(&archive, sheet.path, required: true, limits: limits) else {
            throw ImportError(.invalid, file: file, "the sheet '\(sheet.name)' is missing from the workbook")
        }
        var rows: [SheetTable.Row] = []
        var next = 1
        for row in root.child("sheetData")?.children("row") ?? [] {
            let number = row["r"].flatMap { Int($0) } ?? next
            next = number + 1
            guard number <= limits.maximumRows else {
                throw ImportError(.invalid, file: file, at: "sheet '\(sheet.name)', row \(number)", "the sheet has more than \(limits.maximumRows) rows",
                                  suggestion: "split it into several sheets")
            }
            var cells: [SheetTable.Cell] = []
            for (n, c) in row.children("c").enumerated() {
                let column = c["r"].flatMap { ref in SheetTable.index(letters: ref.prefix { $0.isLetter }) } ?? cells.count
                guard column < limits.maximumColumns else {
                    throw ImportError(.invalid, file: file, at: "sheet '\(sheet.name)', row \(number)",
                                      "a cell is in column \(SheetTable.letters(min(column, 1 << 20))), beyond the \(limits.maximumColumns) columns read",
                                      suggestion: "delete the far cells, or check that this is a table of quotes or storytellers")
                }
                _ = n
                while cells.count <= column { cells.append(.empty) }
                cells[column] = try value(c, sheet: sheet.name, row: number, column: column)
            }
            if cells.allSatisfy(\.isBlank) { continue }
            rows.append(SheetTable.Row(number: number, cells: cells))
        }
        guard let first = rows.first else {
            throw ImportError(.invalid, file: file, at: "sheet '\(sheet.name)'", "the sheet is empty", suggestion: "the first row names the columns")
        }
        var table = SheetTable(file: file, sheet: sheet.name, header: first.cells.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) },
                               rows: Array(rows.dropFirst()))
        table.headerRow = first.number
        return table
    }

    private func value(_ c: XMLElement, sheet: String, row: Int, column: Int) throws(ImportError) -> SheetTable.Cell {
        let v = c.child("v")?.text ?? ""
        func fail(_ message: String) -> ImportError {
            ImportError(.invalid, file: file, at: "sheet '\(sheet)', row \(row), column \(SheetTable.letters(column))", message,
                        suggestion: "correct the cell in the workbook")
        }
        switch c["t"] ?? "n" {
        case "s":
            guard let index = Int(v.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else {
                throw fail("the cell refers to shared string \(v), which the workbook does not have")
            }
            return sharedStrings[index].isEmpty ? .empty : .text(sharedStrings[index])
        case "inlineStr":
            let text = c.child("is").map(Self.richText) ?? ""
            return text.isEmpty ? .empty : .text(text)
        case "str":
            return v.isEmpty ? .empty : .text(v)
        case "b":
            return .bool(v.trimmingCharacters(in: .whitespaces) == "1")
        case "e":
            throw fail("the cell holds an Excel error (\(v))")
        case "d":
            return v.isEmpty ? .empty : .date(v)
        default:
            let trimmed = v.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return .empty }
            guard let number = Double(trimmed), number.isFinite else { throw fail("the cell's number '\(v)' cannot be read") }
            if let style = c["s"].flatMap({ Int($0) }), dateStyles.indices.contains(style), dateStyles[style] {
                return .date(Self.isoDate(serial: number, date1904: date1904))
            }
            return .number(number)
        }
    }

    /// A string item's text: its `t`, or the `t` of each run (phonetic runs left out).
    static func richText(_ e: XMLElement) -> String {
        if let t = e.child("t") { return t.text }
        return e.children("r").compactMap { $0.child("t")?.text }.joined()
    }

    /// Whether a number format shows a date: the built-in date formats, or a format code with
    /// a day or year in it (outside quoted text and [colour] sections).
    static func isDateFormat(id: Int, code: String?) -> Bool {
        if (14 ... 22).contains(id) || (27 ... 36).contains(id) || (45 ... 47).contains(id) || (50 ... 58).contains(id) { return true }
        guard let code else { return false }
        var plain = ""
        var inQuote = false, inBracket = false, escaped = false
        for ch in code {
            if escaped { escaped = false; continue }
            switch ch {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "[" where !inQuote: inBracket = true
            case "]" where !inQuote: inBracket = false
            default: if !inQuote && !inBracket { plain.append(ch) }
            }
        }
        let lower = plain.lowercased()
        return lower.contains("d") || lower.contains("y")
    }

    /// An Excel date serial as an ISO date (with the time when it has one).
    static func isoDate(serial: Double, date1904: Bool) -> String {
        // Day 0 of the 1900 system is 1899-12-30 for every date after the 1900-02-29 that
        // Excel counts (and that never was); the 1904 system starts 1904-01-01.
        var days = serial
        if !date1904, serial < 61 { days += 1 }
        let offset = date1904 ? -24107.0 : -25569.0
        let seconds = ((days + offset) * 86400).rounded()
        let date = Date(timeIntervalSince1970: seconds)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let s = String(n ?? 0); return s.count < 2 ? "0" + s : s }
        var text = String(format: "%04d", c.year ?? 0) + "-" + two(c.month) + "-" + two(c.day)
        if (c.hour ?? 0) != 0 || (c.minute ?? 0) != 0 || (c.second ?? 0) != 0 {
            text += "T" + two(c.hour) + ":" + two(c.minute) + ":" + two(c.second)
        }
        return text
    }

    private static func part(_ archive: inout ArchiveReader, _ path: String, required: Bool, limits: ImportLimits) throws(ImportError) -> XMLElement? {
        guard let entry = archive.entry(path, caseless: true) else {
            if required {
                throw ImportError(.invalid, file: archive.file, "the workbook has no \(path)",
                                  suggestion: "save the file again from Excel or LibreOffice as an .xlsx workbook")
            }
            return nil
        }
        let data = try archive.read(entry)
        do {
            return try XMLTree.parse(data, maximumDepth: limits.maximumDepth)
        } catch {
            throw ImportError(kind: .invalid, problems: [.init(file: archive.file + "/" + path, pointer: "", line: error.line, message: error.message,
                                                               suggestion: "save the file again from Excel or LibreOffice")])
        }
    }
}
