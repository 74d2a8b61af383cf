import Foundation
import Testing

/// The built-in plugins and the example projects' own pass luacheck (Debian: lua-check) with
/// the repository's .luacheckrc: they are the examples users copy.
@Suite struct LintTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var luacheck: String? {
        ["/usr/bin/luacheck", "/usr/local/bin/luacheck"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: luacheck != nil, "luacheck is not installed (scripts/setup installs it with STORYLOOM_TEST_TOOLS=1)"))
    func pluginsPassLuacheck() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.luacheck!)
        process.arguments = ["--no-color", "--formatter", "plain", "plugins", "reports"]
        process.currentDirectoryURL = Self.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
