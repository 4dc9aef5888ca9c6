import Foundation
import TestSupport
import Testing

/// `deploy/container/Dockerfile` builds in one stage and runs in another, as the deployment
/// expects: the runtime image has the libraries the binary loads and runs it as a user of its own.
@Suite struct ContainerImageTests {
    static func instructions() throws -> [(keyword: String, rest: String)] {
        let text = try String(
            contentsOf: DeploymentFiles.folder.appendingPathComponent("container/Dockerfile"), encoding: .utf8)
        // Continuation lines joined, comments left out.
        let joined = text.replacingOccurrences(of: "\\\n", with: " ")
        return joined.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
            let parts = trimmed.split(separator: " ", maxSplits: 1)
            return (parts[0].uppercased(), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    @Test func itBuildsWithTheToolchainAndRunsOnDebianSlimAsAnotherUser() throws {
        let steps = try Self.instructions()
        let stages = steps.enumerated().filter { $0.element.keyword == "FROM" }.map(\.offset)
        #expect(stages.count == 2, "a build stage and a runtime stage")
        let build = steps[stages[0]..<stages[1]]
        let runtime = steps[stages[1]...]
        #expect(build.contains { $0.keyword == "RUN" && $0.rest.contains("swift build -c release") })
        #expect(runtime.first?.rest == "debian:12-slim")
        let installs = runtime.filter { $0.keyword == "RUN" }.map(\.rest).joined(separator: " ")
        for package in ["libcurl4", "libxml2", "libsqlite3-0", "libpq5", "ca-certificates"] {
            #expect(installs.split(separator: " ").contains { $0 == package }, "runtime image: no \(package)")
        }
        let user = try #require(runtime.last { $0.keyword == "USER" }?.rest)
        #expect(!user.hasPrefix("0") && !user.hasPrefix("root"), "USER \(user)")
        // The manifests run the pods as this user.
        let deployment = try String(
            contentsOf: DeploymentFiles.kubernetes.appendingPathComponent("40-refresh-deployment.yaml"), encoding: .utf8
        )
        #expect(deployment.contains("runAsUser: \(user.split(separator: ":")[0])"))
        #expect(runtime.contains { $0.keyword == "COPY" && $0.rest.contains("--from=build") })
    }
}
