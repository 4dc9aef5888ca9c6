import Foundation
import TestSupport

/// The files under `deploy/`, and what the tests read out of them: the Kubernetes manifests as
/// JSON values, the `briefing` command lines of the manifests and the systemd units, and the
/// configurations they carry.
enum DeploymentFiles {
    static let folder = Repository.root.appendingPathComponent("deploy")
    static let kubernetes = folder.appendingPathComponent("kubernetes")
    static let systemd = folder.appendingPathComponent("systemd")

    /// Every `.yaml` file under `deploy/kubernetes`, its subfolders too, sorted.
    static var manifests: [URL] {
        files(under: kubernetes).filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
    }

    /// Every systemd unit under `deploy/systemd`.
    static var units: [URL] {
        files(under: systemd).filter { ["service", "timer", "socket", "path"].contains($0.pathExtension) }
    }

    static func files(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath }
            .sorted { $0.path < $1.path }
    }

    /// The repository-relative name of `file`, for messages.
    static func name(_ file: URL) -> String {
        String(file.path.dropFirst(Repository.root.path.count + 1))
    }

    /// A command line found in a file: where, and its words (the program's name first).
    struct CommandLine: Sendable, CustomStringConvertible {
        var file: String
        var place: String
        var words: [String]
        var description: String { "\(file) (\(place)): \(words.joined(separator: " "))" }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The documents of a YAML file as JSON values, read by PyYAML (which kubernetes-validate
    /// depends on, so it is there whenever the manifests can be checked at all).
    static func documents(_ file: URL) throws -> [Any] {
        let script = """
            import json, sys, yaml
            with open(sys.argv[1]) as f:
                print(json.dumps([d for d in yaml.safe_load_all(f) if d is not None]))
            """
        let run = try ProcessRun.run(
            ["-c", script, file.path], executable: URL(fileURLWithPath: Tool.find("python3") ?? "/usr/bin/python3"))
        guard run.status == 0, let value = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [Any]
        else { throw Failure(description: "\(name(file)): not YAML that PyYAML reads: \(run.errors)") }
        return value
    }

    /// The `briefing` command lines of every container of every manifest (`command` then
    /// `args`), with `$(VAR)` references to the downward API left as they are.
    static func kubernetesCommands() throws -> [CommandLine] {
        var found: [CommandLine] = []
        for file in manifests {
            for document in try documents(file) {
                collectContainers(document) { container in
                    let words = ((container["command"] as? [String]) ?? []) + ((container["args"] as? [String]) ?? [])
                    guard let program = words.first, program.hasSuffix("briefing") else { return }
                    found.append(
                        CommandLine(
                            file: name(file), place: "container \(container["name"] as? String ?? "?")", words: words))
                }
            }
        }
        return found
    }

    /// Calls `visit` with every object in `value` that is an item of a `containers` or
    /// `initContainers` list.
    private static func collectContainers(_ value: Any, _ visit: ([String: Any]) -> Void) {
        if let object = value as? [String: Any] {
            for (key, child) in object {
                if key == "containers" || key == "initContainers", let list = child as? [[String: Any]] {
                    list.forEach(visit)
                } else {
                    collectContainers(child, visit)
                }
            }
        } else if let list = value as? [Any] {
            for child in list { collectContainers(child, visit) }
        }
    }

    /// The `briefing` command lines of the systemd units' `Exec*=` lines, split at spaces (the
    /// units quote nothing), with the specifiers `%H`, `%i` and friends replaced by examples.
    static func systemdCommands() throws -> [CommandLine] {
        var found: [CommandLine] = []
        for file in units {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard line.hasPrefix("Exec"), let equals = line.firstIndex(of: "=") else { continue }
                let words = line[line.index(after: equals)...].split(separator: " ").map {
                    String($0).replacingOccurrences(of: "%H", with: "host").replacingOccurrences(of: "%i", with: "1")
                        .replacingOccurrences(of: "%n", with: "unit.service")
                }
                guard let program = words.first, program.hasSuffix("/briefing") || program == "briefing" else {
                    continue
                }
                found.append(CommandLine(file: name(file), place: "line \(index + 1)", words: words))
            }
        }
        return found
    }

    /// The `briefing` command lines in the shell blocks of the documents that describe the
    /// deployment: README's "Running at scale" and the READMEs under `deploy/`. Comments,
    /// redirections and a leading `sudo -u USER` are left out; double quotes group words.
    static func documentedCommands() throws -> [CommandLine] {
        var found: [CommandLine] = []
        // README.md only from its "Running at scale" heading to the next one.
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let readmeLines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        let start = readmeLines.firstIndex(of: "## Running at scale") ?? readmeLines.endIndex
        let end = readmeLines[start...].dropFirst().firstIndex { $0.hasPrefix("## ") } ?? readmeLines.endIndex
        var documents = [(file: "README.md", text: readmeLines[start..<end].joined(separator: "\n"), first: start)]
        for file in files(under: folder) where file.pathExtension == "md" {
            documents.append((name(file), try String(contentsOf: file, encoding: .utf8), 0))
        }
        for (file, text, first) in documents {
            var inShell = false
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("```") {
                    inShell = !inShell && (trimmed == "```sh" || trimmed == "```bash" || trimmed == "```console")
                    continue
                }
                guard inShell else { continue }
                var words = shellWords(trimmed)
                if words.first == "sudo", words.count > 2, words[1] == "-u" { words.removeFirst(3) }
                guard words.first == "briefing" else { continue }
                found.append(CommandLine(file: file, place: "line \(first + index + 1)", words: words))
            }
        }
        return found
    }

    /// `line` split as a shell splits it, for the simple lines of the documentation: spaces
    /// separate words, double or single quotes group them, `#` after a space starts a comment,
    /// and a redirection (`<`, `>`, `2>`) goes with the word after it.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var quote: Character?
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
                continue
            }
            switch character {
            case "\"", "'":
                quote = character
                inWord = true
            case " ", "\t":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "#" where !inWord:
                if inWord { words.append(word) }
                return dropRedirections(words)
            default:
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return dropRedirections(words)
    }

    private static func dropRedirections(_ words: [String]) -> [String] {
        var kept: [String] = []
        var skipNext = false
        for word in words {
            if skipNext {
                skipNext = false
                continue
            }
            if ["<", ">", ">>", "2>", "2>&1", "|"].contains(word) {
                skipNext = word != "2>&1"
                if word == "|" { break }
                continue
            }
            kept.append(word)
        }
        return kept
    }

    /// The configuration files the deployment carries: `config.toml` and `feeds.opml` of each
    /// ConfigMap, and `deploy/systemd/briefing.toml` (whose `feeds.opml` is the demo's list).
    static func configurations() throws -> [(name: String, files: [String: String])] {
        var found: [(name: String, files: [String: String])] = []
        for file in manifests {
            for case let document as [String: Any] in try documents(file)
            where document["kind"] as? String == "ConfigMap" {
                guard let data = document["data"] as? [String: String], data["config.toml"] != nil else { continue }
                found.append((name(file), data))
            }
        }
        let unitConfiguration = systemd.appendingPathComponent("briefing.toml")
        let feeds = Repository.root.appendingPathComponent("Feeds/demo.opml")
        found.append(
            (
                name(unitConfiguration),
                [
                    "config.toml": try String(contentsOf: unitConfiguration, encoding: .utf8),
                    "feeds.opml": try String(contentsOf: feeds, encoding: .utf8),
                ]
            ))
        return found
    }
}
