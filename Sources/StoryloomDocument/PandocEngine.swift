import Foundation

/// Runs Pandoc to turn a document's JSON AST into Word (.docx), OpenDocument (.odt) or EPUB.
/// The AST goes in on standard input; the drawings it names are files in a folder of their own,
/// the only place Pandoc looks for them; Pandoc's user data folder is an empty one, so no
/// template or reference document of the machine's changes the output; SOURCE_DATE_EPOCH is the
/// study's date, so the same input gives the same bytes.
public struct PandocEngine: Sendable, Equatable {
    /// The program run.
    public let executable: String
    /// The version it reports (`2.17.1.1`).
    public let version: String
    /// The AST version it reads.
    public let api: PandocAPI

    public init(executable: String, version: String, api: PandocAPI) {
        self.executable = executable
        self.version = version
        self.api = api
    }

    /// Wall-clock seconds one conversion may take before it is stopped.
    public static let timeLimit = 300
    /// The heap Pandoc may grow to (its runtime's `-M`), so a huge document fails rather than
    /// swapping the machine.
    static let heapLimit = "2g"
    /// The earliest date a zip entry can hold (1980-01-01), used when the study has none.
    static let earliestTimestamp = 315_532_800

    /// Why no Pandoc could be used, in words for the error message.
    public struct Missing: Error, Sendable, CustomStringConvertible {
        /// What was found and not usable.
        public var found: [String]

        public var description: String {
            "needs Pandoc 2.11 or later" + (found.isEmpty ? ", and none was found" : " (" + found.joined(separator: "; ") + ")")
                + ": install it (Debian: apt-get install pandoc, or STORYLOOM_OFFICE=1 scripts/setup; others: https://pandoc.org/installing.html)"
        }
    }

    /// Why a conversion gave no file.
    public typealias Failure = ToolFailure

    /// The Pandoc that `STORYLOOM_PANDOC` names (nothing else is tried then, so a path that does
    /// not exist turns the office formats off), else `pandoc` on PATH; asked for its version once.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<PandocEngine, Missing> {
        var found: [String] = []
        func usable(_ path: String) -> PandocEngine? {
            guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
            guard let version = commandVersion(path) else {
                found.append("\(path) does not say which Pandoc it is")
                return nil
            }
            guard let api = api(for: version) else {
                found.append("Pandoc \(version) at \(path) is too old")
                return nil
            }
            return PandocEngine(executable: path, version: version, api: api)
        }
        if let named = environment["STORYLOOM_PANDOC"], !named.isEmpty {
            if let engine = usable(named) { return .success(engine) }
            found.append("STORYLOOM_PANDOC names \(named), which is not a usable pandoc")
            return .failure(Missing(found: found))
        }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for folder in path {
            if let engine = usable(folder + "/pandoc") { return .success(engine) }
        }
        return .failure(Missing(found: found))
    }

    /// The AST a Pandoc version reads: 1.22 from 2.11 to 2.19, 1.23 from 3.0 (nil before 2.11,
    /// whose AST differs in its tables).
    static func api(for version: String) -> PandocAPI? {
        let numbers = version.split(separator: ".").prefix(2).map { Int($0.prefix { $0.isNumber }) ?? 0 }
        guard numbers.count == 2 else { return nil }
        if numbers[0] >= 3 { return .v1_23 }
        return numbers[0] == 2 && numbers[1] >= 11 ? .v1_22 : nil
    }

    /// `pandoc --version` → "2.17.1.1".
    static func commandVersion(_ path: String) -> String? {
        guard let run = ChildProcess.run(path, ["--version"], input: [], timeout: 30), run.status == 0 else { return nil }
        let first = String(decoding: run.output, as: UTF8.self).prefix { $0 != "\n" }
        return first.firstMatch(of: /\d+\.\d+(\.\d+)*/).map { String($0.output.0) }
    }

    /// `format` (`docx`, `odt`, `epub`) made from `json` (the AST, which names `images` by file
    /// name), dated `timestamp` (seconds since 1970).
    public func convert(_ json: String, to format: String, images: [(name: String, bytes: [UInt8])], timestamp: Int) -> Result<[UInt8], Failure> {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("storyloom-pandoc-\(UUID().uuidString)")
        let media = (folder as NSString).appendingPathComponent("media")
        let data = (folder as NSString).appendingPathComponent("data")
        let output = (folder as NSString).appendingPathComponent("out." + format)
        let manager = FileManager.default
        guard (try? manager.createDirectory(atPath: media, withIntermediateDirectories: true)) != nil,
              (try? manager.createDirectory(atPath: data, withIntermediateDirectories: true)) != nil else { return .failure(ToolFailure("Pandoc", .cannotStart)) }
        defer { try? manager.removeItem(atPath: folder) }
        for image in images {
            // The renderer names them; anything else is never written.
            guard image.name.wholeMatch(of: /figure-\d+\.(png|svg)/) != nil,
                  manager.createFile(atPath: (media as NSString).appendingPathComponent(image.name), contents: Data(image.bytes)) else {
                return .failure(ToolFailure("Pandoc", .cannotStart))
            }
        }
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = String(max(Self.earliestTimestamp, timestamp))
        let arguments = ["+RTS", "-M" + Self.heapLimit, "-RTS", "--from", "json", "--to", format, "--output", output,
                         "--resource-path", media, "--data-dir", data]
        guard let run = ChildProcess.run(executable, arguments, input: Array(json.utf8), timeout: Self.timeLimit, captureErrors: true,
                                         environment: environment) else {
            return .failure(ToolFailure("Pandoc", .cannotStart))
        }
        let bytes = manager.contents(atPath: output).map { [UInt8]($0) } ?? []
        // Every format made here is a zip archive.
        if let failure = run.failure(of: "Pandoc", timeLimit: Self.timeLimit, usable: bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])) {
            return .failure(failure)
        }
        // Pandoc 2 dates the entries of an .odt or .epub by the clock, whatever
        // SOURCE_DATE_EPOCH says (their contents follow it): every entry gets the study's date.
        return .success(ZipDates.setting(bytes, to: max(Self.earliestTimestamp, timestamp)))
    }
}

