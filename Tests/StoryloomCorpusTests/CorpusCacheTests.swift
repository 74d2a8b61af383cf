import Foundation
import Testing
@testable import StoryloomCorpus

@Suite struct CorpusCacheTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../reports/copro/corpus.json").standardized.path

    /// A folder of its own for each test, removed after.
    final class Folder {
        let path = NSTemporaryDirectory() + "storyloom-cache-test-" + UUID().uuidString
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".bin") }.sorted() }
        func write(_ name: String, _ text: String) -> String {
            let file = path + "/" + name
            FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
            return file
        }
    }

    /// Everything a plugin or query can see of a corpus, as one comparable description.
    static func describe(_ c: Corpus) -> String {
        var lines: [String] = []
        lines.append("\(c.project.title)|\(c.project.subtitle ?? "-")|\(c.project.partners)|\(c.project.links.map(\.url))|\(c.project.extra.map(\.key))")
        for facet in Facet.allCases { lines.append(c.vocabularies[facet].map { "\($0.id)=\($0.label)/\($0.description ?? "")" }.joined(separator: ",")) }
        for t in c.themes { lines.append("T \(t.id)|\(t.title)|\(t.parent ?? -1)|\(t.summary ?? "")|\(t.order ?? -1)|\(t.tags)|\(t.children)|\(t.depth)|\(t.extra.map(\.key))") }
        lines.append("roots \(c.roots) order \(c.themesInDisplayOrder)")
        for p in c.storytellers { lines.append("P \(p.id)|\(p.roles)|\(p.sectors)|\(p.fields)|\(p.attributes.map { "\($0.key)=\($0.value)" })|\(p.stories)|\(p.extra.map { "\($0.key)=\($0.value)" })") }
        for s in c.stories { lines.append("S \(s.id)|\(s.storytellers)|\(s.format ?? "")|\(s.reporter ?? "")|\(s.recorded ?? "")|\(s.recordedDay ?? -1)|\(s.title ?? "")|\(s.themes)|\(s.changes)|\(s.source ?? "")|\(s.quotes)") }
        for q in c.quotes { lines.append("Q \(q.id)|\(q.story)|\(q.text)|\(q.themes)|\(q.key)|\(q.note ?? "")|\(q.extra.map { "\($0.key)=\($0.value)" })") }
        lines.append("extra \(c.extra.map { "\($0.key)=\($0.value)" })")
        lines.append("keys \(Array(c.index.keyQuotes)) deep \(c.index.themeQuotesDeep.map(\.count)) stories \(c.index.themeStoriesDeep.map(\.count))")
        for facet in Facet.allCases { lines.append("\(facet) \(c.index.quotes[facet]!.map(\.count)) \(c.index.stories[facet]!.map(\.count))") }
        for key in c.index.attributes.keys {
            let values = c.index.attributes.values(of: key).sorted { $0.key < $1.key }.map { "\($0.key)=\(Array($0.value))" }
            lines.append("A \(key) \(Array(c.index.attributes.storytellers(giving: key))) \(values)")
        }
        return lines.joined(separator: "\n")
    }

    @Test func theSampleCorpusComesBackTheSame() throws {
        let corpus = try CorpusLoader.load(path: Self.sample, cache: .off)
        let bytes = CorpusArchive.encode(corpus, warnings: [])
        let back = try CorpusArchive.read(SourceBytes(copying: bytes), file: Self.sample).corpus
        #expect(Self.describe(back) == Self.describe(corpus))
        // Lookups by id work on the tables made on first use.
        #expect(back.quote(id: corpus.quotes[17].id) == 17)
        #expect(back.story(id: corpus.stories.last!.id) == corpus.stories.count - 1)
        #expect(back.storyteller(id: "nobody") == nil)
        #expect(back.theme(id: corpus.themes[3].id) == 3)
    }

    @Test func aDamagedArchiveIsRefusedNeverTrusted() throws {
        let corpus = try CorpusLoader.load(path: Self.sample, cache: .off)
        let bytes = CorpusArchive.encode(corpus, warnings: [])
        // Cut short anywhere: refused.
        for length in stride(from: 0, to: bytes.count, by: 97) {
            let cut = Array(bytes[0 ..< length])
            #expect(CorpusArchive.decode(SourceBytes(copying: cut), file: "x") == nil, "cut at \(length)")
        }
        // Bytes changed: refused, or (where the change lands in text) read without a crash.
        var generator = SystemRandomNumberGenerator()
        for _ in 0 ..< 300 {
            var changed = bytes
            let at = Int.random(in: 0 ..< changed.count, using: &generator)
            changed[at] ^= UInt8.random(in: 1 ... 255, using: &generator)
            if let read = CorpusArchive.decode(SourceBytes(copying: changed), file: "x") {
                #expect(read.corpus.quotes.count == corpus.quotes.count)
                // Words are read from the archive when asked for: damaged ones are repaired.
                #expect(read.corpus.quotes.allSatisfy { !$0.text.utf8.isEmpty || $0.textByteCount == 0 })
            }
        }
        // Another version's archive is not read.
        var other = bytes
        other[CorpusArchive.magic.count] = UInt8(CorpusArchive.version + 1)
        #expect(CorpusArchive.decode(SourceBytes(copying: other), file: "x") == nil)
    }

    @Test func aRepeatedLoadComesFromTheCacheAndAChangeMisses() throws {
        let folder = Folder()
        let cache = CorpusCache(folder: folder.path + "/cache", minimumSize: 0)
        let file = folder.write("corpus.json", Fixtures.validJSON)
        let first = try CorpusLoader.load(path: file, cache: cache)
        // Entries are written on another thread; the process waits for them before it exits.
        CorpusCache.waitForWrites()
        #expect(folder.entries.isEmpty)
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/cache").filter { $0.hasSuffix(".bin") }
        #expect(entries.count == 1 && entries[0].hasPrefix("corpus-v\(CorpusArchive.version)-json-"))
        let second = try CorpusLoader.load(path: file, cache: cache)
        #expect(Self.describe(second) == Self.describe(first))

        // The cached entry is what the second load read: damage it and the load parses again
        // (same corpus), replacing the entry.
        let entry = folder.path + "/cache/" + entries[0]
        try Data("not an archive".utf8).write(to: URL(fileURLWithPath: entry))
        let third = try CorpusLoader.load(path: file, cache: cache)
        CorpusCache.waitForWrites()
        #expect(Self.describe(third) == Self.describe(first))
        #expect(try Data(contentsOf: URL(fileURLWithPath: entry)).starts(with: CorpusArchive.magic))

        // One changed byte is another entry.
        _ = folder.write("corpus.json", Fixtures.validJSON.replacingOccurrences(of: "We built trust.", with: "We built trust!"))
        let changed = try CorpusLoader.load(path: file, cache: cache)
        CorpusCache.waitForWrites()
        #expect(changed.quotes[0].text == "We built trust!")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/cache").filter { $0.hasSuffix(".bin") }.count == 2)
    }

    @Test func anUnchangedFileIsNotHashedAgainAndAChangedOneIs() throws {
        let folder = Folder()
        var cache = CorpusCache(folder: folder.path + "/cache", minimumSize: 0)
        cache.settled = 0
        let text = try String(contentsOfFile: Self.sample, encoding: .utf8)
        let file = folder.write("corpus.json", text)
        let first = try CorpusLoader.load(path: file, cache: cache)
        CorpusCache.waitForWrites()
        let noted = try #require(cache.knownEntry(for: file, form: .json), "the entry is noted with the file's stamp")
        #expect(FileManager.default.fileExists(atPath: folder.path + "/cache/" + noted))
        #expect(cache.knownEntry(for: file, form: .yaml) == nil, "another form is another entry")
        #expect(Self.describe(try CorpusLoader.load(path: file, cache: cache)) == Self.describe(first))

        // The same size, other words, and the modification time put back: the inode's change
        // time, which no one can put back, still gives the change away.
        var before = stat()
        #expect(stat(file, &before) == 0)
        let title = first.project.title
        let handle = try #require(FileHandle(forUpdatingAtPath: file))
        try handle.write(contentsOf: Data(text.replacingOccurrences(of: title, with: String(repeating: "X", count: title.utf8.count)).utf8))
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, file, &times, 0) == 0)
        #expect(cache.knownEntry(for: file, form: .json) == nil)
        #expect(try CorpusLoader.load(path: file, cache: cache).project.title == String(repeating: "X", count: title.utf8.count))
        CorpusCache.waitForWrites()
    }

    @Test func aFileChangedJustNowIsNotNotedAndAForgedNoteIsNotFollowed() throws {
        let folder = Folder()
        let cache = CorpusCache(folder: folder.path + "/cache", minimumSize: 0)
        let file = folder.write("corpus.json", Fixtures.validJSON)
        _ = try CorpusLoader.load(path: file, cache: cache)
        CorpusCache.waitForWrites()
        // Written a moment ago: a change in the same tick of a coarse clock could hide behind it.
        #expect(cache.knownEntry(for: file, form: .json) == nil)
        // A note naming anything but an entry this file could have is not followed.
        let stamp = try #require(FileStamp(path: file))
        for entry in ["../../etc/passwd", "corpus-v\(CorpusArchive.version)-json-x/../y-\(stamp.size).bin",
                      "corpus-v1-json-00-\(stamp.size).bin", "corpus-v\(CorpusArchive.version)-json-00-1.bin"] {
            try (stamp.line + "\n" + entry + "\n").write(toFile: folder.path + "/cache/" + CorpusCache.noteName(stamp), atomically: true, encoding: .utf8)
            #expect(cache.knownEntry(for: file, form: .json) == nil, "\(entry)")
        }
    }

    @Test func warningsComeBackFromTheCacheAndStrictStillRefuses() throws {
        let folder = Folder()
        let cache = CorpusCache(folder: folder.path + "/cache", minimumSize: 0)
        let file = folder.write("corpus.json", Fixtures.validJSON.replacingOccurrences(of: "\"key\": true", with: "\"key\": true, \"Note\": \"x\""))
        let parsed = try CorpusLoader.loadReporting(path: file, cache: cache)
        CorpusCache.waitForWrites()
        #expect(parsed.warnings.count == 1)
        let cached = try CorpusLoader.loadReporting(path: file, cache: cache)
        #expect(cached.warnings == parsed.warnings)
        #expect(throws: CorpusError.self) { try CorpusLoader.loadReporting(path: file, strict: true, cache: cache) }
    }

    @Test func invalidCorporaAreNotCachedAndOldEntriesArePruned() throws {
        let folder = Folder()
        let cache = CorpusCache(folder: folder.path + "/cache", minimumSize: 0, capacity: 2)
        let bad = folder.write("bad.json", Fixtures.validJSON.replacingOccurrences(of: "\"story\": \"s1\"", with: "\"story\": \"s9\""))
        #expect(throws: CorpusError.self) { try CorpusLoader.load(path: bad, cache: cache) }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/cache"))
        for n in 1 ... 4 {
            let file = folder.write("c\(n).json", Fixtures.validJSON.replacingOccurrences(of: "Test study", with: "Study \(n)"))
            _ = try CorpusLoader.load(path: file, cache: cache)
            CorpusCache.waitForWrites()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/cache").filter { $0.hasSuffix(".bin") }.count == 2)
    }

    @Test func whatAStoppedWriteLeftIsRemovedOnceStale() throws {
        let folder = Folder()
        let cacheFolder = folder.path + "/cache"
        try FileManager.default.createDirectory(atPath: cacheFolder, withIntermediateDirectories: true)
        let stale = folder.write("cache/.writing-1-corpus-v1-json-old.bin", "half")
        let recent = folder.write("cache/.writing-2-corpus-v1-json-new.bin", "half")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: stale)
        let file = folder.write("corpus.json", Fixtures.validJSON)
        _ = try CorpusLoader.load(path: file, cache: CorpusCache(folder: cacheFolder, minimumSize: 0))
        CorpusCache.waitForWrites()
        #expect(!FileManager.default.fileExists(atPath: stale))
        // A write that may still be going on (another command's) is left alone.
        #expect(FileManager.default.fileExists(atPath: recent))
        let written = try FileManager.default.contentsOfDirectory(atPath: cacheFolder)
        #expect(written.contains { $0.hasPrefix("corpus-v") })
    }

    @Test func smallFilesAndTheOffSwitchSkipTheCache() throws {
        let folder = Folder()
        let file = folder.write("corpus.json", Fixtures.validJSON)
        _ = try CorpusLoader.load(path: file, cache: CorpusCache(folder: folder.path + "/cache"))
        CorpusCache.waitForWrites()
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/cache"))
        _ = try CorpusLoader.load(path: file, cache: .off)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/cache"))
    }

    @Test func theContentHashSeesEveryByte() {
        var bytes = [UInt8](repeating: 7, count: 1000)
        let base = bytes.withUnsafeBufferPointer(ContentHash.of)
        for at in [0, 1, 31, 32, 499, 500, 998, 999] {
            bytes[at] ^= 1
            #expect(bytes.withUnsafeBufferPointer(ContentHash.of) != base, "byte \(at)")
            bytes[at] ^= 1
        }
        #expect(bytes.withUnsafeBufferPointer(ContentHash.of) == base)
        #expect(Array(bytes.dropLast()).withUnsafeBufferPointer(ContentHash.of) != base)
    }
}

/// The content hash is made on two threads: it must be the same every time, with both halves.
@Suite struct ContentHashTests {
    @Test func theSameBytesAlwaysGiveTheSameFullKey() {
        // Small inputs, many times: the two halves finish together, when a lost write would show.
        let bytes = (0 ..< 128).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let keys = bytes.withUnsafeBufferPointer { buffer in (0 ..< 20_000).map { _ in ContentHash.of(buffer) } }
        #expect(Set(keys).count == 1, "\(Set(keys).sorted().prefix(3))")
        #expect(!(keys.first ?? "").contains("0000000000000000"), "neither half of the hash is lost")
    }

    @Test func aChangeInEitherHalfChangesTheKey() {
        var bytes = (0 ..< 300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let original = bytes.withUnsafeBufferPointer { ContentHash.of($0) }
        bytes[10] ^= 1
        let first = bytes.withUnsafeBufferPointer { ContentHash.of($0) }
        bytes[10] ^= 1
        bytes[299_000] ^= 1
        let second = bytes.withUnsafeBufferPointer { ContentHash.of($0) }
        #expect(Set([original, first, second]).count == 3)
    }
}
