import Foundation
import StoryloomDocument
import ZIPFoundation

/// A workbook of plain tables, written as an Excel .xlsx file: one sheet each, a bold header
/// row that stays in view, numbers as numbers, text as shared strings.
///
/// Nothing in a cell is ever a formula: every text is a string cell, so `=cmd|…` shows as the
/// words it is. Text is XML-escaped and stripped of what XML cannot hold (control characters,
/// U+FFFE, U+FFFF) and of the bidi controls the other formats remove. The same sheets always
/// give the same bytes: entries in a fixed order, each dated 1980-01-01, stored uncompressed
/// (so no zlib version can change a byte).
public struct XLSXWriter: Sendable {
    public enum Cell: Sendable, Equatable {
        case empty
        case number(Double)
        case text(String)
        case bool(Bool)
    }

    public struct Sheet: Sendable {
        /// As asked for; `sheetNames` makes the names Excel accepts.
        public var name: String
        /// The first row is the header.
        public var rows: [[Cell]]

        public init(name: String, rows: [[Cell]]) {
            self.name = name
            self.rows = rows
        }
    }

    /// Why a workbook cannot be written.
    public struct TooLarge: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Excel's limits: rows and columns a sheet holds, characters a cell holds.
    public static let maximumRows = 1_048_576
    public static let maximumColumns = 16_384
    public static let maximumCellCharacters = 32_767

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    /// The .xlsx file's bytes.
    public func bytes() throws(TooLarge) -> Data {
        for sheet in sheets {
            if sheet.rows.count > Self.maximumRows {
                throw TooLarge(description: "the sheet '\(TextCleaning.cleanLine(sheet.name))' would have \(sheet.rows.count) rows; a sheet holds at most \(Self.maximumRows)")
            }
            if let widest = sheet.rows.map(\.count).max(), widest > Self.maximumColumns {
                throw TooLarge(description: "the sheet '\(TextCleaning.cleanLine(sheet.name))' would have \(widest) columns; a sheet holds at most \(Self.maximumColumns)")
            }
        }
        let names = Self.sheetNames(sheets.map(\.name))
        var strings = SharedStrings()
        var parts: [(path: String, data: Data)] = []
        let worksheets = sheets.map { sheet(of: $0, strings: &strings) }
        let count = max(1, sheets.count)
        var types = [
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            #"<Default Extension="xml" ContentType="application/xml"/>"#,
            #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
        ]
        types += (1 ... count).map { #"<Override PartName="/xl/worksheets/sheet\#($0).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"# }
        types += [
            #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
            #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#,
            "</Types>",
        ]
        parts.append(("[Content_Types].xml", Self.part(types)))
        parts.append(("_rels/.rels", Self.part([
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
            "</Relationships>",
        ])))
        let sheetNames = names.isEmpty ? ["Sheet1"] : names
        parts.append(("xl/workbook.xml", Self.part([
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            "<sheets>",
        ] + sheetNames.enumerated().map { #"<sheet name="\#(Self.escape($0.element, attribute: true))" sheetId="\#($0.offset + 1)" r:id="rId\#($0.offset + 1)"/>"# }
            + ["</sheets>", "</workbook>"])))
        parts.append(("xl/_rels/workbook.xml.rels", Self.part([
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        ] + (1 ... count).map { #"<Relationship Id="rId\#($0)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0).xml"/>"# }
            + [
                #"<Relationship Id="rId\#(count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
                #"<Relationship Id="rId\#(count + 2)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#,
                "</Relationships>",
            ])))
        parts.append(("xl/styles.xml", Self.part(Self.styles)))
        parts.append(("xl/sharedStrings.xml", strings.part()))
        for (n, worksheet) in (worksheets.isEmpty ? [sheet(of: Sheet(name: "Sheet1", rows: []), strings: &strings)] : worksheets).enumerated() {
            parts.append(("xl/worksheets/sheet\(n + 1).xml", worksheet))
        }
        do {
            return try Self.zip(parts)
        } catch {
            throw TooLarge(description: "the workbook could not be packed: \(error)")
        }
    }

    // MARK: Sheet names

    /// Names Excel accepts for the sheets, in order: the characters `[]:*?/\` and controls
    /// replaced, no apostrophe at either end, at most 31 characters, never empty, and unique
    /// regardless of case (a repeat gets " (2)", " (3)", …).
    public static func sheetNames(_ wanted: [String]) -> [String] {
        var taken = Set<String>()
        return wanted.map { name in
            var base = String(String.UnicodeScalarView(TextCleaning.cleanLine(name).unicodeScalars.map { "[]:*?/\\".unicodeScalars.contains($0) ? "-" : $0 }))
                .filter(\.isXMLSafe)
                .trimmingCharacters(in: .whitespaces)
            while base.hasPrefix("'") { base.removeFirst() }
            while base.hasSuffix("'") { base.removeLast() }
            if base.isEmpty || base.lowercased() == "history" { base = "Sheet" + (base.isEmpty ? "" : " " + base) }
            var candidate = truncated(base, to: 31)
            var n = 2
            while taken.contains(candidate.lowercased()) {
                let suffix = " (\(n))"
                candidate = truncated(base, to: 31 - suffix.utf16.count) + suffix
                n += 1
            }
            taken.insert(candidate.lowercased())
            return candidate
        }
    }

    /// At most `limit` UTF-16 units (Excel's count), cut between characters.
    static func truncated(_ text: String, to limit: Int) -> String {
        var out = ""
        var units = 0
        for character in text {
            units += character.utf16.count
            if units > limit { break }
            out.append(character)
        }
        while out.hasSuffix(" ") || out.hasSuffix("'") { out.removeLast() }
        return out
    }

    // MARK: Parts

    private struct SharedStrings {
        var index: [String: Int] = [:]
        var list: [String] = []
        var uses = 0

        mutating func id(_ text: String) -> Int {
            uses += 1
            if let known = index[text] { return known }
            index[text] = list.count
            list.append(text)
            return list.count - 1
        }

        func part() -> Data {
            var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            xml += #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(uses)" uniqueCount="\#(list.count)">"#
            for text in list { xml += #"<si><t xml:space="preserve">"# + text + "</t></si>" }
            return Data((xml + "</sst>\n").utf8)
        }
    }

    /// Style 0 plain, 1 the bold header, 2 wrapped text (long cells), aligned to the top.
    private static let styles = [
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
        #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#,
        #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#,
        #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#,
        #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
        #"<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
            + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
            + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>"#,
        #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
        "</styleSheet>",
    ]

    /// Past this many characters a text cell wraps, in a column at most `widestColumn` wide.
    static let wrapAfter = 60
    static let widestColumn = 60

    private func sheet(of sheet: Sheet, strings: inout SharedStrings) -> Data {
        let columns = sheet.rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 8, count: columns)
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        if columns > 0 { xml += "<dimension ref=\"A1:\(Self.column(columns - 1))\(max(1, sheet.rows.count))\"/>" }
        // The header row stays in view as the rows scroll.
        xml += sheet.rows.count > 1
            ? #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
            : #"<sheetViews><sheetView workbookViewId="0"/></sheetViews>"#
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        var data = "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            data += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = Self.column(c) + String(r + 1)
                switch cell {
                case .empty:
                    continue
                case let .number(value):
                    guard value.isFinite else { continue }
                    let text = Self.number(value)
                    widths[c] = max(widths[c], min(Self.widestColumn, text.count + 2))
                    data += "<c r=\"\(ref)\"\(r == 0 ? " s=\"1\"" : "")><v>\(text)</v></c>"
                case let .bool(value):
                    data += "<c r=\"\(ref)\" t=\"b\"\(r == 0 ? " s=\"1\"" : "")><v>\(value ? 1 : 0)</v></c>"
                case let .text(raw):
                    let text = Self.truncated(Self.escape(raw), characters: Self.maximumCellCharacters)
                    let length = raw.count
                    widths[c] = max(widths[c], min(Self.widestColumn, length + 2))
                    let style = r == 0 ? " s=\"1\"" : length > Self.wrapAfter ? " s=\"2\"" : ""
                    data += "<c r=\"\(ref)\" t=\"s\"\(style)><v>\(strings.id(text))</v></c>"
                }
            }
            data += "</row>"
        }
        data += "</sheetData>"
        if columns > 0 {
            xml += "<cols>" + widths.enumerated().map { "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\($0.element)\" customWidth=\"1\"/>" }.joined() + "</cols>"
        }
        xml += data + "</worksheet>\n"
        return Data(xml.utf8)
    }

    /// Escaped text cut to at most `characters` UTF-16 units of the text it shows, never inside
    /// an entity.
    private static func truncated(_ escaped: String, characters: Int) -> String {
        guard escaped.utf16.count > characters else { return escaped }
        var out = ""
        var shown = 0
        var index = escaped.startIndex
        while index < escaped.endIndex {
            let character = escaped[index]
            var piece = String(character)
            if character == "&", let end = escaped[index...].firstIndex(of: ";") {
                piece = String(escaped[index ... end])
            }
            let units = piece.hasPrefix("&") && piece.count > 1 ? 1 : piece.utf16.count
            if shown + units > characters - 1 { break }
            out += piece
            shown += units
            index = escaped.index(index, offsetBy: piece.count)
        }
        return out + "…"
    }

    /// `A`, `B`, …, `Z`, `AA`, … for a column index from 0.
    static func column(_ index: Int) -> String {
        var n = index + 1
        var letters = ""
        while n > 0 {
            let rest = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + rest))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    /// A number as Excel reads it: integers without a point, others in Swift's shortest form.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)".replacingOccurrences(of: "e", with: "E")
    }

    /// Text for XML content or an attribute: what XML 1.0 cannot hold and the bidi and other
    /// controls the other formats remove are dropped; `&`, `<`, `>` (and quotes, in an
    /// attribute) escaped; tabs and line ends kept.
    static func escape(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in TextCleaning.removingControls(text).unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\t" where attribute: out += "&#9;"
            // A line end is a line feed, as Excel writes one (CR LF and CR alike).
            case "\r": out += attribute ? "&#10;" : "\n"
            case "\n": if !previousWasCR { out += attribute ? "&#10;" : "\n" }
            case _ where !scalar.isXMLSafe: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func part(_ lines: [String]) -> Data {
        Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// 1980-01-01 00:00 UTC, the earliest time a zip entry can hold.
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    private static func zip(_ parts: [(path: String, data: Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for part in parts {
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(part.data.count), modificationDate: entryDate,
                                 permissions: 0o644, compressionMethod: .none) { position, size in
                part.data.subdata(in: Int(position) ..< Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }
}

extension Unicode.Scalar {
    /// Whether XML 1.0 can hold it: tab, line ends and everything from U+0020 but U+FFFE and
    /// U+FFFF (Swift strings hold no lone surrogates).
    var isXMLSafe: Bool {
        value == 0x09 || value == 0x0A || value == 0x0D || (value >= 0x20 && value != 0xFFFE && value != 0xFFFF)
    }
}

extension Character {
    var isXMLSafe: Bool { unicodeScalars.allSatisfy(\.isXMLSafe) }
}
