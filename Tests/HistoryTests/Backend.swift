import Foundation
import History
import TestSupport
import Testing

/// The two state back ends, so that the storage tests run against both: every test of a
/// store's behaviour takes `Backend.allCases` as arguments.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A new, empty state of this back end: a temporary directory, or a database of its own in
    /// the test process's PostgreSQL cluster. Nil when PostgreSQL is not installed here (the
    /// test then says so and checks nothing); with CI=true that is a recorded failure.
    func freshState() throws -> TestState? {
        switch self {
        case .sqlite:
            return TestState(location: .directory(StateStoreTests.temporaryDirectory()))
        case .postgres:
            guard let server = try Self.server() else { return nil }
            return TestState(location: .postgres(url: try server.createDatabase(), password: nil))
        }
    }

    /// The test cluster; nil (after saying why, or failing on CI) when there is none.
    static func server() throws -> PostgresServer? {
        if let server = PostgresServer.shared { return server }
        let reason = PostgresServer.unavailable ?? "PostgreSQL is not available"
        if PostgresServer.required {
            Issue.record("\(reason) (CI=true: required)")
        } else {
            print("skipped: \(reason)")
        }
        return nil
    }
}

/// One test's state, and its removal.
struct TestState {
    var location: StateLocation

    func open(readOnly: Bool = false) throws -> StateStore {
        try StateStore(location: location, readOnly: readOnly)
    }

    func remove() {
        if case .directory(let directory) = location {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