/// Sets the modification time of every entry of a zip archive, in its local header and its
/// central directory record alike, without unpacking anything. An archive it cannot follow
/// (ZIP64, or records not where the directory says) is returned as it is.
enum ZipDates {
    static func setting(_ archive: [UInt8], to timestamp: Int) -> [UInt8] {
        var bytes = archive
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func put16(_ value: Int, _ at: Int) {
            bytes[at] = UInt8(value & 0xFF)
            bytes[at + 1] = UInt8(value >> 8 & 0xFF)
        }
        func signature(_ at: Int, _ value: [UInt8]) -> Bool {
            at >= 0 && at + 4 <= bytes.count && Array(bytes[at ..< at + 4]) == value
        }
        // The end-of-directory record, searched back over its longest comment.
        guard bytes.count >= 22 else { return archive }
        var end = bytes.count - 22
        while end >= max(0, bytes.count - 22 - 0xFFFF), !signature(end, [0x50, 0x4B, 0x05, 0x06]) { end -= 1 }
        guard signature(end, [0x50, 0x4B, 0x05, 0x06]) else { return archive }
        let count = u16(end + 10)
        var record = u32(end + 16)
        guard count != 0xFFFF, record != 0xFFFF_FFFF else { return archive }
        let (time, date) = dosTime(timestamp)
        for _ in 0 ..< count {
            guard signature(record, [0x50, 0x4B, 0x01, 0x02]), record + 46 <= bytes.count else { return archive }
            let local = u32(record + 42)
            guard signature(local, [0x50, 0x4B, 0x03, 0x04]), local + 30 <= bytes.count else { return archive }
            put16(time, record + 12)
            put16(date, record + 14)
            put16(time, local + 10)
            put16(date, local + 12)
            record += 46 + u16(record + 28) + u16(record + 30) + u16(record + 32)
        }
        return bytes
    }

    /// MS-DOS time and date (two-second steps, from 1980) of a moment, in UTC.
    static func dosTime(_ timestamp: Int) -> (time: Int, date: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(timestamp)))
        let year = min(max((c.year ?? 1980) - 1980, 0), 127)
        return ((c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2, year << 9 | (c.month ?? 1) << 5 | (c.day ?? 1))
    }
}

/// Turns SVG into PNG with `rsvg-convert` (librsvg), for Word and OpenDocument.
public enum SVGRaster {
    /// Pixels per CSS pixel: the PNG is drawn at twice its size, so it stays sharp in print.
    static let zoom = "2"
    public static let timeLimit = 60
    static let cpuLimit = 30
    static let memoryLimitKiB = 2 << 20  // 2 GiB

    /// `rsvg-convert` on PATH, if any.
    public static func executable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/rsvg-convert"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The PNG of `svg`, or nil when librsvg fails or runs past its limits. The SVG is read
    /// from standard input, so it has no folder of its own to reach files from.
    public static func png(_ svg: String, executable: String) -> [UInt8]? {
        guard let run = ChildProcess.run("/bin/sh", ["-c", "ulimit -t \(cpuLimit) -v \(memoryLimitKiB) 2>/dev/null; exec \"$0\" --format png --zoom \(zoom)", executable],
                                         input: Array(svg.utf8), timeout: timeLimit),
              run.status == 0, !run.timedOut, run.output.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return nil }
        return run.output
    }
}
