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
    public static func renderChecked(_ dot: String, executable: String) -> Result<String, Failure> {
        guard let run = ChildProcess.run("/bin/sh", ["-c", "ulimit -t \(cpuLimit) -v \(memoryLimitKiB) 2>/dev/null; exec \"$0\" -Tsvg", executable],
                                         input: Array(dot.utf8), timeout: timeLimit) else {
            return .failure(.cannotStart)
        }
        if run.timedOut { return .failure(.timedOut(seconds: timeLimit)) }
        if let signal = run.signal { return .failure(.crashed(signal: signal)) }
        let svg = run.output
        guard run.status == 0, !svg.isEmpty else { return .failure(.failed(status: run.status ?? -1)) }
        let text = inlinable(String(decoding: svg, as: UTF8.self))
        if let problem = unsafeContent(in: text) { return .failure(.unsafe(problem)) }
        return .success(text)
    }

    /// What in `svg` could run or fetch something once inlined, if anything. Graphviz writes
    /// every label as text, so this only finds what a bad font or colour name smuggled in; the
    /// renderers also refuse such names before Graphviz sees them.
    static func unsafeContent(in svg: String) -> String? {
        let lower = svg.lowercased()
        if lower.contains("<script") { return "a script element" }
        if lower.contains("<foreignobject") { return "a foreignObject element" }
        if lower.contains("javascript:") { return "a javascript: link" }
        if svg.firstMatch(of: /\son[a-zA-Z]+\s*=/) != nil { return "an event handler attribute" }
        if svg.firstMatch(of: /(?i)(href|src)\s*=\s*"(?!#)/) != nil { return "an external reference" }
        if svg.firstMatch(of: /(?i)url\(\s*['"]?(?!#)/) != nil { return "an external url()" }
        return nil
    }

    /// Drops what may not stand inside HTML (the XML prolog, the DOCTYPE) and comments, which
    /// carry Graphviz's version banner and would change the output with the installed version.
    public static func inlinable(_ svg: String) -> String {
        var text = svg
        if let start = text.range(of: "<svg") { text = String(text[start.lowerBound...]) }
        text = text.replacing(/<!--.*?-->\n?/.dotMatchesNewlines(), with: "")
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
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
