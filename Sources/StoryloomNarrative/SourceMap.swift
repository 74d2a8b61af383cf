/// Where each place of the Markdown given to cmark was in the file. The two differ only
/// after a shortcode: it is one placeholder there, however long (or however many lines) it
/// was in the file.
struct SourceMap {
    /// Byte offset in the Markdown where each of its lines starts (index 0 is line 1), and
    /// the file line it started as.
    private(set) var lineStarts: [Int] = []
    private(set) var lineOrigins: [Int] = []
    /// Where the text resumes after each placeholder: the byte offset in the Markdown, and
    /// the file line and column there. In the order of the Markdown.
    private var resumes: [(offset: Int, line: Int, column: Int)] = []

    mutating func startLine(at offset: Int, origin line: Int) {
        lineStarts.append(offset)
        lineOrigins.append(line)
    }

    mutating func resume(at offset: Int, line: Int, column: Int) {
        resumes.append((offset, line, column))
    }

    /// The file's line and column (in characters) of a cmark position (line from 1, column
    /// from 1 in bytes of the Markdown line).
    func original(line: Int, column: Int, in text: [UInt8]) -> (line: Int, column: Int) {
        guard !lineStarts.isEmpty else { return (max(1, line), max(1, column)) }
        let index = min(max(line, 1), lineStarts.count) - 1
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] : text.count
        while end > start, text[end - 1] == 0x0A || text[end - 1] == 0x0D { end -= 1 }
        let target = min(max(start, start + column - 1), end)
        // The last placeholder before the target on this line, found by bisection.
        var low = 0
        var high = resumes.count
        while low < high {
            let middle = (low + high) / 2
            if resumes[middle].offset <= target { low = middle + 1 } else { high = middle }
        }
        if low > 0, resumes[low - 1].offset >= start {
            let anchor = resumes[low - 1]
            return (anchor.line, anchor.column + characters(text[anchor.offset ..< target]))
        }
        return (lineOrigins[index], 1 + characters(text[start ..< target]))
    }

    /// The bytes of the Markdown line `line` (from 1), without its ending.
    func line(_ line: Int, in text: [UInt8]) -> ArraySlice<UInt8> {
        guard line >= 1, line <= lineStarts.count else { return [] }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : text.count
        while end > start, text[end - 1] == 0x0A || text[end - 1] == 0x0D { end -= 1 }
        return text[start ..< end]
    }

    private func characters(_ bytes: ArraySlice<UInt8>) -> Int {
        String(decoding: bytes, as: UTF8.self).count
    }
}
