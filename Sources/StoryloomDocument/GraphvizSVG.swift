import Foundation

/// Renders DOT to SVG with Graphviz's `dot`, when it is installed, for inlining in HTML.
public enum GraphvizSVG {
    /// The `dot` executable on PATH, if any.
    public static func dotExecutable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A `RenderOptions.graphToSVG` that runs the `dot` found on PATH, or nil when there is
    /// none (so HTML shows the DOT source with a notice).
    public static func renderer() -> (@Sendable (String) -> String?)? {
        guard let executable = dotExecutable() else { return nil }
        return { dot in render(dot, executable: executable) }
    }

    /// Why Graphviz gave no SVG.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case cannotStart
        case timedOut(seconds: Int)
        case failed(status: Int32)
        case crashed(signal: Int32)
        /// The SVG held something that must not be inlined into a page (a script, an event
        /// handler, an external reference).
        case unsafe(String)

        public var description: String {
            switch self {
            case .cannotStart: "Graphviz (dot) could not be started"
            case let .timedOut(seconds): "Graphviz (dot) took more than \(seconds) s and was stopped"
            case let .failed(status): "Graphviz (dot) failed with exit status \(status)"
            case let .crashed(signal): "Graphviz (dot) crashed (signal \(signal))"
            case let .unsafe(what): "Graphviz (dot) produced SVG with \(what), which is not inlined"
            }
        }
    }

    /// The limits Graphviz runs under: wall-clock seconds, CPU seconds and address space.
    public static let timeLimit = 60
    static let cpuLimit = 30
    static let memoryLimitKiB = 2 << 20  // 2 GiB

    /// SVG for `dot`, or nil if Graphviz fails (see `renderChecked`).
    public static func render(_ dot: String, executable: String) -> String? {
        try? renderChecked(dot, executable: executable).get()
    }

    /// SVG for `dot`, ready to inline (no XML prolog, DOCTYPE or comments), or why there is
    /// none. Graphviz runs under a CPU and memory limit (`ulimit` in the shell that starts it)
    /// and is killed if it runs past `timeLimit`. The same DOT and Graphviz give the same bytes.
    /// `started`, when given, is a Graphviz from `start` that has not drawn anything yet.
    public static func renderChecked(_ dot: String, executable: String, started: Started? = nil) -> Result<String, Failure> {
        guard let child = started?.child ?? startChild(executable) else { return .failure(.cannotStart) }
        let run = child.finish(input: Array(dot.utf8), timeout: timeLimit)
        if run.timedOut { return .failure(.timedOut(seconds: timeLimit)) }
        if let signal = run.signal { return .failure(.crashed(signal: signal)) }
        let svg = run.output
        guard run.status == 0, !svg.isEmpty else { return .failure(.failed(status: run.status ?? -1)) }
        let text = inlinable(String(decoding: svg, as: UTF8.self))
        if let problem = unsafeContent(in: text) { return .failure(.unsafe(problem)) }
        return .success(text)
    }

    /// A Graphviz started before its diagram is known: `dot` loads its libraries (about a third
    /// of a small diagram's time) while the caller is still making the DOT. Killed unused when
    /// released.
    public final class Started: Sendable {
        fileprivate let child: ChildProcess.Started
        fileprivate init(_ child: ChildProcess.Started) { self.child = child }
    }

    /// Starts Graphviz for one `renderChecked`; nil if it cannot be started.
    public static func start(executable: String) -> Started? {
        startChild(executable).map(Started.init)
    }

    private static func startChild(_ executable: String) -> ChildProcess.Started? {
        ChildProcess.start("/bin/sh", ["-c", "ulimit -t \(cpuLimit) -v \(memoryLimitKiB) 2>/dev/null; exec \"$0\" -Tsvg", executable])
    }

    /// What in `svg` could run or fetch something once inlined, if anything. Graphviz writes
    /// every label as text, so this only finds what a bad font or colour name smuggled in; the
    /// renderers also refuse such names before Graphviz sees them. Read as UTF-8 bytes, names
    /// compared without ASCII case, as an HTML parser compares them.
    static func unsafeContent(in svg: String) -> String? {
        var svg = svg
        return svg.withUTF8 { SVGScan(bytes: $0).problem }
    }

    /// Drops what may not stand inside HTML (the XML prolog, the DOCTYPE) and comments, which
    /// carry Graphviz's version banner and would change the output with the installed version.
    /// A comment's end takes one line break after it with it.
    public static func inlinable(_ svg: String) -> String {
        var svg = svg
        let kept: [UInt8] = svg.withUTF8 { bytes in
            let scan = SVGScan(bytes: bytes)
            var i = scan.find("<svg", from: 0) ?? 0
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count - i)
            while i < bytes.count {
                guard let open = scan.find("<!--", from: i), let close = scan.find("-->", from: open + 4) else {
                    out.append(contentsOf: bytes[i...])
                    break
                }
                out.append(contentsOf: bytes[i ..< open])
                i = close + 3
                if i < bytes.count, bytes[i] == UInt8(ascii: "\n") { i += 1 }
            }
            return out
        }
        return String(decoding: kept, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `svg` with every id, and every reference to one, prefixed, so several diagrams can share
    /// a page without two elements having the same id (Graphviz names them graph0, node1, …).
    public static func prefixingIDs(_ svg: String, with prefix: String) -> String {
        let escaped = HTMLEscape.text(prefix)
        return svg
            .replacingOccurrences(of: " id=\"", with: " id=\"\(escaped)")
            .replacingOccurrences(of: "href=\"#", with: "href=\"#\(escaped)")
            .replacingOccurrences(of: "url(#", with: "url(#\(escaped)")
    }
}

