import Testing

@testable import Recorder

@Suite("--listen addresses")
struct ListenAddressTests {
    @Test func hostAndPortIPv6InBracketsAndEveryInterface() throws {
        let local = try #require(ListenAddress("127.0.0.1:9464"))
        #expect(local.host == "127.0.0.1" && local.port == 9464)
        let six = try #require(ListenAddress("[::1]:0"))
        #expect(six.host == "::1" && six.port == 0)
        let every = try #require(ListenAddress(":9464"))
        #expect(every.host == "0.0.0.0" && every.port == 9464)
        #expect(ListenAddress("localhost:80")?.host == "localhost")
    }

    @Test func malformedAddressesAreRefused() {
        for bad in [
            "9464", "localhost", "::1:9464", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:", "[::1:9464", "[]:1",
            "a b:1", "127.0.0.1:９",
        ] {
            #expect(ListenAddress(bad) == nil, "\(bad)")
        }
    }
}
