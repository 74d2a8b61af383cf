import Foundation
import Testing

/// The environment the tests run in, with `changes` made.
private func environment(_ changes: [String: String]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    for (key, value) in changes { environment[key] = value }
    return environment
}

private let hasPandoc = (try? Storyloom.runTool("pandoc", ["--version"]).status) == 0
private let hasPython = (try? Storyloom.runTool("python3", ["-c", "import zipfile, xml.etree.ElementTree"]).status) == 0
private let hasRSVG = (try? Storyloom.runTool("rsvg-convert", ["--version"]).status) == 0
private let hasLibreOffice = (try? Storyloom.runTool("soffice", ["--version"]).status) == 0
private let hasPdfInfo = (try? Storyloom.runTool("pdfinfo", ["-v"]).status) == 0

/// A workbook read back with Python's zipfile and XML parser (no spreadsheet library): every
/// sheet's cells by position, strings as strings, numbers as numbers, booleans as booleans, and
/// how many formulas there are (there must be none).
private let readWorkbook = """
import sys, json, re, zipfile, xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
z = zipfile.ZipFile(sys.argv[1])
shared = [''.join(t.text or '' for t in si.iter(M + 't')) for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall(M + 'si')]
rels = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))}
for name in z.namelist():
    ET.fromstring(z.read(name)) if name.endswith('.xml') or name.endswith('.rels') else None
def column(ref):
    n = 0
    for ch in re.match('[A-Z]+', ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1
sheets, names, formulas = {}, [], 0
for sheet in ET.fromstring(z.read('xl/workbook.xml')).find(M + 'sheets'):
    names.append(sheet.get('name'))
    part = ET.fromstring(z.read('xl/' + rels[sheet.get(R + 'id')]))
    rows = []
    for row in part.find(M + 'sheetData'):
        cells = []
        for c in row:
            if c.find(M + 'f') is not None:
                formulas += 1
            index = column(c.get('r'))
            while len(cells) < index:
                cells.append(None)
            v = c.find(M + 'v').text
            t = c.get('t', 'n')
            cells.append(shared[int(v)] if t == 's' else (v == '1') if t == 'b' else float(v))
        rows.append(cells)
    sheets[sheet.get('name')] = rows
print(json.dumps({'names': names, 'sheets': sheets, 'formulas': formulas, 'entries': z.namelist()}))
"""

private struct Workbook {
    var names: [String]
    var sheets: [String: [[Any?]]]
    var formulas: Int
    var entries: [String]
}

private func workbook(_ file: URL) throws -> Workbook {
    let run = try Storyloom.runTool("python3", ["-c", readWorkbook, file.path])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let sheets = (object["sheets"] as? [String: [[Any]]] ?? [:]).mapValues { $0.map { $0.map { $0 is NSNull ? nil : $0 } } }
    return Workbook(names: object["names"] as? [String] ?? [], sheets: sheets, formulas: object["formulas"] as? Int ?? -1,
                    entries: object["entries"] as? [String] ?? [])
}

/// The entries of a zip archive and the text of one of them.
private func zipText(_ file: URL, _ entry: String) throws -> (entries: [String], text: String) {
    let script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint('\\n'.join(z.namelist()))\nprint('----')\nprint(z.read(sys.argv[2]).decode('utf-8'))"
    let run = try Storyloom.runTool("python3", ["-c", script, file.path, entry])
    #expect(run.status == 0, "\(run.stderr)")
    let parts = run.stdout.components(separatedBy: "\n----\n")
    return (parts[0].split(separator: "\n").map(String.init), parts.dropFirst().joined())
}

