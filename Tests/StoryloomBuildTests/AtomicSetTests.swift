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

    /// Everything under `root`, hidden entries included, as paths relative to it.
    func listing(_ root: URL) -> [String] {
        (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).sorted()
    }

    @Test func aFolderWhereAFileShouldGoStopsTheSetBeforeAnythingIsReplaced() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("c.txt"), withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: out.appendingPathComponent("c.txt/inside"))
        try Data("old a".utf8).write(to: out.appendingPathComponent("a.txt"))
        try Data("old b".utf8).write(to: out.appendingPathComponent("b.txt"))
        let before = listing(root)
        #expect {
            try AtomicFile.writeAll([(out.appendingPathComponent("a.txt").path, Data("new a".utf8)),
                                     (out.appendingPathComponent("b.txt").path, Data("new b".utf8)),
                                     (out.appendingPathComponent("c.txt").path, Data("new c".utf8))])
        } throws: { error in
            "\(error)".contains("c.txt: it is a folder")
        }
        #expect(try String(contentsOf: out.appendingPathComponent("a.txt"), encoding: .utf8) == "old a")
        #expect(try String(contentsOf: out.appendingPathComponent("b.txt"), encoding: .utf8) == "old b")
        #expect(try String(contentsOf: out.appendingPathComponent("c.txt/inside"), encoding: .utf8) == "kept")
        // The folder is neither replaced nor moved aside, and no staging folder is left.
        #expect(listing(root) == before)
    }

    @Test(arguments: [0, 1, 2, 3])
    func aMoveFailingPartWayPutsEveryEarlierFileBack(failingAt: Int) throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let names = ["a.txt", "b.txt", "new.txt", "d.txt"]
        for name in names where name != "new.txt" { try Data("old \(name)".utf8).write(to: out.appendingPathComponent(name)) }
        let before = listing(root)
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.writeAll(names.map { (out.appendingPathComponent($0).path, Data("new \($0)".utf8)) }, failingMoveAt: failingAt)
        }
        for name in names where name != "new.txt" {
            #expect(try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8) == "old \(name)")
        }
        // A file the set would have added is gone again; nothing staged or kept is left.
        #expect(listing(root) == before)
    }

    @Test func aFailedSetRemovesTheFoldersItCreated() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("out/study/a.txt")
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.writeAll([(target.path, Data("new".utf8))], failingMoveAt: 0)
        }
        #expect(listing(root) == [])
    }

    @Test func twoSetsWrittenAtOnceTakeTurnsSoTheFolderNeverMixesThem() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let paths = (0 ..< 20).map { root.appendingPathComponent("out/file\($0).txt").path }
        for _ in 0 ..< 5 {
            // Moves slowed to 2 ms each, so that without the lock the two would interleave.
            DispatchQueue.concurrentPerform(iterations: 2) { writer in
                try? AtomicFile.writeAll(paths.map { ($0, Data("set \(writer)".utf8)) }, failingMoveAt: nil, pauseBetweenMoves: 2000)
            }
            let contents = Set(paths.map { FileManager.default.contents(atPath: $0) })
            #expect(contents.count == 1, "the folder holds files of both sets")
        }
        #expect(listing(root).filter { $0.contains("staging") }.isEmpty)
    }

    @Test func anOutputFolderOnAnotherFileSystemStagesInsideItself() throws {
        // /dev/shm is a separate memory file system on Linux; where it is absent there is nothing to test.
        guard FileManager.default.fileExists(atPath: "/dev/shm") else { return }
        let root = try folder()
        let elsewhere = URL(fileURLWithPath: "/dev/shm/storyloom-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: elsewhere)
        }
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("out"), withDestinationURL: elsewhere)
        try Data("old".utf8).write(to: elsewhere.appendingPathComponent("a.txt"))
        try AtomicFile.writeAll([(root.appendingPathComponent("out/a.txt").path, Data("new a".utf8)),
                                 (root.appendingPathComponent("out/b.txt").path, Data("new b".utf8))])
        #expect(try String(contentsOf: elsewhere.appendingPathComponent("a.txt"), encoding: .utf8) == "new a")
        #expect(try String(contentsOf: elsewhere.appendingPathComponent("b.txt"), encoding: .utf8) == "new b")
        #expect(listing(elsewhere) == ["a.txt", "b.txt"])
        #expect(listing(root) == ["out"])
    }
}
