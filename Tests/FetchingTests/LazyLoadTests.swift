import CCurl
import CCurlShim
import CLazyLoad
import Foundation
import Testing

@testable import Fetching

/// libcurl and libxml2 are loaded on first use (CLazyLoad): the typed setopt wrappers reach
/// libcurl's variadic functions with each kind of argument intact, and a library or function that
/// cannot be found is reported by name.
@Suite struct LazyLoadTests {
    /// Collects what a transfer writes.
    final class Sink {
        var bytes: [UInt8] = []
    }

    /// A file:// transfer of "0123456789" where each setopt kind changes the outcome: the URL (a
    /// string), the resume offset as a long and as a curl_off_t, the write callback (a function
    /// pointer) and its data (an object pointer); getinfo reads back a string, a long and a double.
    @Test func everyKindOfOptionReachesLibcurl() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lazyload-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("digits.txt")
        try Data("0123456789".utf8).write(to: file)
        let url = file.absoluteString

        func transfer(resumeFrom: Int, largeResumeFrom: Int?) throws -> (CURLcode, [UInt8], CurlEasy) {
            let easy = try CurlEasy()
            let sink = Sink()
            try easy.set(CURLOPT_URL, url)
            try easy.set(CURLOPT_RESUME_FROM, resumeFrom)
            if let largeResumeFrom { try easy.set(CURLOPT_RESUME_FROM_LARGE, offset: largeResumeFrom) }
            try easy.set(
                CURLOPT_WRITEFUNCTION,
                callback: { data, size, count, userdata in
                    guard let data, let userdata else { return 0 }
                    let sink = Unmanaged<Sink>.fromOpaque(userdata).takeUnretainedValue()
                    sink.bytes += UnsafeRawBufferPointer(start: data, count: size * count)
                    return size * count
                })
            let code = withExtendedLifetime(sink) {
                (try? easy.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque()))
                    .map { curl_easy_perform(easy.handle) } ?? CURLE_FAILED_INIT
            }
            return (code, sink.bytes, easy)
        }

        let (code, bytes, easy) = try transfer(resumeFrom: 3, largeResumeFrom: nil)
        #expect(code == CURLE_OK)
        #expect(String(decoding: bytes, as: UTF8.self) == "3456789")
        #expect(easy.effectiveURL == url)
        var status = -1
        #expect(ccurl_easy_getinfo_long(easy.handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK)
        #expect(status == 0)  // file:// has no response code
        var elapsed = -1.0
        #expect(ccurl_easy_getinfo_double(easy.handle, CURLINFO_TOTAL_TIME, &elapsed) == CURLE_OK)
        #expect(elapsed >= 0)

        // The curl_off_t offset replaces the long one.
        let (large, largeBytes, _) = try transfer(resumeFrom: 3, largeResumeFrom: 6)
        #expect(large == CURLE_OK)
        #expect(String(decoding: largeBytes, as: UTF8.self) == "6789")
        // Past the end of the file: libcurl refuses to resume.
        let (beyond, _, _) = try transfer(resumeFrom: 0, largeResumeFrom: 11)
        #expect(beyond == CURLE_BAD_DOWNLOAD_RESUME)
    }

    /// Runs the loader on `soname` for `functions`: the message on failure, nil on success.
    private func load(_ soname: String, package: String, _ functions: [String]) -> String? {
        let names = functions.map { strdup($0) }
        defer { names.forEach { free($0) } }
        var slots = [UnsafeMutableRawPointer?](repeating: nil, count: functions.count)
        var message = [CChar](repeating: 0, count: 1024)
        let result = names.map { UnsafePointer($0) }.withUnsafeBufferPointer { names in
            lazy_load_try(soname, package, names.baseAddress, &slots, functions.count, &message, message.count)
        }
        if result == 0 {
            #expect(slots.allSatisfy { $0 != nil })
            return nil
        }
        return String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test func aMissingLibraryIsNamedWithItsPackage() throws {
        let message = try #require(load("libbriefing-no-such-library.so.9", package: "no-such-package", ["f"]))
        #expect(message.hasPrefix("briefing: cannot load libbriefing-no-such-library.so.9: "))
        #expect(message.hasSuffix("(install the Debian package no-such-package)"))
    }

    @Test func aMissingFunctionIsNamed() throws {
        let message = try #require(load("libc.so.6", package: "libc6", ["strlen", "briefing_no_such_function"]))
        #expect(message.hasPrefix("briefing: libc.so.6 has no function briefing_no_such_function: "))
        #expect(message.contains("libc6"))
    }

    @Test func aPresentLibraryLoads() {
        #expect(load("libc.so.6", package: "libc6", ["strlen", "memcpy"]) == nil)
        #expect(LAZY_LOAD_EXIT_CODE == 70)
    }
}