@Suite struct OfficeTests {
    @Test func theSampleAsWordOpenDocumentAndEPUBRebuildsToTheSameBytes() throws {
        guard hasPandoc else {
            print("skipped: no pandoc")
            return
        }
        let first = try Storyloom.temporaryFolder(), second = try Storyloom.temporaryFolder()
        let arguments = ["build", "reports/copro", "--format", "docx", "--format", "odt", "--format", "epub"]
        let result = try Storyloom.run(arguments + ["--out", first.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Storyloom.run(arguments + ["--out", second.path]).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: first.path).sorted()
        #expect(files == ["feature-diversity.docx", "feature-diversity.epub", "feature-diversity.odt", "full-report.docx", "full-report.epub",
                          "full-report.odt", "overview.docx", "overview.epub", "overview.odt"])
        for name in files {
            let bytes = try Data(contentsOf: first.appendingPathComponent(name))
            #expect(bytes.starts(with: Data([0x50, 0x4B, 0x03, 0x04])), "\(name) is a zip archive")
            #expect(bytes == (try Data(contentsOf: second.appendingPathComponent(name))), "\(name) is byte-identical")
        }
        guard hasPython else { return }
        let docx = try zipText(first.appendingPathComponent("full-report.docx"), "word/document.xml")
        #expect(docx.text.contains("Who is telling the stories?"))
        #expect(docx.text.contains(#"w:name="who-is-telling-the-stories""#), "headings carry their anchors as bookmarks")
        #expect(docx.text.contains("w:hyperlink"), "the contents link to the headings")
        if hasRSVG {
            #expect(docx.entries.contains { $0.hasPrefix("word/media/") && $0.hasSuffix(".png") }, "charts drawn as images")
        }
        let core = try zipText(first.appendingPathComponent("full-report.docx"), "docProps/core.xml")
        #expect(core.text.contains("2022-10-31"), "dated by the study, not the build")
        let epub = try zipText(first.appendingPathComponent("full-report.epub"), "EPUB/content.opf")
        #expect(epub.text.contains("urn:storyloom:full-report"))
        #expect(epub.entries.contains { $0.hasSuffix(".svg") }, "the EPUB's figures are SVG")
        // Word itself is not here; LibreOffice stands in for it: the file must open and print.
        guard hasLibreOffice, hasPdfInfo else {
            print("skipped the LibreOffice check: no soffice or pdfinfo")
            return
        }
        let printed = try Storyloom.temporaryFolder()
        let convert = try Storyloom.runTool("soffice", ["--headless", "-env:UserInstallation=file://\(printed.path)/profile", "--convert-to", "pdf",
                                                       "--outdir", printed.path, first.appendingPathComponent("full-report.docx").path])
        #expect(convert.status == 0, "\(convert.stderr)")
        let info = try Storyloom.runTool("pdfinfo", [printed.appendingPathComponent("full-report.pdf").path])
        let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) }
        #expect((pages ?? 0) > 20, "LibreOffice prints the Word file: \(info.stdout)")
    }

    @Test func hostileCorpusTextIsOnlyTextInOfficeFiles() throws {
        guard hasPandoc, hasPython else {
            print("skipped: no pandoc or python3")
            return
        }
        let folder = try Storyloom.temporaryFolder().appendingPathComponent("study")
        #expect(try Storyloom.run(["new", folder.path]).status == 0)
        let corpus = folder.appendingPathComponent("corpus.json")
        let text = try String(contentsOf: corpus, encoding: .utf8)
            .replacingOccurrences(of: "\"title\": \"Generated corpus\"",
                                  with: "\"title\": \"Study </w:t><script>x()</script>\\u001b[31m\\u202e]]> {=openxml}\"")
        try text.write(to: corpus, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try Storyloom.run(["build", folder.path, "--report", "overview", "--format", "docx", "--format", "epub", "--format", "odt", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        for (file, entry) in [("overview.docx", "word/document.xml"), ("overview.odt", "content.xml"), ("overview.epub", "EPUB/text/title_page.xhtml")] {
            let part = try zipText(out.appendingPathComponent(file), entry)
            #expect(!part.text.contains("<script") && !part.text.contains("</w:t><script"), "\(file): markup from the corpus")
            #expect(part.text.contains("&lt;script&gt;x()&lt;/script&gt;"), "\(file): the title as text")
            for control in ["\u{1B}", "\u{202E}"] { #expect(!part.text.contains(control), "\(file): a control character") }
        }
    }

    @Test func withoutPandocAnOfficeFormatIs69AndSaysHowToGetIt() throws {
        let out = try Storyloom.temporaryFolder().appendingPathComponent("out")
        let result = try Storyloom.run(["build", "reports/copro", "--report", "overview", "--format", "docx", "--out", out.path],
                                       environment: environment(["STORYLOOM_PANDOC": "/nonexistent/pandoc"]))
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("report 'overview' asks for .docx, which needs Pandoc 2.11 or later"))
        #expect(result.stderr.contains("apt-get install pandoc"))
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
        // The AST needs no Pandoc: it is written for Pandoc 3.
        let ast = try Storyloom.run(["build", "reports/copro", "--report", "overview", "--format", "pandoc", "--out", out.path],
                                    environment: environment(["STORYLOOM_PANDOC": "/nonexistent/pandoc"]))
        #expect(ast.status == 0, "\(ast.stderr)")
        #expect(ast.stderr.contains("Pandoc was not found, so .pandoc.json files are written for Pandoc 3"))
        let json = try String(contentsOf: out.appendingPathComponent("overview.pandoc.json"), encoding: .utf8)
        #expect(json.contains(#""pandoc-api-version": [1, 23]"#))
    }

    @Test func aFailingPandocIsReported() throws {
        let folder = try Storyloom.temporaryFolder()
        let fake = folder.appendingPathComponent("pandoc")
        try "#!/bin/sh\n[ \"$1\" = --version ] && { echo 'pandoc 3.1.3'; exit 0; }\necho 'pandoc: something went wrong' >&2\nexit 1\n"
            .write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let out = folder.appendingPathComponent("out")
        let result = try Storyloom.run(["build", "reports/copro", "--report", "overview", "--format", "odt", "--out", out.path],
                                       environment: environment(["STORYLOOM_PANDOC": fake.path]))
        #expect(result.status == 1)
        #expect(result.stderr.contains("report 'overview': Pandoc failed: pandoc: something went wrong"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func anAnalysisAsAWorkbookHoldsTheNumbersOfItsJSON() throws {
        guard hasPython else {
            print("skipped: no python3")
            return
        }
        let folder = try Storyloom.temporaryFolder()
        let file = folder.appendingPathComponent("w.xlsx")
        let result = try Storyloom.run(["analyse", "who-told", "--format", "xlsx", "--out", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("wrote \(file.path)"))
        let json = try Storyloom.run(["analyse", "who-told", "--format", "json"])
        let value = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let columns = try #require(value["columns"] as? [String])
        let rows = try #require(value["rows"] as? [[String: Any]])
        let book = try workbook(file)
        #expect(book.names == ["who-told"])
        #expect(book.formulas == 0)
        let sheet = try #require(book.sheets["who-told"])
        #expect(sheet.first?.compactMap { $0 as? String } == columns)
        #expect(sheet.count == rows.count + 1)
        for (row, cells) in zip(rows, sheet.dropFirst()) {
            for (c, column) in columns.enumerated() {
                let cell: Any? = c < cells.count ? cells[c] : nil
                switch row[column] {
                case let number as NSNumber: #expect((cell as? Double) == number.doubleValue, "\(column): \(String(describing: cell)) for \(number)")
                case let text as String: #expect((cell as? String) == text)
                default: #expect(cell == nil)
                }
            }
        }
        // A spreadsheet library opens it as Excel would, when one is installed.
        if try Storyloom.runTool("python3", ["-c", "import openpyxl"]).status == 0 {
            let openpyxl = try Storyloom.runTool("python3", ["-c", "import sys, openpyxl\nbook = openpyxl.load_workbook(sys.argv[1])\nsheet = book['who-told']\nprint(book.sheetnames, sheet.max_row, repr(sheet.cell(2, 4).value))", file.path])
            let count = (rows.first?["count"] as? NSNumber)?.intValue ?? -1
            #expect(openpyxl.stdout == "['who-told'] \(rows.count + 1) \(count)\n", "\(openpyxl.stderr)")
        } else {
            print("skipped the openpyxl check: no openpyxl")
        }
        // The same result, the same bytes.
        let again = folder.appendingPathComponent("again.xlsx")
        #expect(try Storyloom.run(["analyse", "who-told", "--format", "xlsx", "--out", again.path]).status == 0)
        #expect(try Data(contentsOf: file) == (try Data(contentsOf: again)))
    }

    @Test func aWorkbookNeedsAFile() throws {
        let result = try Storyloom.run(["analyse", "who-told", "--format", "xlsx"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("name the file with --out"))
    }

    @Test func hostileResultsStayTextInAWorkbook() throws {
        guard hasPython else {
            print("skipped: no python3")
            return
        }
        let plugins = try Storyloom.temporaryFolder()
        try #"""
        return {
          name = "hostile",
          kind = "analysis",
          summary = "Text that spreadsheets and XML must not read as anything else",
          run = function(ctx, params)
            return { columns = { "text", "n", "flag" }, rows = {
              { text = "=cmd|' /C calc'!A0", n = 1.5, flag = true },
              { text = "<b>&amp;</b> \"quoted\" ]]> \27[31mred\226\128\174 bell\7 nul-free", n = -2, flag = false },
              { text = "+1+1", n = 12345678901234567 },
              { text = "line one\r\nline two" },
            } }
          end,
        }
        """#.write(to: plugins.appendingPathComponent("hostile.lua"), atomically: true, encoding: .utf8)
        let file = plugins.appendingPathComponent("h.xlsx")
        let result = try Storyloom.run(["analyse", "hostile", "--plugin-path", plugins.path, "--format", "xlsx", "--out", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let book = try workbook(file)
        #expect(book.formulas == 0)
        let sheet = try #require(book.sheets["hostile"])
        #expect(sheet[1][0] as? String == "=cmd|' /C calc'!A0", "a string cell, never a formula")
        #expect(sheet[1][1] as? Double == 1.5)
        #expect(sheet[1][2] as? Bool == true)
        #expect(sheet[2][0] as? String == "<b>&amp;</b> \"quoted\" ]]> [31mred bell nul-free", "escaped, controls removed")
        #expect(sheet[3][1] as? String == "12345678901234567", "too many digits for a spreadsheet number: kept as text")
        #expect(sheet[4][0] as? String == "line one\nline two")
        #expect(book.entries == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                 "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
    }

    @Test func aReportsWorkbookHoldsItsQuotesAndTheResultsItsLayoutUses() throws {
        guard hasPython else {
            print("skipped: no python3")
            return
        }
        let first = try Storyloom.temporaryFolder(), second = try Storyloom.temporaryFolder()
        let result = try Storyloom.run(["build", "reports/copro", "--format", "xlsx", "--format", "json", "--out", first.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Storyloom.run(["build", "reports/copro", "--format", "xlsx", "--out", second.path]).status == 0)
        for name in ["overview.xlsx", "full-report.xlsx", "feature-diversity.xlsx"] {
            #expect(try Data(contentsOf: first.appendingPathComponent(name)) == (try Data(contentsOf: second.appendingPathComponent(name))), "\(name) is byte-identical")
        }
        let book = try workbook(first.appendingPathComponent("full-report.xlsx"))
        #expect(book.names == ["Quotes", "sector-regions", "who-told"])
        let quotes = try #require(book.sheets["Quotes"])
        #expect(quotes.first?.compactMap { $0 as? String } == ["id", "text", "attribution", "theme", "theme title"])
        // As many quotes as the report's document holds, in its order.
        let document = try String(contentsOf: first.appendingPathComponent("full-report.json"), encoding: .utf8)
        let sources = document.matches(of: /"source": "([^"]+)"/).map { String($0.output.1) }
        #expect(quotes.dropFirst().map { $0.first as? String } == sources)
        #expect(quotes.dropFirst().allSatisfy { ($0.count > 3 ? $0[3] as? String : nil)?.isEmpty == false }, "each quote's theme")
        let whoTold = try #require(book.sheets["who-told"])
        let json = try Storyloom.run(["analyse", "who-told", "reports/copro", "--format", "json"])
        let rows = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["rows"] as? [[String: Any]])
        #expect(whoTold.count == rows.count + 1)
        #expect(whoTold.dropFirst().map { $0[3] as? Double } == rows.map { ($0["count"] as? NSNumber)?.doubleValue })
    }
}
