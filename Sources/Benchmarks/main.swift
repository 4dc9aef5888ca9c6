import Fetching
// Benchmarks for the fetch stage and the whole daily run, against feeds served by a child
// process on loopback addresses (127.0.0.x). Run with a release build:
//
//   swift run -c release Benchmarks fetch      # 500 feeds of ~50 KB, 100 ms latency each
//   swift run -c release Benchmarks briefing   # 200 feeds, 5,000 items, one full run
//   swift run -c release Benchmarks year       # 365 daily runs of 200 feeds x 20 new items
//   swift run -c release Benchmarks many-feeds # 2,500 to 20,000 feeds of ~5 KB, 10 ms latency,
//                                              # on one host and on 100
//   swift run -c release Benchmarks workers    # 20,000 feeds refreshed by 1, 2, 4 worker
//                                              # processes (WorkersBenchmark.swift)
//
// Each prints its figures; peak memory is the fetching process's VmHWM (the server is another
// process; many-feeds runs each size in a child of its own, so each peak is that size's).
import Foundation
import History
import Pipeline
import TestSupport

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, _ fallback: Double) -> Double {
    guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count,
        let value = Double(arguments[index + 1])
    else { return fallback }
    return value
}

/// Peak resident memory of this process, in MiB.
func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kilobytes / 1024
    }
    return 0
}

// MARK: Server (child process)

/// Deterministic pseudo-random numbers (SplitMix64), so every run serves the same feeds.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func number(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}

enum NewsText {
    static let firstNames = [
        "Amara", "Lars", "Mei", "Jorge", "Fiona", "Rahul", "Ingrid", "Tomasz", "Hannah", "Kwame", "Lucia", "Erik",
        "Sofia", "Omar", "Priya", "Jonas", "Aiko", "Diego", "Chloe", "Femi", "Marta", "Yusuf", "Elena", "Paulo",
    ]
    static let lastNames = [
        "Okafor", "Lindqvist", "Tanaka", "Salcedo", "Baird", "Mehta", "Solberg", "Nowak", "Weiss", "Mensah",
        "Romano", "Lunde", "Marquez", "Haddad", "Iyer", "Berg", "Sato", "Ruiz", "Dubois", "Adeyemi", "Kowalski",
        "Demir", "Petrova", "Costa",
    ]
    static let stems = [
        "Northwind", "Meridian", "Helix", "Orbital", "Atlas", "Cobalt", "Granite", "Harbor", "Summit", "Vertex",
        "Beacon", "Aurora", "Falcon", "Juniper", "Keystone", "Lumen", "Nimbus", "Pioneer", "Quarry", "Redwood",
    ]
    static let kinds = [
        "Rail", "Capital", "Biotech", "Dynamics", "Shipping", "Energy", "Foods", "Telecom", "Mining", "Airways",
        "Insurance", "Robotics",
    ]
    static let places = [
        "Oslo", "Lagos", "Osaka", "Lima", "Glasgow", "Pune", "Bergen", "Gdansk", "Vienna", "Accra", "Naples", "Perth",
        "Quito", "Tallinn", "Porto", "Dakar", "Hanoi", "Leeds", "Lyon", "Graz", "Cork", "Izmir", "Kraków", "Tampere",
    ]
    static let allPeople = people
    static let allOrganisations = organisations
    static var people: [String] { firstNames.flatMap { first in lastNames.map { "\(first) \($0)" } } }
    static var organisations: [String] { stems.flatMap { stem in kinds.map { "\(stem) \($0)" } } }
    static let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    static let filler = [
        "The decision was widely expected by observers.",
        "Critics said the plan raised more questions than it answered.",
        "The mood in the sector has been cautious for some time.",
        "Officials declined to give further details.",
        "Further talks are planned for the coming weeks.",
    ]

