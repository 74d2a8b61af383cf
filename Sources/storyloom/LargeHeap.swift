import Foundation
import StoryloomBuild
import StoryloomCorpus

/// A large corpus loads faster when glibc's malloc asks the kernel for 2 MB pages: its
/// millions of records fill gigabytes of fresh memory, and faulting it in 4 KB at a time cost a
/// warm build of 100,000 stories about a fifth of its time. glibc takes that setting only from
/// the environment when a process starts, so a command about to load a large corpus runs
/// itself again, once, with the setting added (`HugePageTunable`).
enum LargeHeap {
    /// Restarts this command with huge pages for malloc if the corpus at `path` (a file, or a
    /// folder holding one) is large. Returns only if it did not restart. Called before the
    /// command has written anything or started another program.
    static func restartIfLarge(corpus path: String) {
        let existing = ProcessInfo.processInfo.environment["GLIBC_TUNABLES"]
        var info = stat()
        guard let file = try? CorpusLoader.corpusFile(for: path), stat(file, &info) == 0,
              let value = HugePageTunable.tunables(adding: existing, forCorpusOf: Int(info.st_size)) else { return }
        setenv("GLIBC_TUNABLES", value, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // If it cannot, this process goes on without.
        if let existing { setenv("GLIBC_TUNABLES", existing, 1) } else { unsetenv("GLIBC_TUNABLES") }
    }
}
