import Foundation
import StoryloomDocument
import StoryloomLua
import StoryloomShared

/// Prints an analysis's result as a table, JSON or CSV, or makes it a sheet of a workbook.
///
/// A result shaped `{ columns = {...}, rows = {...} }` prints its rows in those columns; a list
/// of tables prints with the union of their keys as columns; anything else prints as JSON.
public enum ResultFormatting {
    public enum Format: String, CaseIterable, Sendable {
        case table, json, csv
        /// An Excel workbook: bytes, made by `workbook`, never printed.
        case xlsx
    }

    public static func render(_ value: PlainValue, as format: Format) -> String {
        switch format {
        // A workbook is bytes (`workbook`); as text, the exact JSON stands in for it.
        case .json, .xlsx: return json(value, indent: "") + "\n"
        case .table:
            guard let (columns, rows) = tabular(value) else { return json(value, indent: "") + "\n" }
            return alignedTable(columns: columns, rows: rows.map { row in columns.map { cell(row[$0]) } }) + "\n"
        case .csv:
            guard let (columns, rows) = tabular(value) else { return csvField(json(value, indent: "")) + "\n" }
            return ([columns] + rows.map { row in columns.map { cell(row[$0]) } })
                .map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        }
    }

    /// A workbook of results, a sheet each (named after its analysis).
    public static func workbook(_ results: [(name: String, value: PlainValue)]) throws(XLSXWriter.TooLarge) -> Data {
        try XLSXWriter(sheets: results.map { sheet($0.value, name: $0.name) }).bytes()
    }

    /// A result as a sheet: a table of rows in its columns (the header row first); an object
    /// as key and value rows; a list as one value a row; anything else one value.
    public static func sheet(_ value: PlainValue, name: String) -> XLSXWriter.Sheet {
        typealias Cell = XLSXWriter.Cell
        if let (columns, rows) = tabular(value) {
            let header: [Cell] = columns.map { Cell.text($0) }
            let body: [[Cell]] = rows.map { row in columns.map { sheetCell(row[$0]) } }
            return XLSXWriter.Sheet(name: name, rows: [header] + body)
        }
        switch value {
        case let .object(members):
            let body: [[Cell]] = members.map { [Cell.text($0.key), sheetCell($0.value)] }
            return XLSXWriter.Sheet(name: name, rows: [[.text("key"), .text("value")]] + body)
        case let .array(items):
            let body: [[Cell]] = items.map { [sheetCell($0)] }
            return XLSXWriter.Sheet(name: name, rows: [[.text("value")]] + body)
        default:
            return XLSXWriter.Sheet(name: name, rows: [[.text("value")], [sheetCell(value)]])
        }
    }

    /// A value as a cell: numbers typed (an integer too large for a spreadsheet's doubles is
    /// text, so no digit changes), a nested value as its JSON on one line.
    static func sheetCell(_ value: PlainValue?) -> XLSXWriter.Cell {
        switch value {
        case nil, .null?: .empty
        case let .string(s)?: .text(s)
        case let .integer(i)?: i.magnitude <= 1 << 53 ? .number(Double(i)) : .text(String(i))
        case let .number(d)?: d.isFinite ? .number(d) : .empty
        case let .bool(b)?: .bool(b)
        case let value?: .text(json(value, indent: nil))
        }
    }

    /// Columns and rows when the value is a table of rows.
    static func tabular(_ value: PlainValue) -> ([String], [PlainValue])? {
        if let rows = value["rows"]?.arrayValue {
            let columns = value["columns"]?.arrayValue?.compactMap(\.stringValue) ?? unionOfKeys(rows)
            return (columns, rows)
        }
        if let rows = value.arrayValue, !rows.isEmpty, rows.allSatisfy({ if case .object = $0 { true } else { false } }) {
            return (unionOfKeys(rows), rows)
        }
        return nil
    }

    static func unionOfKeys(_ rows: [PlainValue]) -> [String] {
        var keys: [String] = []
        for row in rows {
            if case let .object(members) = row { for (key, _) in members where !keys.contains(key) { keys.append(key) } }
        }
        return keys
    }

    static func cell(_ value: PlainValue?) -> String {
        switch value {
        case nil, .null?: ""
        case let .string(s)?: s
        case let .integer(i)?: String(i)
        case let .number(d)?: d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(format: "%.4g", d)
        case let .bool(b)?: b ? "true" : "false"
        case let value?: json(value, indent: nil)
        }
    }

    /// Aligned columns; numbers right-aligned; text cleaned of terminal control characters.
    public static func alignedTable(columns: [String], rows: [[String]]) -> String {
        let clean = ([columns] + rows).map { $0.map { TerminalText.clean($0).replacingOccurrences(of: "\n", with: " ") } }
        let widths = columns.indices.map { c in clean.map { $0[c].count }.max() ?? 0 }
        let numeric = columns.indices.map { c in rows.allSatisfy { $0[c].isEmpty || Double($0[c]) != nil } && !rows.isEmpty }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (c, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                text += (c == 0 ? "" : "  ") + (numeric[c] ? pad + cell : cell + pad)
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(clean[0]), rule] + clean.dropFirst().map(line)).joined(separator: "\n")
    }

    static func csvField(_ text: String) -> String {
        CSVText.field(text)
    }

    /// Stable JSON (keys in ascending order, integers without a point); `indent` nil writes
    /// one line.
    public static func json(_ value: PlainValue, indent: String?) -> String {
        value.text(pretty: indent != nil)
    }
}

/// Text for a terminal: control characters from the data are replaced by U+FFFD, so they can
/// neither move the cursor nor recolour the output, and the reader still sees one was there.
public enum TerminalText {
    public static func clean(_ text: String) -> String {
        TextCleaning.clean(text, replacement: "\u{FFFD}")
    }
}
