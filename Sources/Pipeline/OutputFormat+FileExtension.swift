import Foundation

extension OutputFormat {
    /// The file-name extension of this format: `txt`, `md`, `html` or `eml`.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .markdown: "md"
        case .html: "html"
        case .email: "eml"
        }
    }

    /// The format a file name ending in `.txt`, `.md`, `.html` or `.eml` asks for (case does not
    /// matter); nil for any other extension or none.
    public init?(fileExtension: String) {
        let wanted = fileExtension.lowercased()
        guard let format = Self.allCases.first(where: { $0.fileExtension == wanted }) else { return nil }
        self = format
    }

    /// The format `path`'s extension asks for, if it names one.
    public init?(path: String) {
        self.init(fileExtension: (path as NSString).pathExtension)
    }
}
