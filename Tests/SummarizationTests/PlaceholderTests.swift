import Testing
@testable import Summarization
