import BriefingCore
import Foundation

/// A piece of feed text in both forms items carry: plain text and, when the feed gave HTML,
/// sanitized HTML.
struct ContentText {
  var plain: String
  var html: String?

  /// Text from HTML: sanitized HTML kept, plain text paragraphs separated by blank lines.
  static func fromHTML(_ html: String) -> ContentText {
    let clean = HTMLSanitizer.sanitize(html)
    return ContentText(plain: plainText(fromHTML: clean), html: clean)
  }

  /// Text from plain text: white space inside lines collapsed, blank-line paragraphs kept.
  static func fromPlain(_ text: String) -> ContentText {
    ContentText(plain: normalizePlain(text), html: nil)
  }

  /// Text that may or may not be HTML (RSS titles and the like): decided by `looksLikeHTML`.
  static func guess(_ text: String) -> ContentText {
    looksLikeHTML(text) ? fromHTML(text) : fromPlain(text)
  }

  /// The plain text of an HTML fragment, every HTML 4 entity decoded.
  static func plainText(fromHTML html: String) -> String {
    HTMLText.plainText(fromHTML: EntityTable.numericizeNamedReferences(unwrapForeignMarkup(html)))
  }

  /// Drops `<svg>` and `<math>` tags (keeping their text), which `HTMLText` would skip whole:
  /// feeds put titles and formulas there that belong to the text.
  static func unwrapForeignMarkup(_ html: String) -> String {
    guard
      html.range(of: "<svg", options: .caseInsensitive) != nil
        || html.range(of: "<math", options: .caseInsensitive) != nil
    else { return html }
    var result = html
    // Inside SVG, <title> and <desc> are text too (HTMLText skips <title> whole).
    for name in ["svg", "math", "title", "desc"] {
      result = result.replacingOccurrences(
        of: "</?\\s*\(name)(\\s[^>]*)?/?>", with: " ",
        options: [.regularExpression, .caseInsensitive])
    }
    return result
  }

  /// One line of text: for titles and names.
  static func singleLine(_ text: String) -> String {
    HTMLText.collapseWhitespace(text)
  }

  /// Plain text with paragraphs (blank-line separated) kept and other white space collapsed.
  static func normalizePlain(_ text: String) -> String {
    let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
    var paragraphs: [String] = []
    for block in normalized.components(separatedBy: "\n\n") {
      let collapsed = HTMLText.collapseWhitespace(block)
      if !collapsed.isEmpty { paragraphs.append(collapsed) }
    }
    return paragraphs.joined(separator: "\n\n")
  }

  /// True when `text` contains an end tag (`</p>`), a `<br>`-like tag, or a character reference:
  /// the signs feedparser also uses to treat RSS text as HTML.
  static func looksLikeHTML(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "<"), index + 1 < bytes.count {
        let next = bytes[index + 1]
        if next == UInt8(ascii: "/"), index + 2 < bytes.count, isLetter(bytes[index + 2]) {
          return true
        }
        if isLetter(next) {
          var end = index + 1
          while end < bytes.count,
            isLetter(bytes[end]) || (bytes[end] >= 0x30 && bytes[end] <= 0x39)
          {
            end += 1
          }
          let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self).lowercased()
          if ["br", "p", "img", "hr", "b", "i", "a", "em", "strong", "div", "span"].contains(name),
            end < bytes.count,
            bytes[end] == UInt8(ascii: ">") || bytes[end] == UInt8(ascii: " ")
              || bytes[end] == UInt8(ascii: "/")
          {
            return true
          }
        }
      } else if byte == UInt8(ascii: "&") {
        var end = index + 1
        if end < bytes.count, bytes[end] == UInt8(ascii: "#") { end += 1 }
        let start = end
        while end < bytes.count, end - start < 32,
          isLetter(bytes[end]) || (bytes[end] >= 0x30 && bytes[end] <= 0x39)
        {
          end += 1
        }
        if end > start, end < bytes.count, bytes[end] == UInt8(ascii: ";") { return true }
      }
      index += 1
    }
    return false
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
  }
}

/// Removes what must not survive into stored HTML: `script`, `style`, `iframe`, `object`,
/// `embed`, `frame*`, `applet` and `meta`/`link` elements (with their content where they have
/// any), `on*` event attributes, and `javascript:` / `vbscript:` / `data:` URLs.
enum HTMLSanitizer {
  private static let droppedWithContent: Set<String> = ["script", "style"]
  private static let droppedTags: Set<String> = [
    "iframe", "object", "applet", "noscript", "frameset", "noembed", "embed", "frame", "meta",
    "link", "base",
    "param", "form", "input", "button", "textarea", "select", "option",
  ]

