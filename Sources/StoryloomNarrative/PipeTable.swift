import StoryloomDocument

/// GitHub's pipe tables, which cmark (CommonMark alone) reads as a paragraph: a header row,
/// a delimiter row such as `|---|:-:|--:|`, and rows; cells are split on every `|` that is
/// neither escaped (`\|`) nor inside a code span.
enum PipeTable {
    /// A cell's Markdown and the byte offset in its line where it starts.
    struct Cell: Equatable {
        var text: [UInt8]
        var offset: Int
    }

    struct Shape {
        var header: [Cell]
        var alignments: [Table.Alignment]
        /// Each as wide as the header: short rows padded with empty cells, long ones cut.
        var rows: [[Cell]]
    }

    /// The table the lines make, if they make one.
    static func read(_ lines: [ArraySlice<UInt8>]) -> Shape? {
        guard lines.count >= 2, lines[1].contains(0x7C), let alignments = alignments(lines[1]) else { return nil }
        let header = cells(lines[0])
        guard header.count == alignments.count else { return nil }
        let rows = lines.dropFirst(2).map { line -> [Cell] in
            var row = cells(line)
            if row.count > header.count { row.removeLast(row.count - header.count) }
            while row.count < header.count { row.append(Cell(text: [], offset: line.count)) }
            return row
        }
        return Shape(header: header, alignments: alignments, rows: rows)
    }

    /// A delimiter row's alignments: `---` or `:--` left, `:-:` center, `--:` right.
    static func alignments(_ line: ArraySlice<UInt8>) -> [Table.Alignment]? {
        var result: [Table.Alignment] = []
        for cell in cells(line) {
            let t = cell.text
            guard let first = t.first, let last = t.last else { return nil }
            let dashes = t.drop { $0 == 0x3A }.dropLast(last == 0x3A ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == 0x2D }), t.count - dashes.count <= 2 else { return nil }
            switch (first == 0x3A, last == 0x3A) {
            case (true, true): result.append(.center)
            case (false, true): result.append(.right)
            default: result.append(.left)
            }
        }
        return result.isEmpty ? nil : result
    }

    /// A row's cells, trimmed; a leading and a trailing pipe are not cells' edges. `\|` is
    /// a pipe in the cell's text, in a code span too.
    static func cells(_ line: ArraySlice<UInt8>) -> [Cell] {
        var start = line.startIndex
        var end = line.endIndex
        while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        while end > start, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        if start < end, line[start] == 0x7C { start += 1 }
        let closing = BacktickRuns(line[start ..< end])
        var cells: [Cell] = []
        var text: [UInt8] = []
        var cellStart = start
        var endedWithPipe = false
        var i = start
        func finish(at next: Int) {
            var lead = 0
            while lead < text.count, text[lead] == 0x20 || text[lead] == 0x09 { lead += 1 }
            var tail = text.count
            while tail > lead, text[tail - 1] == 0x20 || text[tail - 1] == 0x09 { tail -= 1 }
            cells.append(Cell(text: Array(text[lead ..< tail]), offset: cellStart - line.startIndex + lead))
            text = []
            cellStart = next
        }
        while i < end {
            endedWithPipe = false
            let b = line[i]
            switch b {
            case 0x5C where i + 1 < end && line[i + 1] == 0x7C:
                text.append(0x7C)
                i += 2
            case 0x5C where i + 1 < end:
                text.append(b)
                text.append(line[i + 1])
                i += 2
            case 0x60:
                let run = closing.length(at: i)
                if let close = closing.closer(at: i) {
                    var k = i
                    while k < close + run {
                        if line[k] == 0x5C, k + 1 < close, line[k + 1] == 0x7C {
                            text.append(0x7C)
                            k += 2
                        } else {
                            text.append(line[k])
                            k += 1
                        }
                    }
                    i = close + run
                } else {
                    text.append(contentsOf: line[i ..< i + run])
                    i += run
                }
            case 0x7C:
                finish(at: i + 1)
                i += 1
                endedWithPipe = true
            default:
                text.append(b)
                i += 1
            }
        }
        if !endedWithPipe || cells.isEmpty { finish(at: end) }
        return cells
    }
}

/// The runs of backticks in a line, each paired with the next run of the same length (which
/// closes a code span it opens), worked out once so splitting stays linear.
struct BacktickRuns {
    private var lengths: [Int: Int] = [:]
    private var closers: [Int: Int] = [:]

    init(_ line: ArraySlice<UInt8>) {
        var runs: [(start: Int, length: Int)] = []
        var i = line.startIndex
        while i < line.endIndex {
            if line[i] == 0x60 {
                let start = i
                while i < line.endIndex, line[i] == 0x60 { i += 1 }
                runs.append((start, i - start))
            } else {
                i += 1
            }
        }
        var nextOfLength: [Int: Int] = [:]
        for run in runs.reversed() {
            lengths[run.start] = run.length
            if let next = nextOfLength[run.length] { closers[run.start] = next }
            nextOfLength[run.length] = run.start
        }
    }

    /// The length of the run starting at `i` (1 for a backtick inside a run).
    func length(at i: Int) -> Int { lengths[i] ?? 1 }

    /// Where the run that closes the one at `i` starts.
    func closer(at i: Int) -> Int? { closers[i] }
}
