/// Records of one kind that the archive writes as two sections (the first `count / 2`, then the
/// rest), read on two cores straight into one array: no second copy of half a million records.
struct HalvedRead<Record>: @unchecked Sendable {
    typealias Section = (start: Int, end: Int)
    let count: Int
    let sections: (Section, Section)
    private let buffer: UnsafeMutableBufferPointer<Record>
    /// For each half: how many records it made (they are initialized, whatever happens) and
    /// whether its section was read whole. Each half writes only its own slot.
    private let results: UnsafeMutableBufferPointer<(made: Int, whole: Bool)>

    /// Reads half 0 or 1 of the records from the archive's bytes, one record at a time.
    func read(_ half: Int, _ archive: UnsafeBufferPointer<UInt8>, _ one: (inout ArchiveReader) throws -> Record) {
        let section = half == 0 ? sections.0 : sections.1
        let rows = half == 0 ? 0 ..< count / 2 : count / 2 ..< count
        var r = ArchiveReader(archive, from: section.start, to: section.end)
        var made = 0
        do {
            for n in rows {
                (buffer.baseAddress! + n).initialize(to: try one(&r))
                made += 1
            }
            results[half] = (made, r.atEnd)
        } catch {
            results[half] = (made, false)
        }
    }

    /// The records, read by `body` (which runs `read` for both halves); `Damaged` when either
    /// half was not read whole, after undoing what was made.
    static func array(of count: Int, sections: (Section, Section),
                      _ body: (HalvedRead) throws -> Void) throws(ArchiveReader.Damaged) -> [Record] {
        var failed = false
        var whole = false
        let records = [Record](unsafeUninitializedCapacity: count) { buffer, initialized in
            let results = UnsafeMutableBufferPointer<(made: Int, whole: Bool)>.allocate(capacity: 2)
            results.initialize(repeating: (0, false))
            defer { results.deallocate() }
            do {
                try body(HalvedRead(count: count, sections: sections, buffer: buffer, results: results))
            } catch {
                failed = true
            }
            whole = !failed && results[0].whole && results[1].whole
            if whole {
                initialized = count
            } else {
                for (half, first) in [0, count / 2].enumerated() where results[half].made > 0 {
                    (buffer.baseAddress! + first).deinitialize(count: results[half].made)
                }
                initialized = 0
            }
        }
        guard whole else { throw ArchiveReader.Damaged() }
        return records
    }
}

extension ArchiveWriter {
    /// Half 0 or 1 of `records`, as the two sections `HalvedRead` reads: the first
    /// `count / 2`, then the rest.
    static func half<Record>(_ half: Int, of records: [Record], bytesEach: Int,
                             _ write: (inout ArchiveWriter, Record) -> Void) -> ArchiveWriter {
        let split = records.count / 2
        let rows = half == 0 ? 0 ..< split : split ..< records.count
        var writer = ArchiveWriter(capacity: rows.count * bytesEach)
        records.withUnsafeBufferPointer { records in
            for n in rows { write(&writer, records[n]) }
        }
        return writer
    }
}
