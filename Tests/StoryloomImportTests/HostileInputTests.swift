import Foundation
import Testing
import ZIPFoundation
@testable import StoryloomImport

/// Archives and XML built to hurt: each is refused with a clear message, and nothing crashes
/// or hangs.
@Suite struct HostileInputTests {
    func failure(_ path: String, limits: ImportLimits = ImportLimits()) -> ImportError? {
        do {
            _ = try Importer.run(path: path, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func aZipBombEntryIsRefused() throws {
        // 8 MB of one byte deflates to a few kilobytes: far past any text's ratio.
        let bomb = Data(repeating: 0x41, count: 8 << 20)
        let qde = Data("<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"/>".utf8)
        let path = try Fixture.zip([("project.qde", bomb + qde)], name: "bomb.qdpx")
        let error = try #require(failure(path))
        #expect(error.text.contains("refused as a possible zip bomb"), "\(error.text)")
    }

    @Test func anEntryWhoseBytesDoNotMatchItsChecksumIsRefused() throws {
        // Stored (not deflated), a flipped byte unpacks without complaint: only the CRC-32 tells.
        let text = Data("A storyteller's words, stored as they are.".utf8)
        let path = try Fixture.zip([("project.qde", Data("<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"/>".utf8)),
                                    ("Sources/a.txt", text)], name: "flipped.qdpx", compression: .none)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let at = try #require(bytes.range(of: text)).lowerBound + 2
        bytes[at] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: path))
        var reader = try ArchiveReader(path: path, displayName: "flipped.qdpx", limits: ImportLimits())
        let entry = try #require(reader.entry("Sources/a.txt"))
        do {
            _ = try reader.read(entry)
            Issue.record("a damaged entry was read")
        } catch {
            #expect(error.text.contains("Sources/a.txt is damaged: its checksum does not match its contents"), "\(error.text)")
        }
        // The undamaged entry beside it reads.
        let project = try #require(reader.entry("project.qde"))
        #expect(try reader.read(project).count > 0)
    }

    @Test func aHeaderThatClaimsAHugeSizeIsRefusedBeforeUnpacking() throws {
        let path = try Fixture.zip([("project.qde", Data("<Project/>".utf8)), ("Sources/a.txt", Data("hello".utf8))], name: "claims.qdpx",
                                   compression: .none)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // Each central directory record (PK\1\2) keeps the uncompressed size 24 bytes in.
        var index = bytes.startIndex
        while let range = bytes.range(of: Data([0x50, 0x4B, 0x01, 0x02]), in: index ..< bytes.endIndex) {
            bytes.replaceSubrange(range.lowerBound + 24 ..< range.lowerBound + 28, with: [0xF0, 0xFF, 0xFF, 0x7F])
            index = range.upperBound
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = try #require(failure(path))
        #expect(error.text.contains("zip bomb"), "\(error.text)")
    }

    @Test func tooManyEntriesAreRefused() throws {
        let files = (0 ..< 30).map { ("Sources/\($0).txt", Data("x".utf8)) }
        let path = try Fixture.zip(files, name: "many.qdpx")
        var limits = ImportLimits()
        limits.maximumEntries = 20
        let error = try #require(failure(path, limits: limits))
        #expect(error.text.contains("more than 20 entries"), "\(error.text)")
    }

    @Test func entityExpansionIsRefused() throws {
        let laughs = """
        <?xml version="1.0"?>
        <!DOCTYPE Project [
          <!ENTITY a "aaaaaaaaaa">
          <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
          <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
        ]>
        <Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>
        """
        let path = try Fixture.zip([("project.qde", Data(laughs.utf8))], name: "laughs.qdpx")
        let error = try #require(failure(path))
        #expect(error.problems.first?.line == 2)
        #expect(error.text.contains("DOCTYPE"), "\(error.text)")
    }

    @Test func deepNestingIsRefused() throws {
        let depth = 5000
        let xml = "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">" + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</Project>"
        let path = try Fixture.zip([("project.qde", Data(xml.utf8))], name: "deep.qdpx")
        let error = try #require(failure(path))
        #expect(error.text.contains("nested more than"), "\(error.text)")
    }

    @Test func otherFilesAreRefusedClearly() throws {
        let notZip = try Fixture.temporary().appendingPathComponent("not.qdpx")
        try Data("this is not a zip".utf8).write(to: notZip)
        #expect(failure(notZip.path)?.text.contains("not a zip archive") == true)
        let codebook = try Fixture.zip([("codebook.qdc", Data("<CodeBook/>".utf8))], name: "codebook.qdpx")
        #expect(failure(codebook)?.text.contains("holds no project.qde") == true)
        let wrong = try Fixture.zip([("project.qde", Data("<Project name=\"x\"/>".utf8))], name: "wrong.qdpx")
        #expect(failure(wrong)?.text.contains("not a REFI-QDA project") == true)
        let broken = try Fixture.zip([("project.qde", Data("<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"><Sources>".utf8))], name: "broken.qdpx")
        #expect(failure(broken)?.text.contains("not well-formed") == true)
        #expect(failure("/nonexistent/file.qdpx")?.kind == .unreadable)
        #expect(failure("/tmp")?.kind == .unreadable)
    }

    @Test func archivesThatOnceHungOrCrashed() throws {
        // A deflate stream that never ends (ZIPFoundation's inflate loop spun at the end of
        // the file), and a header that seeks past the end (its in-memory file trapped).
        #expect(failure(Fixture.path("damaged-hang.qdpx"))?.text.contains("cannot be unpacked") == true)
        #expect(failure(Fixture.path("damaged-seek.qdpx")) != nil)
        // A stream the tail of 0xFF bytes did not stop: the watch on unpacking does.
        var limits = ImportLimits()
        limits.unpackSeconds = 1
        let started = Date()
        do {
            _ = try Importer.run(path: Fixture.path("damaged-stall.qdpx"), limits: limits)
            Issue.record("a damaged archive imported")
        } catch {
            #expect(error.problems.contains { $0.message.contains("did not finish") || $0.message.contains("cannot be unpacked") }, "\(error.problems)")
        }
        #expect(Date().timeIntervalSince(started) < 8)
    }

    @Test func damagedSpreadsheetsNeverCrash() throws {
        let good = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("excel-quotes.csv")))
        var random = SeededGenerator(seed: 0x5EED)
        let folder = try Fixture.temporary()
        for n in 0 ..< 200 {
            var bytes = good
            for _ in 0 ..< 1 + n % 6 {
                let at = Int.random(in: 0 ..< bytes.count, using: &random)
                bytes[at] = [0x22, 0x3B, 0x0A, 0x0D, 0x2C, 0xFF, 0x00, UInt8.random(in: 0 ... 255, using: &random)].randomElement(using: &random)!
            }
            let path = folder.appendingPathComponent("damaged-\(n).csv")
            try bytes.write(to: path)
            _ = failure(path.path)
        }
    }

    @Test func damagedArchivesNeverCrash() throws {
        let good = try Data(contentsOf: URL(fileURLWithPath: try Fixture.qdpx("handmade")))
        var random = SeededGenerator(seed: 0x5EED)
        let folder = try Fixture.temporary()
        // STORYLOOM_IMPORT_FUZZ=N runs N rounds (and keeps each input as last.qdpx, to find a crasher).
        let rounds = ProcessInfo.processInfo.environment["STORYLOOM_IMPORT_FUZZ"].flatMap { Int($0) } ?? 150
        for n in 0 ..< rounds {
            var bytes = good
            for _ in 0 ..< 1 + n % 8 {
                let at = Int.random(in: 0 ..< bytes.count, using: &random)
                bytes[at] = UInt8.random(in: 0 ... 255, using: &random)
            }
            if n % 10 == 0 { bytes = bytes.prefix(Int.random(in: 0 ..< bytes.count, using: &random)) }
            let path = folder.appendingPathComponent("damaged-\(n).qdpx")
            try bytes.write(to: path)
            if rounds > 150 { try bytes.write(to: URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("storyloom-last.qdpx")) }
            // Either it imports or it says why; either way it returns.
            _ = failure(path.path)
        }
    }
}

/// Randomness that is the same every run (SplitMix64), so a damaged input a test makes can be
/// made again.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A project.qde past 10 MB (a study of a few thousand stories) parses: XMLParser given it all
/// at once refused such documents at their end.
@Suite struct LargeXMLTests {
    @Test func aLargeProjectFileParses() throws {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"Large\"><CodeBook><Codes>\n"
        for n in 0 ..< 120_000 {
            xml += "<Code guid=\"00000000-0000-4000-8000-\(String(format: "%012d", n))\" name=\"Code number \(n)\" isCodable=\"true\"/>\n"
        }
        xml += "</Codes></CodeBook></Project>\n"
        #expect(xml.utf8.count > 11_000_000)
        let root = try XMLTree.parse(Data(xml.utf8), maximumDepth: 256)
        #expect(root.name == "Project")
    }
}
