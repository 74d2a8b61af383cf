import CCurlOnDemand
import Testing

/// libcurl is loaded on its first call (Sources/CCurlOnDemand): each kind of argument still
/// reaches it, and what is set can be read back.
@Suite struct CurlOnDemandTests {
    @Test func callsReachLibcurlWithEveryKindOfArgument() {
        #expect(storyloom_curl_on_demand_check() == 0)
    }
}
