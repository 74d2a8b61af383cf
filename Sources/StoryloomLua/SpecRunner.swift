import Foundation
import StoryloomDocument
import StoryloomShared

/// Runs plugin specs (`*_spec.lua` beside the plugins) in a host's own sandbox, against the
/// corpus the host holds: what `storyloom test` does. A spec uses the built-in module
/// `lib.spec` (describe / it / expect); this runner gives it the host functions it needs
/// (`storyloom.spec.analysis`, `.layout`, `.golden`) and collects what each test found.
public final class SpecRunner {
    /// One test's outcome.
    public struct Outcome: Sendable, Equatable {
        /// The spec file, as messages name it.
        public var file: String
        public var name: String
        public var passed: Bool
        /// Why it failed, starting with file:line where Lua knows it.
        public var message: String?
    }

    let host: PluginHost
    /// With `update`, golden files are written rather than compared.
    let update: Bool
    /// The folder of the spec file running now (nil for a built-in spec): golden files live
    /// in its `golden/` folder.
    private var specFolder: String?

    public init(host: PluginHost, update: Bool) throws(PluginFailure) {
        self.host = host
        self.update = update
        do {
            try registerFunctions()
        } catch {
            throw .run(error)
        }
    }

    /// The spec files of every source, in override order then path order.
    public static func specFiles(in sources: [PluginSource]) -> [(source: PluginSource, relative: String)] {
        sources.flatMap { source in source.specFiles().map { (source, $0) } }
    }

    /// Runs one spec file's tests. A file that fails to load is one failed outcome.
    public func run(_ relative: String, from source: PluginSource) -> [Outcome] {
        let file = source.displayPath(relative)
        if case let .folder(root) = source.storage {
            specFolder = (((root as NSString).appendingPathComponent(relative)) as NSString).deletingLastPathComponent
        } else {
            specFolder = nil
        }
        defer { specFolder = nil }
        guard let text = source.text(of: relative) else {
            return [Outcome(file: file, name: "(the file)", passed: false, message: "\(file): cannot read the file (it is not UTF-8 text)")]
        }
        let results: PlainValue
        do {
            _ = try host.runtime.run(text, chunkName: file)
            let runner = try host.runtime.run("return function(ctx) return require('lib.spec').run_collected(ctx) end",
                                              chunkName: "=(storyloom test)")
            let description = PluginDescription(name: "spec", kind: .analysis, summary: "", uses: [], parameters: [],
                                                fileExtension: nil, file: file, origin: source.origin)
            results = try host.call(LoadedPlugin(description: description, run: runner), parameters: [], results: []) { _ in }
        } catch let error as LuaError {
            return [Outcome(file: file, name: "(the file)", passed: false, message: error.description)]
        } catch let error as PluginFailure {
            return [Outcome(file: file, name: "(the file)", passed: false, message: error.description)]
        } catch {
            return [Outcome(file: file, name: "(the file)", passed: false, message: "\(error)")]
        }
        return (results.arrayValue ?? []).map { result in
            Outcome(file: file, name: result["name"]?.stringValue ?? "?", passed: result["ok"] == .bool(true),
                    message: result["message"]?.stringValue)
        }
    }

    private func registerFunctions() throws(LuaError) {
        let runtime = host.runtime
        try runtime.register(path: "storyloom.spec.analysis", name: "analysis") { [unowned self] arguments throws(HostError) in
            let (name, parameters) = try Self.nameAndParameters(arguments, "analysis")
            do throws(PluginFailure) {
                return [try host.runAnalysis(name, parameters: parameters)]
            } catch {
                throw HostError(error.description)
            }
        }
        try runtime.register(path: "storyloom.spec.layout", name: "layout") { [unowned self] arguments throws(HostError) in
            let (name, parameters) = try Self.nameAndParameters(arguments, "layout")
            do throws(PluginFailure) {
                return [.string(TextRenderer().render(try host.runLayout(name, parameters: parameters)))]
            } catch {
                throw HostError(error.description)
            }
        }
        try runtime.register(path: "storyloom.spec.golden", name: "to_match_golden") { [unowned self] arguments throws(HostError) in
            guard let name = arguments.first?.stringValue,
                  NameShape.isFileName(name), !name.contains("..") else {
                throw HostError("a golden file's name is letters, digits, '.', '_' and '-'")
            }
            return [golden(name, arguments.count > 1 ? arguments[1] : .null).map(PlainValue.string) ?? .null]
        }
    }

    /// Compares `value` with `golden/NAME.json` beside the spec (or writes it, with `update`);
    /// nil when they match, else what is wrong.
    private func golden(_ name: String, _ value: PlainValue) -> String? {
        guard let specFolder else { return "built-in specs cannot use golden files (their corpus is the project's)" }
        let folder = (specFolder as NSString).appendingPathComponent("golden")
        let path = (folder as NSString).appendingPathComponent(name + ".json")
        let text = value.text(pretty: true) + "\n"
        if update {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                return nil
            } catch {
                return "cannot write \(path): \(error.localizedDescription)"
            }
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "no golden file \(path); run `storyloom test --update` to write it"
        }
        guard expected != text else { return nil }
        // The first line that differs, so the failure says where.
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0 ..< min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let was = line < a.count ? String(a[line]) : "(end)", now = line < b.count ? String(b[line]) : "(end)"
        return "differs from \(path) at line \(line + 1): expected \(was.trimmingCharacters(in: .whitespaces)), got \(now.trimmingCharacters(in: .whitespaces)); run with --update if the change is right"
    }

    private static func nameAndParameters(_ arguments: [PlainValue], _ function: String) throws(HostError) -> (String, [(key: String, value: String)]) {
        guard let name = arguments.first?.stringValue else {
            throw HostError("bad argument #1 to '\(function)' (the plugin's name expected)")
        }
        var parameters: [(key: String, value: String)] = []
        if arguments.count > 1 {
            switch arguments[1] {
            case .null: break
            case let .object(members):
                for (key, value) in members {
                    switch value {
                    case let .string(s): parameters.append((key, s))
                    case let .integer(i): parameters.append((key, String(i)))
                    case let .number(d): parameters.append((key, String(d)))
                    case let .bool(b): parameters.append((key, b ? "true" : "false"))
                    default: throw HostError("bad argument #2 to '\(function)' (parameter '\(key)' must be a string, number or boolean)")
                    }
                }
            case .array([]): break
            default: throw HostError("bad argument #2 to '\(function)' (a table of parameters expected)")
            }
        }
        return (name, parameters)
    }
}
