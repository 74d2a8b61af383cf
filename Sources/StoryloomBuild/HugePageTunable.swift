/// When a command should run with glibc's malloc asking for 2 MB pages, and the
/// `GLIBC_TUNABLES` value that says so (the storyloom command restarts itself with it: see
/// `LargeHeap` there).
public enum HugePageTunable {
    /// The corpus file size from which the restart (a few milliseconds) pays for itself.
    public static let threshold = 64 << 20
    public static let setting = "glibc.malloc.hugetlb"

    /// The `GLIBC_TUNABLES` to restart with, given the current one, for a corpus file of `size`
    /// bytes; nil to go on as is (a small corpus, or a hugetlb choice already made).
    public static func tunables(adding existing: String?, forCorpusOf size: Int) -> String? {
        guard size >= threshold else { return nil }
        guard let existing, !existing.isEmpty else { return "\(setting)=1" }
        guard !existing.contains(setting) else { return nil }
        return existing + ":\(setting)=1"
    }
}
