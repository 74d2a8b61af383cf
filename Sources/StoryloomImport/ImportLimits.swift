/// How much an import will read before it refuses the input as hostile (a zip bomb, a
/// spreadsheet of a million columns). The defaults are far above any real study.
public struct ImportLimits: Sendable {
    /// Entries listed in one archive (.qdpx, .xlsx).
    public var maximumEntries = 250_000
    /// The uncompressed bytes all the entries of an archive say they hold, and the most read
    /// from it in one run (a header can understate its size: what is read is counted too).
    public var maximumTotalBytes: Int64 = 1 << 30
    /// The most one entry may unpack to (project.qde, one source text, one sheet).
    public var maximumEntryBytes: Int64 = 256 << 20
    /// How far an entry may expand over its compressed size before it is taken as a bomb.
    /// Plain text deflates about 3 to 10 times; runs of one byte, about 1,000.
    public var maximumRatio: Int64 = 200
    /// Entries smaller than this are not held to `maximumRatio` (tiny files compress oddly).
    public var ratioFloor: Int64 = 1 << 20
    /// XML elements nested deeper than this are refused (code trees are far shallower).
    public var maximumDepth = 256
    /// Rows and columns read from one spreadsheet table.
    public var maximumRows = 1_000_000
    public var maximumColumns = 1_000
    /// How long one archive entry may take to unpack (a damaged stream can stall it).
    public var unpackSeconds: Double = 10

    public init() {}
}
