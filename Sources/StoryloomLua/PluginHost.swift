import Foundation
import StoryloomCorpus
import StoryloomDocument
import StoryloomQuery
import StoryloomShared

/// Runs plugins against one corpus: one sandboxed runtime, the corpus bound into it, the
/// plugins found in the given folders, and analyses run in the order their `uses` give.
public final class PluginHost {
    public let runtime: LuaRuntime
    public let registry: PluginRegistry
    let binding: CorpusBinding
    /// What plugins receive as `ctx.brand`: the organisation's name, link, introduction,
    /// footer, contact and partners (empty without a brand).
    public var brand: PlainValue = .object([]) { didSet { if brand != oldValue { sharedBrand = nil } } }
    /// What plugins receive as `ctx.publication`: the report being built and where and how it
    /// is published (its name, date, web address, email sender and recipient).
    public var publication: PlainValue = .object([]) { didSet { if publication != oldValue { sharedPublication = nil } } }
    /// `ctx.brand`, `ctx.publication` and each plugin's last `ctx.params` as read-only Lua
    /// values, made once and given to every call while they stay the same: a page may run a
    /// shortcode hundreds of times. Read-only, so no call can change what the next one sees.
    private var sharedBrand: LuaRef?
    private var sharedPublication: LuaRef?
    private var sharedParameters: [String: (value: [(key: String, value: PlainValue)], ref: LuaRef)] = [:]
    /// Results of analyses run with their default parameters, by name.
    private var defaultResults: [String: PlainValue] = [:]
    /// The project's parameters for analyses, in place of their declared defaults.
    private let analysisParameters: [String: [(key: String, value: String)]]
    /// The report whose layout is running (nil between layouts).
    var report: ReportRun?
    /// Each shortcode's parameters and filter when it is given no options, made once: a page
    /// may run one shortcode hundreds of times, mostly without options.
    var shortcodeDefaults: [String: (parameters: [(key: String, value: PlainValue)], filter: PlainValue)] = [:]
    /// Analyses asked for through `ctx.analysis` and running now: asking again is a loop.
    private var analysesAsked: [String] = []
    /// `ctx.analysis` and `ctx.narrative`, made once (host functions live as long as the state).
    private var analysisFunction: LuaRef?
    private var narrativeFunction: LuaRef?
    private var blockFunction: LuaRef?
    /// Layout blocks running now ("LAYOUT NAME"): placing one again is a loop.
    var blocksRunning: [String] = []

    public convenience init(query: Query, sources: [PluginSource], limits: LuaRuntime.Limits = .init()) throws(PluginFailure) {
        try self.init(query: query, environment: PluginEnvironment(sources: sources, limits: limits))
    }

    public init(query: Query, environment: PluginEnvironment) throws(PluginFailure) {
        do {
            runtime = try LuaRuntime(limits: environment.limits)
        } catch {
            throw .run(error)
        }
        do {
            registry = try PluginRegistry(sources: environment.sources, runtime: runtime)
        } catch {
            throw .definition(error)
        }
        analysisParameters = environment.analysisParameters
        binding = CorpusBinding(runtime: runtime, query: query)
        DocumentBinding.define(in: runtime)
        runtime.pushFunction { [unowned self] stack throws(HostError) in try self.askForAnalysis(stack) }
        analysisFunction = LuaRef(runtime: runtime)
        runtime.pushFunction { [unowned self] stack throws(HostError) in try self.placeNarrative(stack) }
        narrativeFunction = LuaRef(runtime: runtime)
        runtime.pushFunction { [unowned self] stack throws(HostError) in try self.placeBlock(stack) }
        blockFunction = LuaRef(runtime: runtime)
    }

    /// `ctx.analysis(name)`: an analysis's result with the project's parameters, run once per corpus.
    private func askForAnalysis(_ stack: LuaStack) throws(HostError) -> Int32 {
        let name = try stack.stringArgument(1, "analysis")
        if let known = defaultResults[name] {
            stack.pushReadOnly(known)
            return 1
        }
        guard !analysesAsked.contains(name) else {
            throw HostError("analysis: '\(name)' asks for itself: \((analysesAsked + [name]).map { "'\($0)'" }.joined(separator: " → "))")
        }
        analysesAsked.append(name)
        defer { analysesAsked.removeLast() }
        do {
            stack.pushReadOnly(try analysisResult(name))
            return 1
        } catch {
            throw HostError(Self.nestedMessage(error))
        }
    }

