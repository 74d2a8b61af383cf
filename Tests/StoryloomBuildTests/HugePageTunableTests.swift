import StoryloomBuild
import Testing

/// When a command restarts with huge pages for malloc, and what it adds to the user's settings.
@Suite struct HugePageTunableTests {
    let large = HugePageTunable.threshold

    @Test func onlyALargeCorpusRestarts() {
        #expect(HugePageTunable.tunables(adding: nil, forCorpusOf: large - 1) == nil)
        #expect(HugePageTunable.tunables(adding: nil, forCorpusOf: large) == "glibc.malloc.hugetlb=1")
        #expect(HugePageTunable.tunables(adding: "", forCorpusOf: large) == "glibc.malloc.hugetlb=1")
    }

    @Test func theUsersSettingsAreKeptAndTheirHugePageChoiceWins() {
        #expect(HugePageTunable.tunables(adding: "glibc.malloc.arena_max=2", forCorpusOf: large)
            == "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1")
        // Set already (by the user, or by the restart itself): no second restart.
        #expect(HugePageTunable.tunables(adding: "glibc.malloc.hugetlb=0", forCorpusOf: large) == nil)
        #expect(HugePageTunable.tunables(adding: "glibc.malloc.hugetlb=1", forCorpusOf: large * 10) == nil)
    }
}
