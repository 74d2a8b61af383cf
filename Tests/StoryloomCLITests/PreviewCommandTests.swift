import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `storyloom preview` as an author uses it: pages served on 127.0.0.1, a plugin, the brand and
/// a narrative page edited and the reload signal and new content seen, a broken plugin's
/// file:line shown, Ctrl-C stopping.
@Suite struct PreviewCommandTests {
    /// Fetches a URL on the preview server (nil when it cannot).
    private func get(_ url: String, timeout: Double = 15) -> String? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body: String?
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = timeout
        URLSession.shared.dataTask(with: request) { data, _, _ in
            body = data.map { String(decoding: $0, as: UTF8.self) }
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + timeout + 1)
        return body
    }

    private func generation(_ json: String?) -> Int {
        guard let data = json?.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return -1 }
        return object["generation"] as? Int ?? -1
    }

    /// Replaces words in a file as editors save: a new file renamed over the old one.
    private func edit(_ file: URL, replacing old: String, with new: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(old), "\(file.lastPathComponent) holds '\(old)'")
        let copy = file.deletingLastPathComponent().appendingPathComponent("." + file.lastPathComponent + ".tmp")
        try text.replacingOccurrences(of: old, with: new).write(to: copy, atomically: false, encoding: .utf8)
        _ = rename(copy.path, file.path)
    }

    @Test func editsRebuildAndReloadAndErrorsShow() throws {
        let folder = try Storyloom.temporaryFolder()
        let project = folder.appendingPathComponent("p")
        #expect(try Storyloom.run(["new", project.path, "--corpus", "reports/copro/corpus.json"]).status == 0)
        let layouts = project.appendingPathComponent("plugins/layouts")
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        let layout = layouts.appendingPathComponent("overview.lua")
        func write(_ body: String) throws {
            // As editors save: a new file renamed over the old one.
            let temporary = layouts.appendingPathComponent(".overview.lua.tmp")
            try """
            return {
              name = "overview", kind = "layout", summary = "a test overview",
              run = function(ctx)
                ctx.doc:title("Preview test")
                \(body)
              end,
            }
            """.write(to: temporary, atomically: false, encoding: .utf8)
            _ = rename(temporary.path, layout.path)
        }
        try write(#"ctx.doc:paragraph("Hello one")"#)

        let process = Process()
        process.executableURL = Storyloom.binary
        process.arguments = ["preview", project.path, "--port", "0"]
        process.currentDirectoryURL = Storyloom.root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // The first line after the build names the address.
        var port = ""
        let reader = out.fileHandleForReading
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        while port.isEmpty, Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let match = seen.firstMatch(of: /serving http:\/\/127\.0\.0\.1:(\d+)\//) { port = String(match.1) }
        }
        try #require(!port.isEmpty, "no address in: \(seen)")
        let base = "http://127.0.0.1:\(port)"

        let page = try #require(get(base + "/overview.html"))
        #expect(page.contains("Hello one"))
        #expect(page.contains("/__storyloom/reload.js"))
        let first = generation(get(base + "/__storyloom/wait?since=0"))
        #expect(first >= 1)

        // An edit: the wait answers with a new generation, and the page has the new words.
        try write(#"ctx.doc:paragraph("Hello two")"#)
        let second = get(base + "/__storyloom/wait?since=\(first)")
        #expect(generation(second) > first, "\(second ?? "nil")")
        #expect(get(base + "/overview.html")?.contains("Hello two") == true)

        // The brand edited (the words every page carries): the page follows.
        try edit(project.appendingPathComponent("brand.yml"), replacing: "Built with Storyloom from the stories people told us.",
                 with: "Footer edited in preview.")
        let third = get(base + "/__storyloom/wait?since=\(generation(second))")
        #expect(generation(third) > generation(second), "\(third ?? "nil")")
        #expect(get(base + "/overview.html")?.contains("Footer edited in preview.") == true)

        // A narrative page edited: the summary report shows the author's new words.
        try edit(project.appendingPathComponent("pages/summary.md"), replacing: "# What we heard",
                 with: "# What we heard\n\nWords written in preview: {{< count stories >}} stories.")
        let fourth = get(base + "/__storyloom/wait?since=\(generation(third))")
        #expect(generation(fourth) > generation(third), "\(fourth ?? "nil")")
        #expect(get(base + "/summary.html")?.contains("Words written in preview: 85 stories.") == true)

        // A broken plugin: the wait carries its file:line; the last good page stays served.
        try write(#"ctx.doc:paragraph("Hello" .. nil)"#)
        let broken = try #require(get(base + "/__storyloom/wait?since=\(generation(fourth))"))
        #expect(broken.contains("overview.lua:5"), "\(broken)")
        #expect(get(base + "/overview.html")?.contains("Hello two") == true)
        #expect(get(base + "/__storyloom/reload.js")?.contains("storyloom-error") == true)

        // Ctrl-C stops it cleanly.
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