    public func plugin(_ name: String, kind: PluginDescription.Kind) throws(PluginError) -> LoadedPlugin {
        let table = kind == .shortcode ? registry.shortcodes : registry.plugins
        guard let plugin = table[name] else {
            var suggest = Suggest()
            let near = suggest.nearest(to: name, among: table.values.filter { $0.description.kind == kind }.map(\.description.name))
            throw PluginError(file: "", message: "no \(kind.rawValue) plugin is named '\(name)'"
                + (near.map { "; did you mean '\($0)'?" } ?? "; `storyloom plugins` lists them"))
        }
        guard plugin.description.kind == kind else {
            throw PluginError(file: plugin.description.file, message: "'\(name)' is a \(plugin.description.kind.rawValue) plugin, not an \(kind.rawValue)")
        }
        return plugin
    }

    /// Makes `query`'s corpus (a report's selection, say) the one plugins see from now on, in
    /// the same Lua state: analyses run again for it when asked.
    public func use(_ query: Query) {
        guard query.corpus !== binding.corpus else { return }
        binding.use(query)
        defaultResults = [:]
    }

    /// Runs an analysis (and first the analyses it uses, with their defaults); returns its result.
    public func runAnalysis(_ name: String, parameters: [(key: String, value: String)] = []) throws(PluginFailure) -> PlainValue {
        let target = try definition { () throws(PluginError) in try plugin(name, kind: .analysis) }
        let parameters = try definition { () throws(PluginError) in
            try target.description.resolveParameters((analysisParameters[name] ?? []) + parameters)
        }
        let results = try dependencies(of: target)
        return try call(target, parameters: parameters, results: results) { _ in }
    }

    /// Runs a layout: it builds a document through `ctx.doc`, which is returned finished. The
    /// report's narrative pages are `ctx.pages`, placed with `ctx.narrative`.
    public func runLayout(_ name: String, parameters: [(key: String, value: String)] = [], pages: [ReportPage] = []) throws(PluginFailure) -> Document {
        let layout = try definition { () throws(PluginError) in try plugin(name, kind: .layout) }
        let parameters = try definition { () throws(PluginError) in try layout.description.resolveParameters(parameters) }
        let results = try dependencies(of: layout)
        let builder = DocumentBuilder(title: binding.corpus.project.title)
        let run = ReportRun(builder: builder, pages: pages, state: LuaStack(L: runtime.L, runtime: runtime).newRegistryTable())
        report = run
        defer {
            analysesUsed = run.uses.union(layout.description.uses).sorted()
            report = nil
        }
        _ = try call(layout, parameters: parameters, results: results) { ctx in
            addReportFields(to: &ctx, builder: builder)
        }
        do {
            return try builder.finish()
        } catch {
            throw .definition(PluginError(file: layout.description.file, message: "layout '\(name)': \(error.message)"))
        }
    }

    /// What a layout (or a layout's block) gets besides every plugin's ctx: the report's
    /// document, its pages, and the functions that place a page and a block.
    func addReportFields(to ctx: inout LuaStack.TableBuilder, builder: DocumentBuilder) {
        ctx.set("doc") { ctx.stack.pushHandle(builder, kind: DocumentBinding.kind) }
        ctx.set("pages", readOnly: .array((report?.pages ?? []).map(\.value)))
        ctx.set("narrative") { narrativeFunction?.push() }
        ctx.set("block") { blockFunction?.push() }
    }

    /// The results of the named analyses, in name order, as plugins are given them (run once
    /// per corpus): what a report's workbook shows of `analysesUsed`.
    public func results(named names: [String]) throws(PluginFailure) -> [(key: String, value: PlainValue)] {
        var results: [(key: String, value: PlainValue)] = []
        for name in Set(names).sorted() {
            results.append((name, try analysisResult(name)))
        }
        return results
    }

    /// An analysis's result with the project's parameters, run (with what it uses) once per corpus.
    func analysisResult(_ name: String) throws(PluginFailure) -> PlainValue {
        if let known = defaultResults[name] { return known }
        let plugin = try definition { () throws(PluginError) in try self.plugin(name, kind: .analysis) }
        let parameters = try definition { () throws(PluginError) in
            try plugin.description.resolveParameters(analysisParameters[name] ?? [])
        }
        let inputs = try dependencies(of: plugin)
        let value = try call(plugin, parameters: parameters, results: inputs) { _ in }
        defaultResults[name] = value
        return value
    }

    /// The analyses the last report used (through `uses`): its layout's, and those of the
    /// shortcodes and blocks its pages placed, in name order.
    public private(set) var analysesUsed: [String] = []

    /// Every plugin call so far, in order: what `build --timings` prints.
    public private(set) var pluginRuns: [PluginRun] = []
    /// Plugin calls under way: one made while another runs is part of that one's time.
    private var callsRunning = 0

