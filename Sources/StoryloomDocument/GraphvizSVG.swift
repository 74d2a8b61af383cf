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

    /// SVG for `dot`, ready to inline (no XML prolog, DOCTYPE or comments), or nil if Graphviz
    /// fails. The same DOT and Graphviz version give the same bytes.
    public static func render(_ dot: String, executable: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        // Not read, so it must not be a pipe that could fill up and stall Graphviz.
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        // Write on another thread so a large graph cannot fill both pipes and stall.
        let data = Data(dot.utf8)
        let writing = input.fileHandleForWriting
        let writer = Thread {
            try? writing.write(contentsOf: data)
            try? writing.close()
        }
        writer.start()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !svg.isEmpty else { return nil }
        return inlinable(String(decoding: svg, as: UTF8.self))
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
