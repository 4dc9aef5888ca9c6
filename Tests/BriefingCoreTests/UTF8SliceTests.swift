import Testing

@testable import BriefingCore

/// `UTF8Validation.string(ofValid:_:)`: the same string as `String(decoding:as:)` for every slice
/// of well-formed text, those that cut a scalar included (they take the validating path).
@Suite struct UTF8SliceTests {
    @Test(arguments: ["", "plain ASCII text", "Kraków, Zürich, 東京, 🇵🇪 and e\u{301}", "€\u{80}\u{10FFFF}x"])
    func everySliceAsStringDecodingGivesIt(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { valid in
            for start in 0...valid.count {
                for end in start...valid.count {
                    let expected = String(decoding: UnsafeBufferPointer(rebasing: valid[start..<end]), as: UTF8.self)
                    let sliced = UTF8Validation.string(ofValid: valid, start..<end)
                    #expect(sliced == expected, "\(start)..<\(end) of \(text)")
                    #expect(Array(sliced.utf8) == Array(expected.utf8))
                }
            }
        }
    }
}
