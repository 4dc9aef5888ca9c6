import Foundation
import TestSupport
import Testing

/// `deploy/kubernetes` against the Kubernetes API's schemas (`kubernetes-validate --strict`,
/// PyPI, which bundles them and runs offline), and against what issue 19 asks of the deployment.
@Suite struct KubernetesManifestTests {
    /// True when `python3 -m kubernetes_validate` runs (scripts/install-test-deps installs it).
    static let validatorAvailable: Bool = {
        guard let python = Tool.find("python3") else { return false }
        let run = try? ProcessRun.run(
            ["-m", "kubernetes_validate", "--version"], executable: URL(fileURLWithPath: python))
        return run?.status == 0
    }()

    static let skipped =
        "kubernetes-validate is not installed (pip install kubernetes-validate); on CI (CI=true) this fails"

    /// Runs kubernetes-validate on `files`; nil `version` is the newest it knows.
    static func validate(_ files: [URL], version: String?) throws -> ProcessRun {
        try #require(validatorAvailable, "kubernetes-validate is not installed (pip install kubernetes-validate)")
        var arguments = ["-m", "kubernetes_validate", "--strict", "--quiet"]
        if let version { arguments += ["-k", version] }
        return try ProcessRun.run(
            arguments + files.map(\.path), executable: URL(fileURLWithPath: Tool.find("python3") ?? "python3"))
    }

    @Test(
        .enabled(if: validatorAvailable || Tool.onCI, "\(skipped)"),
        arguments: ["1.30.0", nil] as [String?])
    func everyManifestIsValidAndStrictForKubernetes(version: String?) throws {
        let manifests = DeploymentFiles.manifests
        #expect(manifests.count >= 7, "deploy/kubernetes: \(manifests.map(DeploymentFiles.name))")
        let run = try Self.validate(manifests, version: version)
        #expect(run.status == 0, "kubernetes-validate \(version ?? "newest"): \(run.output)\(run.errors)")
    }

    /// The check can fail: a field the API does not have is refused.
    @Test(.enabled(if: validatorAvailable || Tool.onCI, "\(skipped)"))
    func aFieldTheAPIDoesNotHaveIsRefused() throws {
        let folder = Repository.temporaryDirectory("manifest")
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try String(
            contentsOf: DeploymentFiles.kubernetes.appendingPathComponent("40-refresh-deployment.yaml"), encoding: .utf8
        )
        let broken = folder.appendingPathComponent("broken.yaml")
        try original.replacingOccurrences(of: "terminationGracePeriodSeconds:", with: "terminationGraceSeconds:")
            .write(to: broken, atomically: true, encoding: .utf8)
        let run = try Self.validate([broken], version: "1.30.0")
        #expect(run.status != 0)
        #expect((run.output + run.errors).contains("terminationGraceSeconds"))
    }

    /// Every object of every manifest, by kind.
    static func objects() throws -> [(kind: String, object: [String: Any])] {
        try DeploymentFiles.manifests.flatMap { try DeploymentFiles.documents($0) }.compactMap { value in
            guard let object = value as? [String: Any], let kind = object["kind"] as? String else { return nil }
            return (kind, object)
        }
    }

    static func value(_ object: Any?, _ path: String) -> Any? {
        path.split(separator: ".").reduce(object) { ($0 as? [String: Any])?[String($1)] }
    }

    /// The pod template of a workload (Deployment, Job, StatefulSet, or a CronJob's job).
    static func podSpec(_ object: [String: Any], kind: String) -> [String: Any]? {
        let path = kind == "CronJob" ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec"
        return value(object, path) as? [String: Any]
    }

    @Test(.enabled(if: validatorAvailable || Tool.onCI, "\(skipped)"))
    func theWorkloadsAreWhatTheIssueAsks() throws {
        let objects = try Self.objects()
        let kinds = Set(objects.map(\.kind))
        #expect(kinds.isSuperset(of: ["Namespace", "ConfigMap", "Secret", "Job", "Deployment", "CronJob"]), "\(kinds)")

        let deployment = try #require(objects.first { $0.kind == "Deployment" }?.object)
        #expect((Self.value(deployment, "spec.replicas") as? Int ?? 0) > 1, "several refresh workers")
        let pod = try #require(Self.podSpec(deployment, kind: "Deployment"))
        let worker = try #require((pod["containers"] as? [[String: Any]])?.first)
        let command = (worker["command"] as? [String] ?? []) + (worker["args"] as? [String] ?? [])
        let idIndex = try #require(command.firstIndex(of: "--worker-id"), "\(command)")
        #expect(command.dropFirst(idIndex + 1).first == "$(POD_NAME)")
        let podName = (worker["env"] as? [[String: Any]])?.first { $0["name"] as? String == "POD_NAME" }
        #expect(Self.value(podName, "valueFrom.fieldRef.fieldPath") as? String == "metadata.name", "the downward API")
        // Longer than one fetch ([fetch] timeout, 30 s by default and in the ConfigMap).
        #expect((pod["terminationGracePeriodSeconds"] as? Int ?? 0) > 30)
        // Sized from the issue's target of 150 MB per worker.
        let memoryLimit = try #require(Self.value(worker, "resources.limits.memory") as? String)
        let memoryRequest = try #require(Self.value(worker, "resources.requests.memory") as? String)
        #expect(
            Self.mebibytes(memoryRequest) >= 150 && Self.mebibytes(memoryLimit) <= 512,
            "\(memoryRequest) \(memoryLimit)")

        let cronJob = try #require(objects.first { $0.kind == "CronJob" }?.object)
        #expect(Self.value(cronJob, "spec.concurrencyPolicy") as? String == "Forbid")

        // Every container of every workload: non-root, read-only root, no escalation.
        for (kind, object) in objects {
            guard let pod = Self.podSpec(object, kind: kind) else { continue }
            let name = Self.value(object, "metadata.name") as? String ?? kind
            let podContext = pod["securityContext"] as? [String: Any]
            for container in (pod["containers"] as? [[String: Any]] ?? [])
                + (pod["initContainers"] as? [[String: Any]] ?? [])
            {
                let context = container["securityContext"] as? [String: Any]
                let label = "\(kind) \(name), container \(container["name"] as? String ?? "?")"
                #expect(
                    (context?["runAsNonRoot"] ?? podContext?["runAsNonRoot"]) as? Bool == true, "\(label): runAsNonRoot"
                )
                #expect(context?["readOnlyRootFilesystem"] as? Bool == true, "\(label): readOnlyRootFilesystem")
                #expect(context?["allowPrivilegeEscalation"] as? Bool == false, "\(label): allowPrivilegeEscalation")
                #expect(
                    Self.value(context, "capabilities.drop") as? [String] == ["ALL"],
                    "\(label): capabilities not dropped")
                #expect(container["resources"] != nil, "\(label): no resources")
            }
        }

        let secret = try #require(objects.first { $0.kind == "Secret" }?.object)
        #expect(
            Self.value(secret, "stringData.password") as? String == "CHANGE-ME", "the Secret holds a placeholder only")
    }

    /// "160Mi", "1Gi", "256M" in MiB.
    static func mebibytes(_ quantity: String) -> Double {
        let units: [(String, Double)] = [
            ("Ki", 1.0 / 1024), ("Mi", 1), ("Gi", 1024), ("M", 1e6 / 1_048_576), ("G", 1e9 / 1_048_576),
        ]
        for (suffix, factor) in units where quantity.hasSuffix(suffix) {
            return (Double(quantity.dropLast(suffix.count)) ?? 0) * factor
        }
        return (Double(quantity) ?? 0) / 1_048_576
    }
}
