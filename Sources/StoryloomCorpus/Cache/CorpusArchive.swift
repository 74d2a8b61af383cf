import BitCollections
import Dispatch

/// A loaded corpus as bytes and back: what the cache holds, so that a build of an unchanged
/// corpus skips parsing and validation. The records are written in sections (the small head,
/// then storytellers, stories and quotes in two halves each) and the index's bit sets, so that reading uses both
/// cores and the index is copied rather than built again.
enum CorpusArchive {
    /// Changes whenever the layout below or the model changes: an older cache is then unused.
    static let version: UInt64 = 7
    static let magic: [UInt8] = Array("SLCORPUS".utf8)

    // MARK: Writing

    static func encode(_ corpus: Corpus, warnings: [CorpusDiagnostic]) -> [UInt8] {
        Array(chunks(corpus, warnings: warnings).joined())
    }

    /// The archive as chunks to write one after the other: the top (magic, version and the
    /// sections' lengths), then each section. The sections are made side by side on the cores
    /// there are, and never copied into one buffer.
    static func chunks(_ corpus: Corpus, warnings: [CorpusDiagnostic]) -> [[UInt8]] {
        // Storytellers, stories and quotes are most of a corpus: each kind is written in two
        // halves, read on two cores (see `HalvedRead`).
        let makers: [@Sendable () -> ArchiveWriter] = [
            { head(corpus, warnings: warnings) },
            { ArchiveWriter.half(0, of: corpus.storytellers, bytesEach: 32, writeStoryteller) },
            { ArchiveWriter.half(1, of: corpus.storytellers, bytesEach: 32, writeStoryteller) },
            { ArchiveWriter.half(0, of: corpus.stories, bytesEach: 64, writeStory) },
            { ArchiveWriter.half(1, of: corpus.stories, bytesEach: 64, writeStory) },
            { ArchiveWriter.half(0, of: corpus.quotes, bytesEach: 96, writeQuote) },
            { ArchiveWriter.half(1, of: corpus.quotes, bytesEach: 96, writeQuote) },
            { sets(corpus.index) },
        ]
        // Each job writes its own slot.
        let made = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: makers.count)
        made.initialize(repeating: [])
        defer { made.deinitialize().deallocate() }
        nonisolated(unsafe) let slots = made
        // The largest first, so the cores finish together.
        let order = [5, 6, 3, 4, 1, 2, 7, 0]
        DispatchQueue.concurrentPerform(iterations: makers.count) { turn in
            slots[order[turn]] = makers[order[turn]]().bytes
        }
        var top = ArchiveWriter()
        top.raw(magic)
        top.uint(version)
        for section in made { top.uint(UInt64(section.count)) }
        return [top.bytes] + Array(made)
    }

    private static func head(_ corpus: Corpus, warnings: [CorpusDiagnostic]) -> ArchiveWriter {
        var head = ArchiveWriter()
        head.uint(UInt64(corpus.themes.count))
        head.uint(UInt64(corpus.storytellers.count))
        head.uint(UInt64(corpus.stories.count))
        head.uint(UInt64(corpus.quotes.count))
        writeProject(corpus.project, &head)
        for facet in Facet.allCases {
            let entries = corpus.vocabularies[facet]
            head.uint(UInt64(entries.count))
            for entry in entries {
                head.string(entry.id)
                head.string(entry.label)
                head.optionalString(entry.description)
                head.extras(entry.extra)
            }
        }
        for theme in corpus.themes {
            head.string(theme.id)
            head.string(theme.title)
            head.optionalInt(theme.parent)
            head.optionalString(theme.summary)
            head.optionalInt(theme.order)
            head.strings(theme.tags)
            head.extras(theme.extra)
            head.indexes(theme.children)
            head.int(theme.depth)
        }
        head.indexes(corpus.roots)
        head.extras(corpus.extra)
        head.uint(UInt64(warnings.count))
        for warning in warnings {
            head.optionalInt(warning.line)
            head.optionalInt(warning.column)
            head.string(warning.pointer)
            head.string(warning.message)
            head.optionalString(warning.suggestion)
            head.strings(warning.alsoFound)
        }

        return head
    }

    private static func writeStoryteller(_ people: inout ArchiveWriter, _ teller: Storyteller) {
        people.string(teller.id)
        people.indexes(teller.roles)
        people.indexes(teller.sectors)
        people.indexes(teller.fields)
        people.uint(UInt64(teller.attributes.count))
        for (key, value) in teller.attributes {
            people.string(key)
            switch value {
            case let .string(s): people.uint(0); people.string(s)
            case let .number(n): people.uint(1); people.double(n)
            case let .bool(b): people.uint(2); people.bool(b)
            case let .strings(list): people.uint(3); people.strings(list)
            }
        }
        people.extras(teller.extra)
        people.indexes(teller.stories)
    }

    private static func writeStory(_ told: inout ArchiveWriter, _ story: Story) {
        told.string(story.id)
        told.indexes(story.storytellers)
        told.optionalString(story.format)
        told.optionalString(story.reporter)
        told.optionalString(story.recorded)
        told.optionalInt(story.recordedDay)
        told.optionalString(story.title)
        told.optionalString(story.summary)
        told.indexes(story.themes)
        told.strings(story.changes.individual)
        told.strings(story.changes.organisation)
        told.strings(story.changes.society)
        told.optionalString(story.source)
        told.extras(story.extra)
        told.indexes(story.quotes)
    }

    private static func writeQuote(_ quotes: inout ArchiveWriter, _ quote: Quote) {
        quotes.string(quote.id)
        quotes.int(quote.story)
        quote.withTextBytes { quotes.bytes($0) }
        quotes.indexes(quote.themes)
        quotes.bool(quote.key)
        quotes.optionalString(quote.note)
        quotes.extras(quote.extra)
    }

    private static func sets(_ index: CorpusIndex) -> ArchiveWriter {
        var sets = ArchiveWriter()
        for facet in Facet.allCases {
            for lists in [index.storytellers, index.stories, index.quotes] {
                let list = lists[facet] ?? []
                sets.uint(UInt64(list.count))
                for set in list { sets.bitSet(set) }
            }
        }
        for list in [index.themeQuotes, index.themeQuotesDeep, index.themeStories, index.themeStoriesDeep] {
            for set in list { sets.bitSet(set) }
        }
        sets.bitSet(index.keyQuotes)
        let attributes = index.attributes
        sets.strings(attributes.keys)
        for (given, values) in zip(attributes.given, attributes.byValue) {
            sets.bitSet(given)
            // Sorted, so that one corpus always gives the same bytes.
            sets.uint(UInt64(values.count))
            for value in values.keys.sorted() {
                sets.string(value)
                sets.bitSet(values[value]!)
            }
        }

        return sets
    }

    private static func writeProject(_ project: ProjectMetadata, _ w: inout ArchiveWriter) {
        w.string(project.title)
        w.optionalString(project.subtitle)
        w.optionalString(project.organisation)
        w.strings(project.partners)
        w.optionalString(project.date)
        w.optionalString(project.version)
        w.optionalString(project.summary)
        w.optionalString(project.method)
        w.uint(UInt64(project.links.count))
        for link in project.links {
            w.string(link.label)
            w.string(link.url)
        }
        w.extras(project.extra)
    }

    // MARK: Reading

    /// The corpus and its warnings (named as in `file`), or nil when the bytes are not a
    /// complete archive of this version.
    /// The quotes' words are left in `archive`, which they keep mapped.
    static func decode(_ archive: SourceBytes, file: String) -> (corpus: Corpus, warnings: [CorpusDiagnostic])? {
        do {
            return try read(archive, file: file)
        } catch {
            return nil
        }
    }

    static func read(_ archive: SourceBytes, file: String) throws(ArchiveReader.Damaged) -> (corpus: Corpus, warnings: [CorpusDiagnostic]) {
        nonisolated(unsafe) let buffer = archive.buffer
        guard buffer.count > magic.count, Array(buffer[0 ..< magic.count]) == magic else { throw ArchiveReader.Damaged() }
        var top = ArchiveReader(buffer, from: magic.count)
        guard try top.uint() == version else { throw ArchiveReader.Damaged() }
        // Where each section starts and ends: head, storytellers, stories and quotes (two each), sets.
        var lengths: [Int] = []
        for _ in 0 ..< 8 { lengths.append(try top.count()) }
        var sectionStart = top.offset
        let bounds = lengths.map { length -> (start: Int, end: Int) in
            defer { sectionStart += length }
            return (sectionStart, sectionStart + length)
        }
        guard bounds.last!.end == buffer.count else { throw ArchiveReader.Damaged() }
        let (headStart, peopleStart) = (bounds[0].start, bounds[1].start)

        var head = ArchiveReader(buffer, from: headStart, to: peopleStart)
        // Counts of records in other sections too: bounded by the whole file, not the head.
        func recordCount() throws(ArchiveReader.Damaged) -> Int {
            let n = try head.uint()
            guard n <= UInt64(buffer.count) else { throw ArchiveReader.Damaged() }
            return Int(n)
        }
        let themeCount = try recordCount(), tellerCount = try recordCount()
        let storyCount = try recordCount(), quoteCount = try recordCount()
        let project = try readProject(&head)
        var lists: [[VocabularyEntry]] = []
        for _ in Facet.allCases {
            let n = try head.count()
            var entries: [VocabularyEntry] = []
            for _ in 0 ..< n {
                entries.append(VocabularyEntry(id: try head.string(), label: try head.string(),
                                               description: try head.optionalString(), extra: try head.extras()))
            }
            lists.append(entries)
        }
        let vocabularies = Vocabularies(sectors: lists[0], roles: lists[1], fields: lists[2])
        var themes: [Theme] = []
        themes.reserveCapacity(themeCount)
        for _ in 0 ..< themeCount {
            var theme = Theme(id: try head.string(), title: try head.string(), parent: nil, summary: nil, order: nil, tags: [], extra: [])
            if let parent = try head.optionalInt() {
                guard parent >= 0, parent < themeCount else { throw ArchiveReader.Damaged() }
                theme.parent = parent
            }
            theme.summary = try head.optionalString()
            theme.order = try head.optionalInt()
            theme.tags = try head.strings()
            theme.extra = try head.extras()
            theme.children = try head.indexes(below: themeCount)
            theme.depth = try head.int()
            themes.append(theme)
        }
        let roots = try head.indexes(below: themeCount)
        let extra = try head.extras()
        var warnings: [CorpusDiagnostic] = []
        for _ in 0 ..< (try head.count()) {
            let line = try head.optionalInt(), column = try head.optionalInt()
            var warning = CorpusDiagnostic(file: file, pointer: try head.string(), line: line, column: column,
                                           message: try head.string(), suggestion: try head.optionalString())
            warning.alsoFound = try head.strings()
            warning.isWarning = true
            warnings.append(warning)
        }
        guard head.atEnd else { throw ArchiveReader.Damaged() }
        // A tree the cache says is acyclic must be: the index walks it without a visited set.
        try checkTree(themes, roots: roots)

        // Each section on whichever core is free, the index (the shortest job) last.
        nonisolated(unsafe) var index: CorpusIndex?
        let counts = (themes: themeCount, tellers: tellerCount, stories: storyCount, quotes: quoteCount)
        let vocabularyCounts = Facet.allCases.map { vocabularies[$0].count }
        let shape = (themes: themes, roots: roots)
        let words = TextBlock(mapping: archive)
        var quoted: [Quote] = [], stories: [Story] = []
        let tellers = try HalvedRead.array(of: tellerCount, sections: (bounds[1], bounds[2])) { tellerHalves in
            stories = try HalvedRead.array(of: storyCount, sections: (bounds[3], bounds[4])) { storyHalves in
                quoted = try HalvedRead.array(of: quoteCount, sections: (bounds[5], bounds[6])) { quoteHalves in
                    DispatchQueue.concurrentPerform(iterations: 7) { job in
                        switch job {
                        case 0, 1: quoteHalves.read(job, buffer) { try readQuote(&$0, counts: counts, words: words) }
                        case 2, 3: storyHalves.read(job - 2, buffer) { try readStory(&$0, counts: counts) }
                        case 4, 5:
                            tellerHalves.read(job - 4, buffer) { try readStoryteller(&$0, counts: counts, vocabularyCounts: vocabularyCounts) }
                        default:
                            var r = ArchiveReader(buffer, from: bounds[7].start, to: bounds[7].end)
                            index = try? readIndex(&r, counts: counts, vocabularyCounts: vocabularyCounts, shape: shape)
                        }
                    }
                }
            }
        }
        guard let index else { throw ArchiveReader.Damaged() }
        var themeIDs: [String: Int] = [:]
        themeIDs.reserveCapacity(themes.count)
        for (i, theme) in themes.enumerated() { themeIDs[theme.id] = i }
        var vocabularyIDs: [Facet: [String: Int]] = [:]
        for facet in Facet.allCases {
            vocabularyIDs[facet] = Dictionary(vocabularies[facet].enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        }
        let corpus = Corpus(project: project, vocabularies: vocabularies, themes: themes, storytellers: tellers,
                            stories: stories, quotes: quoted, extra: extra, roots: roots,
                            themeIDs: themeIDs, storytellerIDs: nil, storyIDs: nil,
                            quoteIDs: nil, vocabularyIDs: vocabularyIDs, index: index)
        return (corpus, warnings)
    }

    private static func readProject(_ r: inout ArchiveReader) throws(ArchiveReader.Damaged) -> ProjectMetadata {
        var project = ProjectMetadata(title: try r.string(), partners: [], links: [], extra: [])
        project.subtitle = try r.optionalString()
        project.organisation = try r.optionalString()
        project.partners = try r.strings()
        project.date = try r.optionalString()
        project.version = try r.optionalString()
        project.summary = try r.optionalString()
        project.method = try r.optionalString()
        for _ in 0 ..< (try r.count()) {
            project.links.append(ProjectMetadata.Link(label: try r.string(), url: try r.string()))
        }
        project.extra = try r.extras()
        return project
    }

    /// Every theme reached once from the roots, and no parent link out of range.
    private static func checkTree(_ themes: [Theme], roots: [Int]) throws(ArchiveReader.Damaged) {
        var seen = [Bool](repeating: false, count: themes.count)
        var pending = roots
        while let theme = pending.popLast() {
            guard !seen[theme] else { throw ArchiveReader.Damaged() }
            seen[theme] = true
            pending.append(contentsOf: themes[theme].children)
        }
        guard !seen.contains(false) else { throw ArchiveReader.Damaged() }
    }

    private typealias Counts = (themes: Int, tellers: Int, stories: Int, quotes: Int)

    private static func readStoryteller(_ r: inout ArchiveReader, counts: Counts, vocabularyCounts: [Int]) throws(ArchiveReader.Damaged)
        -> Storyteller {
        var teller = Storyteller(id: try r.string(), roles: try r.indexes(below: vocabularyCounts[1]),
                                 sectors: [], fields: [], attributes: [], extra: [])
        // Facet.allCases is sector, role, field; the archive writes roles, sectors, fields.
        teller.sectors = try r.indexes(below: vocabularyCounts[0])
        teller.fields = try r.indexes(below: vocabularyCounts[2])
        let attributeCount = try r.count()
        if attributeCount > 0 {
            teller.attributes.reserveCapacity(attributeCount)
            for _ in 0 ..< attributeCount {
                let key = try r.string()
                let value: AttributeValue
                switch try r.uint() {
                case 0: value = .string(try r.string())
                case 1: value = .number(try r.double())
                case 2: value = .bool(try r.bool())
                case 3: value = .strings(try r.strings())
                default: throw ArchiveReader.Damaged()
                }
                teller.attributes.append((key, value))
            }
        }
        teller.extra = try r.extras()
        teller.stories = try r.indexes(below: counts.stories)
        return teller
    }

    private static func readStory(_ r: inout ArchiveReader, counts: Counts) throws(ArchiveReader.Damaged) -> Story {
        var story = Story(id: try r.string(), storytellers: try r.indexes(below: counts.tellers),
                          format: try r.optionalString(), reporter: try r.optionalString(),
                          recorded: try r.optionalString(), recordedDay: try r.optionalInt(),
                          title: try r.optionalString(), summary: try r.optionalString(),
                          themes: try r.indexes(below: counts.themes), changes: Story.Changes(), source: nil, extra: [])
        story.changes.individual = try r.strings()
        story.changes.organisation = try r.strings()
        story.changes.society = try r.strings()
        story.source = try r.optionalString()
        story.extra = try r.extras()
        story.quotes = try r.indexes(below: counts.quotes)
        return story
    }

    private static func readIndex(_ r: inout ArchiveReader, counts: Counts, vocabularyCounts: [Int],
                                  shape: (themes: [Theme], roots: [Int])) throws(ArchiveReader.Damaged) -> CorpusIndex {
        var byKind: [[Facet: [BitSet]]] = [[:], [:], [:]]
        for (f, facet) in Facet.allCases.enumerated() {
            for (k, limit) in [counts.tellers, counts.stories, counts.quotes].enumerated() {
                let n = try r.count()
                guard n == vocabularyCounts[f] else { throw ArchiveReader.Damaged() }
                var list: [BitSet] = []
                list.reserveCapacity(n)
                for _ in 0 ..< n { list.append(try r.bitSet(below: limit)) }
                byKind[k][facet] = list
            }
        }
        var themeLists: [[BitSet]] = []
        for limit in [counts.quotes, counts.quotes, counts.stories, counts.stories] {
            var list: [BitSet] = []
            list.reserveCapacity(counts.themes)
            for _ in 0 ..< counts.themes { list.append(try r.bitSet(below: limit)) }
            themeLists.append(list)
        }
        let keys = try r.bitSet(below: counts.quotes)
        let attributeKeys = try r.strings()
        var given: [BitSet] = [], byValue: [[String: BitSet]] = []
        for _ in attributeKeys {
            given.append(try r.bitSet(below: counts.tellers))
            var values: [String: BitSet] = [:]
            for _ in 0 ..< (try r.count()) {
                let value = try r.string()
                guard values.updateValue(try r.bitSet(below: counts.tellers), forKey: value) == nil else { throw ArchiveReader.Damaged() }
            }
            byValue.append(values)
        }
        guard let attributes = AttributeIndex(keys: attributeKeys, given: given, byValue: byValue) else { throw ArchiveReader.Damaged() }
        guard r.atEnd else { throw ArchiveReader.Damaged() }
        return CorpusIndex(themes: shape.themes, roots: shape.roots, storytellers: byKind[0], stories: byKind[1], quotes: byKind[2],
                           themeQuotes: themeLists[0], themeQuotesDeep: themeLists[1], themeStories: themeLists[2],
                           themeStoriesDeep: themeLists[3], keyQuotes: keys, attributes: attributes)
    }

    private static func readQuote(_ r: inout ArchiveReader, counts: Counts, words: TextBlock) throws(ArchiveReader.Damaged) -> Quote {
        let id = try r.string()
        let story = try r.int()
        guard story >= 0, story < counts.stories else { throw ArchiveReader.Damaged() }
        let text = try r.span()
        return Quote(id: id, story: story, block: words, start: text.start, count: text.count,
                     themes: try r.indexes(below: counts.themes), key: try r.bool(), note: try r.optionalString(),
                     extra: try r.extras())
    }
}
