import Foundation
import TestSupport
import Testing

/// `deploy/systemd` through `systemd-analyze verify`: the units load, every option is one systemd
/// knows, and the programs they start exist (the built `briefing` stands in for the installed one).
@Suite struct SystemdUnitTests {
    /// Why `systemd-analyze verify` cannot be used here, or nil when it can: it is missing, or it
    /// does not pass (silently) a unit that has nothing wrong, as in some containers.
    static let unusable: String? = {
        guard let analyze = Tool.find("systemd-analyze") else { return "systemd-analyze is not installed" }
        let folder = Repository.temporaryDirectory("unit-probe")
        defer { try? FileManager.default.removeItem(at: folder) }
        let unit = folder.appendingPathComponent("probe.service")
        try? "[Unit]\nDescription=probe\n\n[Service]\nType=oneshot\nExecStart=/bin/true\n".write(
            to: unit, atomically: true, encoding: .utf8)
        guard
            let run = try? ProcessRun.run(["verify", "--man=no", unit.path], executable: URL(fileURLWithPath: analyze))
        else { return "systemd-analyze did not start" }
        guard run.status == 0, run.errors.isEmpty else {
            return "systemd-analyze verify cannot run here (\(run.errors.prefix(200)))"
        }
        return nil
    }()

    static let hasExecutable = FileManager.default.isExecutableFile(atPath: Repository.executable.path)

    /// The units copied to a temporary folder with the built binary in place of
    /// /usr/local/bin/briefing, then verified; the diagnostics of each, empty when it is right.
    static func verify(_ units: [URL]) throws -> [String: String] {
        let folder = Repository.temporaryDirectory("units")
        defer { try? FileManager.default.removeItem(at: folder) }
        var copies: [URL] = []
        for unit in units {
            let text = try String(contentsOf: unit, encoding: .utf8)
            let copy = folder.appendingPathComponent(unit.lastPathComponent)
            try text.replacingOccurrences(of: "/usr/local/bin/briefing", with: Repository.executable.path)
                .write(to: copy, atomically: true, encoding: .utf8)
            copies.append(copy)
        }
        var diagnostics: [String: String] = [:]
        let analyze = URL(fileURLWithPath: Tool.find("systemd-analyze") ?? "/usr/bin/systemd-analyze")
        for copy in copies {
            // Unknown options are only warnings: any output at all is a failure here. A timer is
            // verified with its service, which it needs.
            var files = [copy.path]
            if copy.pathExtension == "timer" {
                files.append(
                    folder.appendingPathComponent(copy.deletingPathExtension().lastPathComponent + ".service").path)
            }
            let run = try ProcessRun.run(["verify", "--man=no"] + files, executable: analyze)
            diagnostics[copy.lastPathComponent] = run.status == 0 ? run.errors : "exit \(run.status): \(run.errors)"
        }
        return diagnostics
    }

    @Test(
        .enabled(if: (unusable == nil || Tool.onCI) && hasExecutable, "\(unusable ?? ""); on CI (CI=true) this fails"))
    func everyUnitVerifiesWithoutADiagnostic() throws {
        if let unusable = Self.unusable { Issue.record("\(unusable)") }
        let units = DeploymentFiles.units
        #expect(
            Set(units.map(\.lastPathComponent)).isSuperset(of: [
                "briefing-refresh@.service", "briefing-compose.service", "briefing-compose.timer",
            ]))
        for (unit, diagnostic) in try Self.verify(units).sorted(by: { $0.key < $1.key }) {
            #expect(diagnostic.isEmpty, "deploy/systemd/\(unit): \(diagnostic)")
        }
    }

    /// The check can fail: an option systemd does not know is reported.
    @Test(
        .enabled(if: (unusable == nil || Tool.onCI) && hasExecutable, "\(unusable ?? ""); on CI (CI=true) this fails"))
    func anOptionSystemdDoesNotKnowIsReported() throws {
        let folder = Repository.temporaryDirectory("unit-broken")
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try String(
            contentsOf: DeploymentFiles.systemd.appendingPathComponent("briefing-refresh@.service"), encoding: .utf8)
        let broken = folder.appendingPathComponent("briefing-refresh@.service")
        try original.replacingOccurrences(of: "ProtectSystem=strict", with: "ProtectSystems=strict")
            .write(to: broken, atomically: true, encoding: .utf8)
        let diagnostic = try #require(try Self.verify([broken])["briefing-refresh@.service"])
        #expect(diagnostic.contains("ProtectSystems"), "\(diagnostic)")
    }

    @Test func theWorkerUnitIsATemplateThatStopsGracefullyAndIsConfined() throws {
        let text = try String(
            contentsOf: DeploymentFiles.systemd.appendingPathComponent("briefing-refresh@.service"), encoding: .utf8)
        let lines = Set(text.split(separator: "\n").map(String.init))
        for option in [
            "ProtectSystem=strict", "NoNewPrivileges=yes", "StateDirectory=briefing", "PrivateTmp=yes",
            "CapabilityBoundingSet=", "KillSignal=SIGTERM",
        ] {
            #expect(lines.contains(option), "briefing-refresh@.service: no \(option)")
        }
        let exec = try #require(lines.first { $0.hasPrefix("ExecStart=") })
        #expect(exec.contains("--worker-id %H-%i"), "a worker id per instance and host: \(exec)")
        let stop = try #require(lines.first { $0.hasPrefix("TimeoutStopSec=") })
        #expect((Int(stop.dropFirst("TimeoutStopSec=".count).filter(\.isNumber)) ?? 0) > 30, "longer than a fetch")
        let timer = try String(
            contentsOf: DeploymentFiles.systemd.appendingPathComponent("briefing-compose.timer"), encoding: .utf8)
        #expect(timer.contains("OnCalendar=") && timer.contains("Persistent=true"))
    }
}
