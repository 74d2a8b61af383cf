import Foundation

/// Renders DOT to SVG with Graphviz's `dot`, when it is installed, for inlining in HTML.
public enum GraphvizSVG {
    /// The `dot` executable on PATH, if any.
    public static func dotExecutable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// SVG for `dot`, ready to inline (no XML prolog, DOCTYPE or comments), or nil if Graphviz
    /// is missing or fails.
    public static func render(_ dot: String, executable: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return nil
        }
        // Write on another thread so a large graph cannot fill both pipes and stall.
        let data = Data(dot.utf8)
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        _ = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return inlinable(String(decoding: svg, as: UTF8.self))
    }

    /// Drops what may not stand inside HTML, and Graphviz's version comment (so the output
    /// does not change with the installed version's banner).
    static func inlinable(_ svg: String) -> String {
        var text = svg
        if let start = text.range(of: "<svg") { text = String(text[start.lowerBound...]) }
        text = text.replacing(/<!--.*?-->\n?/.dotMatchesNewlines(), with: "")
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
