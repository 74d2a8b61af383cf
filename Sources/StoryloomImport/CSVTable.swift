import CSV
import Foundation

/// A CSV file as spreadsheet programs write it: UTF-8 with or without a byte-order mark (or
/// UTF-16 from Excel's "Unicode text"), comma, semicolon or tab between cells (told from the
/// header row), quoted cells holding line breaks, CRLF line ends, blank rows at the end.
/// The cells are read by CSV.swift.
enum CSVTable {
    static func read(path: String, limits: ImportLimits) throws(ImportError) -> SheetTable {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError(.unreadable, file: path, "cannot read the file", suggestion: "check that it exists and you may read it")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: Int(limits.maximumEntryBytes) + 1) ?? Data()
        } catch {
            throw ImportError(.unreadable, file: path, "cannot read the file (\(error.localizedDescription))")
        }
        guard data.count <= limits.maximumEntryBytes else {
            throw ImportError(.invalid, file: path, "the file is larger than \(ArchiveReader.megabytes(limits.maximumEntryBytes))",
                              suggestion: "split it into several files")
        }
        return try parse(data, file: path, limits: limits)
    }

    static func parse(_ data: Data, file: String, limits: ImportLimits) throws(ImportError) -> SheetTable {
        let text: String
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            guard let decoded = String(data: data, encoding: .utf16) else {
                throw ImportError(.invalid, file: file, "the file starts as UTF-16 but is not valid UTF-16", suggestion: "save it as CSV UTF-8")
            }
            text = decoded
        } else {
            let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data
            guard let decoded = String(data: body, encoding: .utf8) else {
                let offset = UTF8Check.firstInvalidByte(body) ?? 0
                throw ImportError(.invalid, file: file, "the file is not UTF-8 (the byte at offset \(offset) is not)",
                                  suggestion: "save it as \"CSV UTF-8\" (Excel) or with UTF-8 encoding")
            }
            text = decoded
        }
        let content = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let delimiter = sniff(content)
        let reader: CSVReader
        do {
            reader = try CSVReader(string: content, hasHeaderRow: false, trimFields: false, delimiter: delimiter)
        } catch {
            throw ImportError(.invalid, file: file, "the file cannot be read as CSV (\(error))")
        }
        var header: [String]?
        var headerRow = 1
        var rows: [SheetTable.Row] = []
        var number = 0
        while let cells = reader.next() {
            number += 1
            if number > limits.maximumRows {
                throw ImportError(.invalid, file: file, at: "row \(number)", "the file has more than \(limits.maximumRows) rows",
                                  suggestion: "split it into several files")
            }
            if cells.count > limits.maximumColumns {
                throw ImportError(.invalid, file: file, at: "row \(number)", "the row has \(cells.count) cells, more than \(limits.maximumColumns)",
                                  suggestion: "check that this is a table of quotes or storytellers")
            }
            // Blank rows (Excel leaves them at the end) are skipped wherever they are.
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { continue }
            if header == nil {
                header = cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                headerRow = number
                continue
            }
            // A line break inside a cell is one LF, whatever the file's line ends are.
            rows.append(SheetTable.Row(number: number, cells: cells.map { $0.isEmpty ? .empty : .text($0.replacingOccurrences(of: "\r\n", with: "\n")) }))
        }
        // An opening quote never closed swallows the rest of the file into one cell of the
        // last row read: say so there, rather than import a giant cell.
        let quotes = content.unicodeScalars.reduce(0) { $0 + ($1 == "\"" ? 1 : 0) }
        if quotes % 2 == 1, let last = rows.last, let column = last.cells.firstIndex(where: { $0.text.contains("\n") || $0.text.contains("\r") }) {
            var table = SheetTable(file: file, header: header ?? [], rows: [])
            table.headerRow = headerRow
            throw ImportError(.invalid, file: file, at: table.place(row: last.number, column: column),
                              "a quoted cell opens here and is never closed, so everything to the end of the file was read into it",
                              suggestion: "close the quote (a quote mark inside a quoted cell is written twice: \"\")")
        }
        guard let header else {
            throw ImportError(.invalid, file: file, "the file is empty", suggestion: "the first row names the columns")
        }
        var table = SheetTable(file: file, header: header, rows: rows)
        table.headerRow = headerRow
        return table
    }

    /// The delimiter the header row uses: the most frequent of comma, semicolon and tab
    /// outside quotes (Excel writes `;` where the decimal mark is a comma).
    static func sniff(_ text: String) -> UnicodeScalar {
        var counts: [UnicodeScalar: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.toggle(); continue }
            if !quoted, scalar == "\n" || scalar == "\r" { break }
            if !quoted, counts[scalar] != nil { counts[scalar]! += 1 }
        }
        // In a fixed order, so a tie always goes the same way (to the comma).
        var best: (UnicodeScalar, Int) = (",", counts[","]!)
        for candidate in [";", "\t"] as [UnicodeScalar] where counts[candidate]! > best.1 { best = (candidate, counts[candidate]!) }
        return best.0
    }
}