    static func article(_ random: inout SplitMix, seed: Int) -> (title: String, body: String) {
        let person = random.pick(allPeople)
        let organisation = random.pick(allOrganisations)
        let place = random.pick(places)
        let amount = random.number(2...900)
        let percent = Double(random.number(5...450)) / 10
        let title =
            "\(organisation.replacingOccurrences(of: "the ", with: "").capitalized) plans \(amount) million deal in \(place) (\(seed))"
        let second = random.pick(allPeople)
        let rival = random.pick(allOrganisations)
        let city = random.pick(places)
        func sentence(_ kind: Int) -> String {
            switch kind {
            case 0:
                return
                    "\(organisation) agreed on \(random.pick(days)) to invest $\(amount) million in \(place), \(person), its chief executive, said."
            case 1:
                return
                    "The plan, approved by \(random.number(51...99))% of shareholders, is expected to create \(random.number(100...5000)) jobs by \(random.number(2027...2031))."
            case 2:
                return
                    "Mr. \(person.split(separator: " ").last ?? "") said the first phase would cost €\(random.number(10...400)) million and start in March."
            case 3:
                return
                    "Revenue rose \(percent)% in the third quarter to $\(Double(random.number(10...990)) / 10) billion, according to figures released in \(place)."
            case 4:
                return
                    "\"We expect the deal to close within \(random.number(2...18)) months,\" \(person) told reporters in \(place)."
            case 5: return "Analysts at \(rival) said the price was \(random.number(5...60))% above market value."
            case 6:
                return
                    "Regulators in \(city) must still approve the plan, which faces a review lasting up to \(random.number(30...120)) days."
            case 7:
                return
                    "Union leader \(second) warned that \(random.number(50...900)) workers could be moved to \(city)."
            case 8:
                return
                    "Shares of \(organisation) closed \(random.number(1...12)).\(random.number(0...9))% higher in \(place) trading."
            case 9:
                return
                    "The company lost a court case against \(rival) in \(random.number(2019...2025)), costing it $\(random.number(5...90)) million."
            case 10:
                return
                    "Its factory near \(city) employs \(random.number(200...9000)) people and ships to \(random.number(5...60)) countries."
            case 11: return "\(second), a former adviser to \(rival), will chair the new board from January."
            case 12:
                return
                    "Environmental groups in \(place) questioned the \(random.number(3...40)) kilometre pipeline the plan requires."
            case 13:
                return
                    "Output fell to \(random.number(100...999)),000 tonnes last year after floods closed the \(city) terminal for \(random.number(2...11)) weeks."
            case 14:
                return
                    "The board meets again on \(random.pick(days)), Nov. \(random.number(1...30)), to set the dividend."
            default: return random.pick(filler)
            }
        }
        let count = 15
        var order = Array(1..<count)
        for index in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(index, Int(random.next() % UInt64(index + 1)))
        }
        var sentences = [sentence(0)]
        for kind in order.prefix(8) { sentences.append(sentence(kind)) }
        sentences.insert(random.pick(filler), at: 3)
        let paragraphs = stride(from: 0, to: sentences.count, by: 3).map {
            "<p>" + sentences[$0..<min($0 + 3, sentences.count)].joined(separator: " ") + "</p>"
        }
        return (title, paragraphs.joined())
    }

    static func feed(number: Int, items: Int, padTo size: Int) -> String {
        var random = SplitMix(state: UInt64(number) &* 7919)
        var entries: [String] = []
        var length = 0
        var index = 0
        while index < items || (size > 0 && length < size) {
            let (title, body) = article(&random, seed: number * 1000 + index)
            let minute = (number * 7 + index * 13) % 60
            let hour = (number + index) % 24
            let entry = """
                <item><guid isPermaLink="false">feed\(number)-item\(index)</guid><title>\(title)</title>
                <link>https://news\(number).example/story/\(index)</link>
                <pubDate>Fri, 27 Nov 2026 \(String(format: "%02d:%02d", hour, minute)):00 +0000</pubDate>
                <description><![CDATA[\(body)]]></description></item>
                """
            entries.append(entry)
            length += entry.utf8.count
            index += 1
            if size > 0 && index >= items && length >= size { break }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>News \(number)</title><link>https://news\(number).example/</link>
            \(entries.joined(separator: "\n"))
            </channel></rss>
            """
    }
}

func serve() throws -> Never {
    let hosts = Int(option("hosts", 32))
    let latency = option("latency", 0.1)
    let items = Int(option("items", 25))
    let size = Int(option("size", 0))
    let feedCount = Int(option("feeds", 500))
    // Feed n gets body n modulo this, so that many feeds need not all be built.
    let distinct = max(1, min(feedCount, Int(option("distinct", Double(feedCount)))))
    // Build every body once; the handler only looks them up.
    var bodies: [Int: Data] = [:]
    for number in 0..<distinct {
        bodies[number] = Data(NewsText.feed(number: number, items: items, padTo: size).utf8)
    }
    let feeds = bodies
    var servers: [TestHTTPServer] = []
    for host in 1...hosts {
        servers.append(
            try TestHTTPServer(host: "127.0.0.\(host)") { request in
                if latency > 0 { Thread.sleep(forTimeInterval: latency) }
                let number = Int(request.path.split(separator: "/").last?.split(separator: ".").first ?? "") ?? -1
                guard number >= 0, number < feedCount, let body = feeds[number % distinct] else {
                    return .response(status: 404)
                }
                return .response(status: 200, headers: ["Content-Type": "application/rss+xml"], body: body)
            })
    }
    FileHandle.standardOutput.write(Data(("ready " + servers.map(\.baseURL).joined(separator: " ") + "\n").utf8))
    // Serve until the parent closes our standard input.
    _ = FileHandle.standardInput.readDataToEndOfFile()
    exit(0)
}

/// Starts the server child; returns its base URLs and the process.
func startServer(_ extra: [String]) throws -> (urls: [String], process: Process, input: Pipe) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["serve"] + extra
    let output = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardInput = input
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
    }
    let words = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        .split(separator: " ").map(String.init)
    guard words.first == "ready" else {
        FileHandle.standardError.write(Data("server did not start\n".utf8))
        exit(1)
    }
    return (Array(words.dropFirst()), process, input)
}

// MARK: Benchmarks

func fetchBenchmark() async throws {
    let feeds = Int(option("feeds", 500))
    let size = Int(option("size", 50_000))
    let latency = option("latency", 0.1)
    let concurrency = Int(option("concurrency", 16))
    let server = try startServer([
        "--feeds", "\(feeds)", "--size", "\(size)", "--latency", "\(latency)", "--items", "1", "--hosts", "32",
    ])
    defer { server.input.fileHandleForWriting.closeFile() }
    var configuration = FetchConfiguration()
    configuration.maxConcurrent = concurrency
    let fetcher = Fetcher(configuration: configuration)
    let requests = (0..<feeds).map {
        FetchRequest(url: "\(server.urls[$0 % server.urls.count])/feed/\($0).xml", scope: .userWritten)
    }
    let start = Date()
    let results = await fetcher.fetchAll(requests)
    let wall = Date().timeIntervalSince(start)
    let failures = results.filter { if case .failure = $0 { true } else { false } }.count
    let bytes = results.reduce(0) { $0 + ((try? $1.get().body.count) ?? 0) }
    let ideal = Double(feeds) * latency / Double(concurrency)
    print(
        "fetch benchmark: \(feeds) feeds, \(bytes / feeds) bytes each, \(Int(latency * 1000)) ms latency, concurrency \(concurrency)"
    )
    print(String(format: "  wall time      %.2f s", wall))
    print(String(format: "  ideal          %.2f s  (%d x %.1f s / %d)", ideal, feeds, latency, concurrency))
    print(String(format: "  wall / ideal   %.2f", wall / ideal))
    print(String(format: "  peak memory    %.1f MiB", peakMemoryMiB()))
    print("  failures       \(failures)")
    // A benchmark whose fetches failed measured nothing: say so and fail.
    if let first = results.lazy.compactMap({ result -> FetchError? in
        if case .failure(let error) = result { return error } else { return nil }
    }).first {
        print("fetch benchmark: \(failures) fetches failed, e.g. \(first)")
        exit(1)
    }
}

/// A configuration briefing `feeds` (8 sections of 25) with its state in `folder`: no cap on
/// items, no pages fetched.
func benchmarkConfiguration(feeds: [String], in folder: URL) throws -> BriefingConfiguration {
    let outlines = feeds.enumerated().map { "<outline text=\"News \($0.offset)\" xmlUrl=\"\($0.element)\"/>" }
    let groups = stride(from: 0, to: outlines.count, by: 25).map {
        "<outline text=\"Section \($0 / 25 + 1)\">\(outlines[$0..<min($0 + 25, outlines.count)].joined())</outline>"
    }
    let list = folder.appendingPathComponent("feeds.opml")
    try "<opml version=\"2.0\"><head><title>Bench</title></head><body>\(groups.joined())</body></opml>"
        .write(to: list, atomically: true, encoding: .utf8)
    var configuration = BriefingConfiguration()
    configuration.feedLists = [list.path]
    configuration.stateDirectory = folder.appendingPathComponent("state").path
    configuration.maxItemsPerSection = 0
    configuration.fullText.mode = .never
    return configuration
}

func briefingBenchmark() async throws {
    let feeds = Int(option("feeds", 200))
    let items = Int(option("items", 25))
    let server = try startServer([
        "--feeds", "\(feeds)", "--items", "\(items)", "--latency", "0", "--hosts", "32",
    ])
    defer { server.input.fileHandleForWriting.closeFile() }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefing-bench-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var configuration = try benchmarkConfiguration(
        feeds: (0..<feeds).map { "\(server.urls[$0 % server.urls.count])/feed/\($0).xml" }, in: folder)
    configuration.maxItemAge = 0
    var options = JobOptions()
    options.output = folder.appendingPathComponent("out").path + "/"
    let start = Date()
    let outcome = try await DailyJob(configuration: configuration, options: options).run()
    let wall = Date().timeIntervalSince(start)
    let entries = outcome.briefing.entryCount
    let reported = outcome.briefing.sections.flatMap(\.entries).reduce(0) { $0 + 1 + $1.alsoReportedBy.count }
    print("briefing benchmark: \(feeds) feeds, \(feeds * items) items, full run with state and 4 output files")
    print(String(format: "  wall time      %.2f s", wall))
    print(String(format: "  peak memory    %.1f MiB", peakMemoryMiB()))
    print("  entries        \(entries) (\(reported) items; \(outcome.briefing.failures.count) feeds failed)")
}

/// A year of daily runs on an injected clock: each day every feed (a local file, rewritten as
/// its publisher would) gains `items` new items and lists those of the last `lifetime` days.
/// Prints the run time and the state's size on days 1, 30, 90, 180 and 365: with retention,
/// both should stay flat once `keep` has passed.
func yearBenchmark() async throws {
    let days = Int(option("days", 365))
    let feeds = Int(option("feeds", 200))
    let items = Int(option("items", 20))
    let lifetime = Int(option("lifetime", 7))
    let keep = option("keep", 90)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("briefing-year-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let feedURL = { (number: Int) in folder.appendingPathComponent("feed-\(number).xml") }
    var configuration = try benchmarkConfiguration(feeds: (0..<feeds).map { feedURL($0).absoluteString }, in: folder)
    configuration.retention = keep * 86400
    let start = Date(timeIntervalSince1970: 1_767_254_400)  // 2026-01-01 08:00 UTC
    let formatter = ISO8601DateFormatter()

    /// Each feed's items by day of publication, the last `lifetime` days.
    var published: [[[String]]] = Array(repeating: [], count: feeds)
    var random = SplitMix(state: 2026)
    var times: [Double] = []
    let checkpoints: Set<Int> = [1, 30, 90, 180, 365, days]
    print(
        "year benchmark: \(days) daily runs, \(feeds) feeds x \(items) new items a day, listed \(lifetime) days, keep \(Int(keep))d"
    )
    print("   day   run s   median 7d   state MiB (db + wal)   items   briefings")
    for day in 1...days {
        let now = start.addingTimeInterval(Double(day - 1) * 86400)
        for number in 0..<feeds {
            let fresh = (0..<items).map { index -> String in
                let id = "f\(number)-d\(day)-\(index)"
                let person = random.pick(NewsText.allPeople)
                let organisation = random.pick(NewsText.allOrganisations)
                let place = random.pick(NewsText.places)
                let date = formatter.string(from: now.addingTimeInterval(-Double(60 * (index + 1))))
                return """
                    <item><guid isPermaLink="false">\(id)</guid><title>\(organisation) opens office in \(place) (\(id))</title>
                    <link>https://news\(number).example/\(id)</link><pubDate>\(date)</pubDate>
                    <description>\(organisation) will open an office in \(place) with \(random.number(10...900)) staff, \(person) said on \(random.pick(NewsText.days)). \(random.pick(NewsText.filler))</description></item>
                    """
            }
            published[number] = Array(([fresh] + published[number]).prefix(lifetime))
            let document = """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>News \(number)</title><link>https://news\(number).example/</link>
                \(published[number].joined().joined(separator: "\n"))
                </channel></rss>
                """
            try document.write(to: feedURL(number), atomically: true, encoding: .utf8)
        }
        let clock = Date()
        _ = try await DailyJob(configuration: configuration, options: JobOptions(), now: { now }).run()
        times.append(Date().timeIntervalSince(clock))
        guard checkpoints.contains(day) else { continue }
        let week = times.suffix(7).sorted()
        let size = ["", "-wal"].reduce(0) { total, suffix in
            let path = configuration.stateDirectory + "/" + StateStore.fileName + suffix
            return total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
        let state = try StateStore(location: configuration.stateLocation())
        let stored = Int(try state.scalar("SELECT COUNT(*) FROM items")) ?? 0
        let briefings = Int(try state.scalar("SELECT COUNT(*) FROM briefings")) ?? 0
        print(
            String(
                format: "  %4d   %5.2f   %9.2f   %20.1f   %7d   %9d", day, times[times.count - 1], week[week.count / 2],
                Double(size) / 1_048_576, stored, briefings))
    }
    print(String(format: "  total %.0f s of runs; peak memory %.1f MiB", times.reduce(0, +), peakMemoryMiB()))
}

/// Fetches 2,500 to 20,000 feeds, all from one host and spread over 100, each size in a fresh
/// child process (`many-feeds-run`), and prints wall time beside the latency-bound ideal.
func manyFeedsBenchmark() throws {
    let sizes = list("sizes", "2500,5000,10000,20000")
    let layouts = list("hosts", "1,100")
    let latency = option("latency", 0.01)
    let bodySize = Int(option("size", 5000))
    var configuration = FetchConfiguration()
    configuration.maxConcurrent = Int(option("concurrency", Double(configuration.maxConcurrent)))
    configuration.maxPerHost = Int(option("per-host", Double(configuration.maxPerHost)))
    let spread = layouts.max() ?? 1
    let server = try startServer([
        "--feeds", "\(sizes.max() ?? 0)", "--distinct", "500", "--size", "\(bodySize)", "--items", "1",
        "--latency", "\(latency)", "--hosts", "\(spread)",
    ])
    defer { server.input.fileHandleForWriting.closeFile() }
    print(
        "many-feeds benchmark: feeds of ~\(bodySize) bytes, \(Int(latency * 1000)) ms latency, concurrency \(configuration.maxConcurrent), per host \(configuration.maxPerHost)"
    )
    print("  hosts   feeds   wall s   ideal s   wall/ideal   peak MiB   MiB/1000 feeds   failures")
    for hosts in layouts {
        for feeds in sizes {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments =
                [
                    "many-feeds-run", "--feeds", "\(feeds)", "--concurrency", "\(configuration.maxConcurrent)",
                    "--per-host", "\(configuration.maxPerHost)",
                ] + server.urls.prefix(hosts)
            let output = Pipe()
            child.standardOutput = output
            try child.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            child.waitUntilExit()
            let figures = String(decoding: data, as: UTF8.self).split(separator: " ").compactMap {
                Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            guard figures.count == 3 else {
                print("  \(hosts) hosts, \(feeds) feeds: the run failed (status \(child.terminationStatus))")
                continue
            }
            let ideal = idealSeconds(feeds: feeds, hosts: hosts, latency: latency, configuration: configuration)
            print(
                String(
                    format: "  %5d  %6d  %7.2f  %8.2f  %11.2f  %9.1f  %15.1f  %9d", hosts, feeds, figures[0], ideal,
                    figures[0] / ideal, figures[1], figures[1] / Double(feeds) * 1000, Int(figures[2])))
        }
    }
}

/// A comma-separated list of numbers given as `--name`, or `fallback`.
func list(_ name: String, _ fallback: String) -> [Int] {
    let index = arguments.firstIndex(of: "--\(name)").map { $0 + 1 }
    let text = index.flatMap { $0 < arguments.count ? arguments[$0] : nil } ?? fallback
    return text.split(separator: ",").compactMap { Int($0) }
}

/// The shortest time the limits allow when every response takes `latency`: feeds spread evenly
/// over `hosts`, one round of transfers per latency, each round bounded by the global limit and
/// each host by its own.
func idealSeconds(feeds: Int, hosts: Int, latency: Double, configuration: FetchConfiguration) -> Double {
    let slots = min(configuration.maxConcurrent, hosts * configuration.maxPerHost)
    let busiestHost = (feeds + hosts - 1) / hosts
    let rounds = max(
        (feeds + slots - 1) / slots, (busiestHost + configuration.maxPerHost - 1) / configuration.maxPerHost)
    return Double(rounds) * latency
}

/// One size of `many-feeds`, in a child process: prints wall seconds, peak MiB and failures.
func manyFeedsRun() async {
    let feeds = Int(option("feeds", 2500))
    let urls = arguments.filter { $0.hasPrefix("http://") }
    var configuration = FetchConfiguration()
    configuration.maxConcurrent = Int(option("concurrency", 16))
    configuration.maxPerHost = Int(option("per-host", 2))
    let fetcher = Fetcher(configuration: configuration)
    // The user's own URLs on loopback addresses, which `.network` requests may not reach.
    let requests = (0..<feeds).map {
        FetchRequest(url: "\(urls[$0 % urls.count])/feed/\($0).xml", scope: .userWritten)
    }
    let start = Date()
    let results = await fetcher.fetchAll(requests)
    let wall = Date().timeIntervalSince(start)
    let failures = results.filter { if case .failure = $0 { true } else { false } }.count
    print(String(format: "%.3f %.1f %d", wall, peakMemoryMiB(), failures))
}

switch arguments.first {
case "serve": try serve()
case "fetch": try await fetchBenchmark()
case "briefing": try await briefingBenchmark()
case "year": try await yearBenchmark()
case "many-feeds": try manyFeedsBenchmark()
case "many-feeds-run": await manyFeedsRun()
case "workers": try workersBenchmark()
default:
    print("usage: Benchmarks fetch [--feeds 500 --size 50000 --latency 0.1 --concurrency 16]")
    print("       Benchmarks briefing [--feeds 200 --items 25]")
    print("       Benchmarks year [--days 365 --feeds 200 --items 20 --lifetime 7 --keep 90]")
    print(
        "       Benchmarks many-feeds [--sizes 2500,5000,10000,20000 --hosts 1,100 --size 5000 --latency 0.01 --concurrency 16 --per-host 2]"
    )
    print(
        "       Benchmarks workers [--feeds 20000 --hosts 20 --latency 0.01 --workers 1,2,4 --sqlite-workers 1 --concurrency 16 --per-host 2 --batch N --briefing PATH]"
    )
}
