import Foundation
import Testing
@testable import StoryloomCorpus

@Suite struct CorpusCacheTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../reports/copro/corpus.json").standardized.path

    @Test func theSampleCorpusSurvivesTheArchive() throws {
        let corpus = try CorpusLoader.load(path: Self.sample, cache: .off)
        let bytes = CorpusArchive.encode(corpus, warnings: [])
        let back = try bytes.withUnsafeBufferPointer { try CorpusArchive.read($0, file: Self.sample) }.corpus
        #expect(back.quotes.map(\.text) == corpus.quotes.map(\.text))
    }
}
@Suite struct CorpusCacheDebug {
    @Test func big() throws {
        guard let path = ProcessInfo.processInfo.environment["BIGCORPUS"] else { return }
        let corpus = try CorpusLoader.load(path: path, cache: .off)
        let bytes = CorpusArchive.encode(corpus, warnings: [])
        do {
            _ = try bytes.withUnsafeBufferPointer { try CorpusArchive.read($0, file: path) }
        } catch {
            Issue.record("damaged at \((error as! ArchiveReader.Damaged).line)")
        }
    }
}
