import Foundation

/// Resolves relative references (RFC 3986) against a base: `xml:base`, the feed's URL, or the
/// HTTP Content-Location.
enum URLResolution {
  /// `reference` made absolute against `base`; unchanged when there is no usable base or it is
  /// already absolute. White space around the reference is trimmed.
  static func resolve(_ reference: String, against base: String?) -> String {
    let trimmed = reference.trimmed
    guard let base, !base.isEmpty else { return trimmed }
    if hasScheme(trimmed) { return trimmed }
    guard let baseURL = URL(string: base) ?? URL(string: encodeUnsafe(base)), baseURL.scheme != nil
    else {
      return trimmed
    }
    if trimmed.isEmpty { return baseURL.absoluteString }
    guard
      let url = URL(string: trimmed, relativeTo: baseURL)
        ?? URL(string: encodeUnsafe(trimmed), relativeTo: baseURL)
    else { return trimmed }
    return url.absoluteString
  }

  /// True when `text` starts with `scheme:` (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":").
  static func hasScheme(_ text: String) -> Bool {
    var first = true
    for byte in text.utf8 {
      let isAlpha = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
      if byte == UInt8(ascii: ":") { return !first }
      if first {
        guard isAlpha else { return false }
        first = false
        continue
      }
      let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
      guard
        isAlpha || isDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
          || byte == UInt8(ascii: ".")
      else { return false }
    }
    return false
  }

  /// Percent-encodes spaces and other characters `URL(string:)` refuses.
  private static func encodeUnsafe(_ text: String) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.insert(charactersIn: "#%[]")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }
}
