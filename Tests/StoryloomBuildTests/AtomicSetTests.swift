import Foundation
import Testing
@testable import StoryloomBuild

/// A build's files land as a set: all new, or all as they were.
@Suite struct AtomicSetTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aFailureLeavesEveryEarlierFileAsItWas() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = root.appendingPathComponent("out/a.txt"), second = root.appendingPathComponent("out/b.txt")
        try FileManager.default.createDirectory(at: first.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("old a".utf8).write(to: first)
        try Data("old b".utf8).write(to: second)
        // The third target's folder would have to be a regular file: it cannot be written.
        try Data("a file".utf8).write(to: root.appendingPathComponent("out/blocked"))
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.writeAll([(first.path, Data("new a".utf8)), (second.path, Data("new b".utf8)),
                                     (root.appendingPathComponent("out/blocked/c.txt").path, Data("new c".utf8))])
        }
        #expect(try String(contentsOf: first, encoding: .utf8) == "old a")
        #expect(try String(contentsOf: second, encoding: .utf8) == "old b")
        // Nothing staged is left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out").path).sorted()
        #expect(left == ["a.txt", "b.txt", "blocked"])
    }

    @Test func aSuccessReplacesTheSetAndLeavesNoTemporaryFiles() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = root.appendingPathComponent("a.txt"), second = root.appendingPathComponent("sub/b.txt")
        try Data("old".utf8).write(to: first)
        try AtomicFile.writeAll([(first.path, Data("new a".utf8)), (second.path, Data("new b".utf8))])
        #expect(try String(contentsOf: first, encoding: .utf8) == "new a")
        #expect(try String(contentsOf: second, encoding: .utf8) == "new b")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["a.txt", "sub"])
    }
}
