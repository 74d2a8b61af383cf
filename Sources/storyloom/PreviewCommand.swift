import ArgumentParser
import Dispatch
import FlyingFox
import Foundation
import StoryloomBuild
import StoryloomShared

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Build a project, serve its pages on this machine, and rebuild and reload them as you edit.",
        discussion: """
        Serves the built files on http://127.0.0.1:PORT/ only (never to other machines), from \
        memory: nothing is written into the output folder unless --out names one. It watches \
        the project folder (storyloom.yml, plugins, pages, brand, templates) and the corpus's \
        folder; a change rebuilds and every open page reloads. When a rebuild fails, its error \
        (file:line and traceback) shows over the page and in the terminal, and the last good \
        pages stay served. Ctrl-C stops it.

        Exit status: 0 stopped; 64 bad usage (a port in use); 65/66 the project cannot be read \
        at the start.

        Examples:
          storyloom preview
          storyloom preview my-study --port 8080
        """
    )

    @Argument(help: "A project folder holding storyloom.yml, or the file itself. Default: the project in the current folder, else reports/copro.")
    var project: String?

    @Option(help: "The port to serve on (0: any free port, printed at the start).")
    var port: UInt16 = 8000

    @Option(help: "Also write each good build into this folder.")
    var out: String?

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let path = project ?? defaultCorpusPath
        let state = PreviewState()
        let limits = try plugins.limits()
        let pluginPaths = plugins.pluginPaths
        let memory = plugins.memory != nil ? limits.memoryBytes : nil
        let instructions = plugins.instructions
        let out = self.out
        // Builds run one at a time, off the server's threads.
        let builds = DispatchQueue(label: "storyloom.preview.build")
        @Sendable func rebuild() {
            builds.async {
                let started = Date()
                switch Self.build(path, pluginPaths: pluginPaths, memory: memory, instructions: instructions, out: out) {
                case let .success(files):
                    Self.await { await state.succeeded(files) }
                    Self.say(String(format: "built %d files in %.2f s", files.count, Date().timeIntervalSince(started)))
                case let .failure(message):
                    Self.await { await state.failed(message) }
                    printError("storyloom: the build failed; the last good pages stay served\n" + TerminalText.clean(message))
                }
            }
        }
        // A project that cannot be read at all is an error before anything is served.
        do {
            _ = try ProjectLoader.load(path: path)
        } catch {
            printError(TerminalText.clean(error.description))
            throw error.unreadable ? Exit.noInput : Exit.dataError
        }
        rebuild()
        builds.sync {}

        // IPv4 loopback only: reachable from this machine's browser, never from another.
        let address: sockaddr_in
        do {
            address = try .inet(ip4: "127.0.0.1", port: port)
        } catch {
            throw Exit.software
        }
        let server = HTTPServer(address: address, timeout: 30, logger: .disabled)
        let started = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: Error?
        Task {
            await Self.routes(server, state)
            do {
                try await server.run()
            } catch {
                failure = error
                started.signal()
            }
        }
        Task {
            do {
                try await server.waitUntilListening(timeout: 10)
                if case let .ip4(_, port)? = await server.listeningAddress {
                    Self.say("serving http://127.0.0.1:\(port)/ (Ctrl-C to stop)")
                }
            } catch {
                failure = error
            }
            started.signal()
        }
        started.wait()
        if let failure {
            printError("storyloom: cannot serve on 127.0.0.1:\(port): \(failure)")
            throw Exit.usage
        }

        let folder = ((path as NSString).lastPathComponent == ProjectLoader.fileName) ? (path as NSString).deletingLastPathComponent : path
        var roots = [folder.isEmpty ? "." : folder] + pluginPaths
        if let project = try? ProjectLoader.load(path: path) {
            roots += [(project.corpus as NSString).deletingLastPathComponent, project.plugins]
            if let brand = project.brand { roots.append((brand as NSString).deletingLastPathComponent) }
        }
        guard let watcher = FolderWatcher(roots: Array(Set(roots)), changed: { rebuild() }) else {
            printError("storyloom: cannot watch the project's folders (inotify); pages will not rebuild")
            throw Exit.unavailable
        }
        watcher.start()
        keptUntilExit.append(watcher)

        // Ctrl-C: stop at once, cleanly (nothing is being written into the project).
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .main)
        interrupt.setEventHandler {
            Self.say("\nstopped")
            Foundation.exit(0)
        }
        interrupt.resume()
        keptUntilExit.append(interrupt as AnyObject)
        dispatchMain()
    }

    /// A line to standard output at once (not held in a buffer when output is a file or pipe).
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Runs an async step from a synchronous queue and waits for it.
    private static func await(_ body: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await body()
            done.signal()
        }
        done.wait()
    }

    private enum Outcome {
        case success([String: Data])
        case failure(String)
    }

    /// One build in memory: the files by name, or what went wrong.
    private static func build(_ path: String, pluginPaths: [String], memory: Int?, instructions: Int?, out: String?) -> Outcome {
        let project: Project
        do {
            project = try ProjectLoader.load(path: path)
        } catch {
            return .failure(error.description)
        }
        var options = BuildOptions()
        options.pluginPaths = pluginPaths
        options.memoryBytes = memory
        options.instructions = instructions
        if let out { options.outputFolder = out }
        var build = ReportBuild(project: project, options: options)
        do {
            let files = try build.make()
            if out != nil { try ReportBuild.write(files) }
            var byName: [String: Data] = [:]
            for file in files { byName[(file.path as NSString).lastPathComponent] = file.bytes }
            return .success(byName)
        } catch {
            return .failure(error.description)
        }
    }

    private static func routes(_ server: HTTPServer, _ state: PreviewState) async {
        await server.appendRoute("GET /__storyloom/wait") { request in
            let since = Int(request.query["since"] ?? "") ?? 0
            let (generation, error) = await state.wait(since: since, timeout: 10)
            let answer = PlainValue.record([("generation", .integer(Int64(generation))), ("error", error.map(PlainValue.string) ?? .null)])
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json", .init("Cache-Control"): "no-store"],
                                body: Data(answer.text(pretty: false).utf8))
        }
        await server.appendRoute(HTTPRoute(stringLiteral: "GET " + PreviewScript.path)) { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/javascript; charset=utf-8"], body: Data(PreviewScript.text.utf8))
        }
        await server.appendRoute("GET *") { request in
            let name = String(request.path.drop(while: { $0 == "/" }))
            let files = await state.files
            let generation = await state.filesGeneration
            if name.isEmpty {
                return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                                    body: Data(PreviewScript.inject(into: Self.index(files.keys.sorted()), generation: generation).utf8))
            }
            guard let bytes = files[name] else {
                return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                    body: Data("no file \(name) in this build\n".utf8))
            }
            if name.hasSuffix(".html") {
                let page = PreviewScript.inject(into: String(decoding: bytes, as: UTF8.self), generation: generation)
                return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/html; charset=utf-8", .init("Cache-Control"): "no-store"],
                                    body: Data(page.utf8))
            }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: Self.contentType(name), .init("Cache-Control"): "no-store"], body: bytes)
        }
    }

    /// A page listing the build's files.
    private static func index(_ names: [String]) -> String {
        let items = names.map { name -> String in
            let escaped = name.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: "\"", with: "&quot;")
            return "<li><a href=\"/\(escaped)\">\(escaped)</a></li>"
        }.joined(separator: "\n")
        return """
        <!doctype html><html lang="en"><head><meta charset="utf-8">\
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">\
        <title>Storyloom preview</title></head><body><h1>Storyloom preview</h1><ul>
        \(items)
        </ul></body></html>
        """
    }

    private static func contentType(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "svg": "image/svg+xml"
        case "json": "application/json"
        case "pdf": "application/pdf"
        case "txt", "md", "dot", "csv", "eml", "typ": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
