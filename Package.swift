// swift-tools-version:6.0
import PackageDescription

// `scripts/fuzz` builds with STORYLOOM_FUZZ=1: the readers it fuzzes are compiled with
// libFuzzer's coverage, and the fuzz program is linked with libFuzzer (which brings its own
// main). Only those targets: the build plugin's tool must stay an ordinary program.
let fuzzing = Context.environment["STORYLOOM_FUZZ"] == "1"
let fuzzCoverage: [SwiftSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer"])] : []

let package = Package(
    name: "Storyloom",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "storyloom", targets: ["storyloom"]),
        .library(name: "StoryloomBuild", targets: ["StoryloomBuild"]),
        .library(name: "StoryloomCorpus", targets: ["StoryloomCorpus"]),
        .library(name: "StoryloomDocument", targets: ["StoryloomDocument"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // Lua 5.4 from the system (Debian: liblua5.4-dev).
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // glibc's mallopt, to let the heap grow in large steps.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // The compiler's prefetch hint, for id tables filled faster than memory answers.
        .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),
        // Line editing and history for `storyloom repl` (Debian: libedit-dev).
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The CommonMark reference parser from the system (Debian: libcmark-dev), for narrative pages.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // libcurl loaded when first called (never, in practice) rather than at every start.
        .target(name: "CCurlOnDemand"),
        // C trampolines, allocator and hooks: the only code that may longjmp.
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        // The one plain value type (corpus extras, plugin results, JSON).
        .target(name: "StoryloomShared"),
        // The corpus model, its loaders (JSON, YAML) and validation.
        .target(
            name: "StoryloomCorpus",
            dependencies: [
                "StoryloomShared", "Yams", "CPrefetch",
                .product(name: "BitCollections", package: "swift-collections"),
            ],
            swiftSettings: fuzzCoverage
        ),
        // The native query toolkit over the corpus bit sets.
        .target(
            name: "StoryloomQuery",
            dependencies: [
                "StoryloomShared", "StoryloomCorpus",
                .product(name: "BitCollections", package: "swift-collections"),
            ]
        ),
        // The Document and its renderers (text, HTML, Markdown, JSON, DOT, Typst, Pandoc's AST).
        .target(name: "StoryloomDocument", dependencies: ["StoryloomShared"], swiftSettings: fuzzCoverage),
        // Narrative pages: Markdown with YAML front matter and shortcodes, read into Document blocks.
        .target(name: "StoryloomNarrative", dependencies: ["CCmark", "StoryloomDocument", "StoryloomShared", "Yams"]),
        // The built-in plugins and templates, embedded from plugins/ when the package is built.
        .target(name: "StoryloomBuiltins", plugins: ["EmbedBuiltins"]),
        .executableTarget(name: "storyloom-embed"),
        .plugin(name: "EmbedBuiltins", capability: .buildTool(), dependencies: ["storyloom-embed"]),
        // The sandboxed Lua host: runtime, corpus API, plugins.
        .target(
            name: "StoryloomLua",
            dependencies: [
                "CLuaShim", "StoryloomShared", "StoryloomCorpus", "StoryloomQuery", "StoryloomDocument", "StoryloomNarrative", "StoryloomBuiltins",
                .product(name: "BitCollections", package: "swift-collections"),
            ]
        ),
        // Report projects and the build pipeline.
        .target(
            name: "StoryloomBuild",
            dependencies: [
                "StoryloomShared", "StoryloomCorpus", "StoryloomQuery", "StoryloomDocument", "StoryloomNarrative", "StoryloomLua", "Yams",
                .product(name: "BitCollections", package: "swift-collections"),
                .product(name: "Mustache", package: "swift-mustache"),
                // Workbooks (.xlsx) of results and quotes.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: fuzzCoverage
        ),
        // Bringing coding in from other tools and taking it back: REFI-QDA projects (.qdpx),
        // spreadsheets (.csv, .xlsx).
        .target(
            name: "StoryloomImport",
            dependencies: [
                "StoryloomShared", "StoryloomCorpus", "Yams",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .executableTarget(
            name: "storyloom",
            dependencies: [
                "StoryloomShared", "StoryloomCorpus", "StoryloomQuery", "StoryloomLua", "StoryloomBuild", "StoryloomImport", "CEditLine", "CMalloc", "CCurlOnDemand",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
        // The fuzz targets over every reader of people's input (scripts/fuzz); without the
        // fuzzer, a program that replays files through them.
        .executableTarget(
            name: "storyloom-fuzz",
            dependencies: ["StoryloomCorpus", "StoryloomDocument", "StoryloomBuild"],
            path: "Fuzz/Sources",
            swiftSettings: [.unsafeFlags(["-parse-as-library"] + (fuzzing ? ["-sanitize=fuzzer", "-DFUZZING"] : []))],
            // lld: gold fails on this link (an internal error reading its debug information).
            linkerSettings: fuzzing ? [.unsafeFlags(["-sanitize=fuzzer", "-use-ld=lld"])] : []
        ),
        .testTarget(name: "StoryloomCorpusTests", dependencies: ["StoryloomCorpus"]),
        .testTarget(name: "StoryloomQueryTests", dependencies: ["StoryloomQuery"]),
        .testTarget(name: "StoryloomDocumentTests", dependencies: ["StoryloomDocument", "StoryloomShared"]),
        .testTarget(name: "StoryloomLuaTests", dependencies: [
            "StoryloomLua", "StoryloomShared", .product(name: "BitCollections", package: "swift-collections"),
        ]),
        .testTarget(name: "StoryloomNarrativeTests", dependencies: ["StoryloomNarrative", "StoryloomDocument", "StoryloomShared"]),
        .testTarget(name: "StoryloomBuildTests", dependencies: ["StoryloomBuild", "StoryloomShared"]),
        .testTarget(name: "StoryloomCLITests", dependencies: ["storyloom", "CCurlOnDemand"]),
        .testTarget(
            name: "StoryloomImportTests",
            dependencies: ["StoryloomImport", "StoryloomCorpus", "StoryloomShared", "StoryloomBuild",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]
        ),
    ]
)
