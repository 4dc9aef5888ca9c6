import CCurl
import Testing

@testable import Fetching

/// Every libcurl option goes through a check: a refused option is an error naming it.
@Suite struct CurlEasyTests {
    @Test func aRefusedOptionIsAnErrorNamingIt() throws {
        let easy = try CurlEasy()
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        #expect {
            try easy.set(CURLOPT_PROTOCOLS_STR, "http,nosuchprotocol")
        } throws: { error in
            "\(error)".hasPrefix("libcurl refused CURLOPT_PROTOCOLS_STR: ")
        }
        #expect {
            try easy.set(CURLOPT_USE_SSL, 99)
        } throws: { error in
            "\(error)".hasPrefix("libcurl refused CURLOPT_USE_SSL: ")
        }
    }
}