  static func sanitize(_ html: String) -> String {
    guard html.utf8.contains(UInt8(ascii: "<")) else { return html }
    let bytes = Array(html.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = 0
    var skipping: String?
    while index < bytes.count {
      let byte = bytes[index]
      guard byte == UInt8(ascii: "<"), let tag = readTag(bytes, at: index) else {
        if skipping == nil { output.append(byte) }
        index += 1
        continue
      }
      index = tag.end
      if let name = skipping {
        if tag.closing, tag.name == name { skipping = nil }
        continue
      }
      if tag.name.isEmpty {
        // Comment, doctype or processing instruction: dropped.
        continue
      }
      if droppedWithContent.contains(tag.name) {
        if !tag.closing, !tag.selfClosing { skipping = tag.name }
        continue
      }
      if droppedTags.contains(tag.name) { continue }
      output.append(UInt8(ascii: "<"))
      if tag.closing { output.append(UInt8(ascii: "/")) }
      output.append(contentsOf: tag.name.utf8)
      for (name, value) in tag.attributes {
        if name.hasPrefix("on") { continue }
        if ["href", "src", "action", "background", "dynsrc", "lowsrc", "formaction", "poster"]
          .contains(name)
        {
          let lowered = (value ?? "").lowercased().filter {
            !$0.isWhitespace && !$0.isNewline && $0 != "\0"
          }
          if lowered.hasPrefix("javascript:") || lowered.hasPrefix("vbscript:")
            || lowered.hasPrefix("data:")
          {
            continue
          }
        }
        if name == "style" { continue }
        output.append(0x20)
        output.append(contentsOf: name.utf8)
        if let value {
          output.append(contentsOf: "=\"".utf8)
          output.append(contentsOf: XMLElement.escape(value, attribute: true).utf8)
          output.append(UInt8(ascii: "\""))
        }
      }
      if tag.selfClosing { output.append(contentsOf: " /".utf8) }
      output.append(UInt8(ascii: ">"))
    }
    return String(decoding: output, as: UTF8.self)
  }

  private struct Tag {
    var name: String
    var closing: Bool
    var selfClosing: Bool
    var attributes: [(String, String?)]
    var end: Int
  }

  private static func readTag(_ bytes: [UInt8], at start: Int) -> Tag? {
    var index = start + 1
    guard index < bytes.count else { return nil }
    if bytes[index] == UInt8(ascii: "!") || bytes[index] == UInt8(ascii: "?") {
      let isComment =
        index + 2 < bytes.count && bytes[index + 1] == UInt8(ascii: "-")
        && bytes[index + 2] == UInt8(ascii: "-")
      var end = index
      if isComment {
        while end + 2 < bytes.count,
          !(bytes[end] == UInt8(ascii: "-") && bytes[end + 1] == UInt8(ascii: "-")
            && bytes[end + 2] == UInt8(ascii: ">"))
        {
          end += 1
        }
        end = min(bytes.count, end + 3)
      } else {
        while end < bytes.count, bytes[end] != UInt8(ascii: ">") { end += 1 }
        end = min(bytes.count, end + 1)
      }
      return Tag(name: "", closing: false, selfClosing: true, attributes: [], end: end)
    }
    var closing = false
    if bytes[index] == UInt8(ascii: "/") {
      closing = true
      index += 1
    }
    let nameStart = index
    while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
    guard index > nameStart else { return nil }
    let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
    var attributes: [(String, String?)] = []
    var selfClosing = false
    while index < bytes.count {
      while index < bytes.count, isSpace(bytes[index]) { index += 1 }
      guard index < bytes.count else { break }
      if bytes[index] == UInt8(ascii: ">") {
        index += 1
        return Tag(
          name: name, closing: closing, selfClosing: selfClosing, attributes: attributes, end: index
        )
      }
      if bytes[index] == UInt8(ascii: "/") {
        selfClosing = true
        index += 1
        continue
      }
      selfClosing = false
      let attributeStart = index
      while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
        bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/")
      {
        index += 1
      }
      if index == attributeStart {
        index += 1
        continue
      }
      let attributeName = String(decoding: bytes[attributeStart..<index], as: UTF8.self)
        .lowercased()
      while index < bytes.count, isSpace(bytes[index]) { index += 1 }
      var value: String?
      if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
        index += 1
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        if index < bytes.count,
          bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'")
        {
          let quote = bytes[index]
          let valueStart = index + 1
          index = valueStart
          while index < bytes.count, bytes[index] != quote { index += 1 }
          value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
          index = min(bytes.count, index + 1)
        } else {
          let valueStart = index
          while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") {
            index += 1
          }
          value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
        }
        value = value.map(EntityTable.decodeReferences)
      }
      attributes.append((attributeName, value))
    }
    return Tag(
      name: name, closing: closing, selfClosing: selfClosing, attributes: attributes,
      end: bytes.count)
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z"))
      || (byte >= 0x30 && byte <= 0x39)
      || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
  }
}

/// A small deterministic hash for synthesized item ids: FNV-1a, 64 bits, as 16 hex digits.
enum StableHash {
  static func fnv1a64(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01B3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
