import Foundation
import StoryloomBuild
import StoryloomCorpus
import StoryloomDocument

/// The readers Storyloom feeds with input people write, each as a function of raw bytes that
/// must return (with a value or an error), never crash or hang. `scripts/fuzz` runs each under
/// libFuzzer; without the fuzzer this program replays files through one (see `main`).
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "corpus-json": { bytes in _ = try? CorpusLoader.load(bytes: bytes, file: "corpus.json", form: .json) },
        "corpus-yaml": { bytes in _ = try? CorpusLoader.load(bytes: bytes, file: "corpus.yml", form: .yaml) },
        "project": { bytes in _ = try? ProjectLoader.parse(String(decoding: bytes, as: UTF8.self), file: "/nonexistent/storyloom.yml") },
        "brand": { bytes in _ = try? BrandLoader.parse(String(decoding: bytes, as: UTF8.self), file: "/nonexistent/brand.yml") },
        "inline-markdown": { bytes in
            let inlines = Inline.parseMarkdown(String(decoding: bytes, as: UTF8.self))
            let builder = DocumentBuilder(title: "Fuzz")
            builder.paragraph(String(decoding: bytes, as: UTF8.self))
            if let document = try? builder.finish() {
                _ = HTMLRenderer().render(document)
                _ = MarkdownRenderer().render(document)
                _ = TextRenderer().render(document)
            }
            _ = inlines.count
        },
    ]

    /// The target named by STORYLOOM_FUZZ_TARGET.
    static var selected: @Sendable ([UInt8]) -> Void {
        let name = ProcessInfo.processInfo.environment["STORYLOOM_FUZZ_TARGET"] ?? ""
        guard let target = all[name] else {
            FileHandle.standardError.write(Data("set STORYLOOM_FUZZ_TARGET to one of: \(all.keys.sorted().joined(separator: ", "))\n".utf8))
            exit(64)
        }
        return target
    }
}

#if FUZZING
/// libFuzzer's entry point for a program with its own main.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzer(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

nonisolated(unsafe) var target: (@Sendable ([UInt8]) -> Void)? = nil

@main
struct Fuzz {
    static func main() {
        target = FuzzTargets.selected
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzer(&argc, &argv) { data, size in
            target!(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        })
    }
}
#else
/// Replays files through a target, to reproduce a crash the fuzzer found:
///   STORYLOOM_FUZZ_TARGET=corpus-json storyloom-fuzz crash-1234
@main
struct Replay {
    static func main() {
        let target = FuzzTargets.selected
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            target([UInt8](data))
            print("ok: \(path)")
        }
    }
}
#endif