    /// The results of the analyses `plugin` uses, running each once.
    func dependencies(of plugin: LoadedPlugin) throws(PluginFailure) -> [(key: String, value: PlainValue)] {
        // Dependencies first: each analysis's own inputs are done when its turn comes.
        let order = try definition { () throws(PluginError) in try registry.runOrder(for: plugin.description.uses) }
        for dependency in order where defaultResults[dependency.description.name] == nil {
            let inputs = dependency.description.uses.sorted().map { (key: $0, value: defaultResults[$0]!) }
            let parameters = try definition { () throws(PluginError) in
                try dependency.description.resolveParameters(analysisParameters[dependency.description.name] ?? [])
            }
            defaultResults[dependency.description.name] = try call(dependency, parameters: parameters, results: inputs) { _ in }
        }
        return plugin.description.uses.sorted().map { ($0, defaultResults[$0]!) }
    }

    /// Calls a plugin's `run(ctx, params)` (or a layout's block, `function`, named `block`);
    /// `extend` adds kind-specific fields to `ctx`.
    func call(_ plugin: LoadedPlugin, function: LuaRef? = nil, block: String? = nil, parameters: [(key: String, value: PlainValue)],
              results: [(key: String, value: PlainValue)], extend: (inout LuaStack.TableBuilder) -> Void) throws(PluginFailure) -> PlainValue {
        let d = plugin.description
        let started = DispatchTime.now().uptimeNanoseconds
        let nested = callsRunning > 0
        callsRunning += 1
        defer {
            callsRunning -= 1
            pluginRuns.append(PluginRun(plugin: d.name, kind: d.kind, block: block,
                                        seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
                                        luaBytes: runtime.memoryInUse, nested: nested))
        }
        let returned: LuaRef
        do {
            returned = try runtime.call(function ?? plugin.run, plugin: (d.name, d.file)) { stack throws(LuaError) in
            stack.pushTable(fields: 12) { ctx in
                ctx.set("corpus") { binding.pushCorpus() }
                ctx.set("query") { binding.pushQuery() }
                ctx.set("results", readOnly: .object(results))
                ctx.set("params") { sharedReadOnlyParameters(parameters, of: plugin, stack) }
                ctx.set("plugin") { shared(&plugin.sharedRecord, .record([("name", .string(d.name)), ("file", .string(d.file))]), stack) }
                ctx.set("api_version") { stack.pushInteger(1) }
                ctx.set("brand") { shared(&sharedBrand, brand, stack) }
                ctx.set("publication") { shared(&sharedPublication, publication, stack) }
                ctx.set("analysis") { analysisFunction?.push() }
                if let report { ctx.set("state") { report.state.push() } }
                extend(&ctx)
            }
            stack.wrapReadOnly()
            stack.push(.object(parameters))
            return 2
            }
        } catch {
            throw .run(error)
        }
        let value: PlainValue
        do {
            value = try returned.value(path: "the result of '\(d.name)'")
        } catch {
            throw .definition(PluginError(file: d.file, message: error.message))
        }
        if d.kind == .analysis, value == .null {
            throw .definition(PluginError(file: d.file, message: "analysis '\(d.name)' returned nothing; its run function must return a result"))
        }
        return value
    }

    /// Pushes `value` read-only: the Lua value in `cache`, made first if there is none.
    private func shared(_ cache: inout LuaRef?, _ value: PlainValue, _ stack: LuaStack) {
        if cache == nil {
            stack.pushReadOnly(value)
            cache = LuaRef(runtime: runtime)
        }
        cache!.push()
    }

    /// Pushes a plugin's parameters read-only, sharing the Lua value of its last call when they
    /// are the same.
    private func sharedReadOnlyParameters(_ parameters: [(key: String, value: PlainValue)], of plugin: LoadedPlugin, _ stack: LuaStack) {
        let key = plugin.description.file + "\u{0}" + plugin.description.name
        if let last = sharedParameters[key], last.value.elementsEqual(parameters, by: { $0.key == $1.key && $0.value == $1.value }) {
            last.ref.push()
            return
        }
        var made: LuaRef? = nil
        shared(&made, .object(parameters), stack)
        sharedParameters[key] = (parameters, made!)
    }

    /// Runs a step that can fail only in a plugin's description or parameters.
    func definition<T>(_ body: () throws(PluginError) -> T) throws(PluginFailure) -> T {
        do {
            return try body()
        } catch {
            throw .definition(error)
        }
    }
}

/// One plugin call's cost: its wall time (with the host functions it called) and the memory
/// its Lua state held when it returned.
public struct PluginRun: Sendable {
    public var plugin: String
    public var kind: PluginDescription.Kind
    /// Set when the call was one of a layout's blocks, placed by a page or another layout.
    public var block: String?
    public var seconds: Double
    public var luaBytes: Int
    /// Made while another plugin call ran (a shortcode or block a layout placed, an analysis it
    /// asked for), so its time is within that call's.
    public var nested: Bool
}