/// Byte scans of an SVG's UTF-8 for `GraphvizSVG`: the patterns are ASCII, matched without
/// ASCII case, with HTML's whitespace (space, tab, line feed, form feed, carriage return).
struct SVGScan {
    let bytes: UnsafeBufferPointer<UInt8>

    var problem: String? {
        if find("<script", from: 0) != nil { return "a script element" }
        if find("<foreignobject", from: 0) != nil { return "a foreignObject element" }
        if find("javascript:", from: 0) != nil { return "a javascript: link" }
        if hasEventHandler { return "an event handler attribute" }
        if hasExternalReference { return "an external reference" }
        if hasExternalURL { return "an external url()" }
        return nil
    }

    private func lower(_ i: Int) -> UInt8 {
        let c = bytes[i]
        return c >= 0x41 && c <= 0x5A ? c | 0x20 : c
    }

    private func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }

    private func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

    /// Where `word` (lowercase ASCII) next stands at or after `from`, in any ASCII case.
    func find(_ word: StaticString, from: Int) -> Int? {
        let n = word.utf8CodeUnitCount
        guard n > 0, bytes.count >= n else { return nil }
        let first = word.utf8Start[0]
        var i = from
        while i <= bytes.count - n {
            if lower(i) == first {
                var k = 1
                while k < n, lower(i + k) == word.utf8Start[k] { k += 1 }
                if k == n { return i }
            }
            i += 1
        }
        return nil
    }

    private func skipSpace(_ i: inout Int) {
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
    }

    /// `on…=` where an attribute's name can start: after whitespace, `/` or a quote.
    private var hasEventHandler: Bool {
        var at = 0
        while let on = find("on", from: at) {
            at = on + 1
            guard on > 0, isSpace(bytes[on - 1]) || bytes[on - 1] == UInt8(ascii: "/") || bytes[on - 1] == UInt8(ascii: "\"")
                    || bytes[on - 1] == UInt8(ascii: "'") else { continue }
            var i = on + 2
            guard i < bytes.count, isLetter(bytes[i]) else { continue }
            while i < bytes.count, isLetter(bytes[i]) { i += 1 }
            skipSpace(&i)
            if i < bytes.count, bytes[i] == UInt8(ascii: "=") { return true }
        }
        return false
    }

    /// `href=` or `src=` with a quoted value that is not a `#` reference within the page.
    private var hasExternalReference: Bool {
        for name: StaticString in ["href", "src"] {
            var at = 0
            while let found = find(name, from: at) {
                at = found + 1
                var i = found + name.utf8CodeUnitCount
                skipSpace(&i)
                guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { continue }
                i += 1
                skipSpace(&i)
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { continue }
                if i + 1 >= bytes.count || bytes[i + 1] != UInt8(ascii: "#") { return true }
            }
        }
        return false
    }

    /// `url(` whose target is not a `#` reference within the page.
    private var hasExternalURL: Bool {
        var at = 0
        while let found = find("url(", from: at) {
            at = found + 1
            var i = found + 4
            skipSpace(&i)
            if i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") { i += 1 }
            if i >= bytes.count || bytes[i] != UInt8(ascii: "#") { return true }
        }
        return false
    }
}
