// Fuzzes the configuration reader, `BriefingConfiguration.parse(_:path:)` and `TOMLReader.parse`,
// with libFuzzer; run it through scripts/fuzz.
//
// Invariant checked: text that `TOMLReader` refuses is refused by the configuration reader too,
// with an error naming the file.
import CFuzzSupport
import Foundation
import Pipeline

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzConfiguration(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : size), as: UTF8.self)
    let path = "/home/user/.config/briefing/briefing.toml"
    let toml = Result { () throws(TOMLError) in try TOMLReader.parse(text) }
    do {
        _ = try BriefingConfiguration.parse(text, path: path)
        if case .failure(let error) = toml {
            fatalError("invariant: TOMLReader refused (\(error)) what the configuration reader accepted")
        }
    } catch {
        guard error.description.contains(path) else {
            fatalError("invariant: the error does not name the file: \(error)")
        }
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzConfiguration))
