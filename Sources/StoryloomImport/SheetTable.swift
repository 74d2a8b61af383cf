import StoryloomCorpus

/// One table of a spreadsheet (a CSV file, or one sheet of a workbook): a header row and the
/// rows under it, each with the row number the spreadsheet program shows, so every message
/// can say "row 7, column E (themes)".
struct SheetTable {
    enum Cell: Equatable {
        case empty
        case text(String)
        case number(Double)
        case bool(Bool)
        /// An ISO 8601 date (or date and time), from a cell formatted as a date.
        case date(String)

        /// The cell as the text a person sees in it.
        var text: String {
            switch self {
            case .empty: ""
            case let .text(s): s
            case let .number(n): formatNumber(n)
            case let .bool(b): b ? "true" : "false"
            case let .date(d): d
            }
        }

        var isBlank: Bool { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    struct Row {
        var number: Int
        var cells: [Cell]

        subscript(column: Int?) -> Cell {
            guard let column, column < cells.count else { return .empty }
            return cells[column]
        }
    }

    /// The file as the user named it.
    var file: String
    /// The sheet's name, for a workbook.
    var sheet: String?
    var header: [String]
    /// The header's row number (1 unless blank rows come first).
    var headerRow = 1
    var rows: [Row]

    /// `A`, `B`, ... `Z`, `AA`: the column's letters as spreadsheet programs show them.
    static func letters(_ index: Int) -> String {
        var n = index + 1
        var out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    /// The index of a column given as letters (`E` → 4), or nil.
    static func index(letters: some StringProtocol) -> Int? {
        var n = 0
        for c in letters.uppercased().unicodeScalars {
            guard (65 ... 90).contains(c.value) else { return nil }
            n = n * 26 + Int(c.value - 64)
            if n > 1 << 20 { return nil }
        }
        return n > 0 ? n - 1 : nil
    }

    /// "row 7, column E (themes)", with the sheet for a workbook.
    func place(row: Int, column: Int? = nil) -> String {
        var text = sheet.map { "sheet '\($0)', " } ?? ""
        text += "row \(row)"
        if let column {
            text += ", column \(Self.letters(column))"
            if column < header.count, !header[column].isEmpty { text += " (\(header[column]))" }
        }
        return text
    }

    /// The column whose header is one of `names` (compared without regard to case or spaces).
    func column(_ names: String...) -> Int? {
        let wanted = Set(names.map(Self.fold))
        return header.firstIndex { wanted.contains(Self.fold($0)) }
    }

    static func fold(_ name: String) -> String {
        name.lowercased().filter { !$0.isWhitespace && $0 != "_" && $0 != "-" }
    }
}
