import BriefingCore
import FeedParsing
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// Parses every `*.xml` file in a directory (default `../shared/feeds/large`, relative to the
// working directory) and prints, per file: throughput (median and best of 7 runs by thread CPU time,
// which the other jobs on a shared machine do not distort, and by wall time), the same with the
// JSON that `feed inspect --json` writes built in memory (CPU time), and the peak
// memory of one parse.
// Each file runs in its own child process so that its peak memory (VmHWM) is its own; the
// figure is given absolute and above the process's baseline (runtime, code and tables warmed
// up on a tiny feed, plus the file's bytes).
//
//   swift run -c release --scratch-path .build-feeds FeedParsingBenchmark ../shared/feeds/large

/// Peak resident memory (VmHWM) in kB, from /proc/self/status; 0 where unavailable.
func peakMemoryKB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
        return 0
    }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(
            line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") ?? 0
    }
    return 0
}

func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func wallSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Benchmarks one file in this process and prints one line.
func benchmark(path: String) -> Int32 {
    guard let data = FileManager.default.contents(atPath: path) else {
        print("\(path): cannot read")
        return 1
    }
    let parser = FeedParser()
    // Warm up on a tiny feed first, so that the baseline includes the runtime, the loaded file,
    // the code and the static tables, and "above baseline" is what parsing this file costs.
    _ = try? parser.parse(
        Data("<rss version=\"2.0\"><channel><title>warm-up &amp; up</title></channel></rss>".utf8))
    let baseline = peakMemoryKB()
    var items = 0
    var outputBytes = 0
    // The first parse gives the peak memory of one parse (repeated parses add allocator
    // fragmentation, not parser memory); the timed runs follow.
    do {
        let feed = try parser.parse(data, baseURL: "file://" + path)
        items = feed.items.count
        outputBytes = feed.items.reduce(0) { total, item in
            total
                + [
                    item.title, item.link, item.summaryText, item.summaryHTML, item.contentText,
                    item.contentHTML,
                ]
                .reduce(0) { $0 + ($1?.utf8.count ?? 0) }
        }
    } catch {
        print("\(path): \(error)")
        return 1
    }
    let peak = peakMemoryKB()
    var cpuTimes: [Double] = []
    var wallTimes: [Double] = []
    let runs = max(1, Int(ProcessInfo.processInfo.environment["FEED_BENCH_RUNS"] ?? "") ?? 7)
    for _ in 0..<runs {
        let cpuStart = threadCPUSeconds()
        let wallStart = wallSeconds()
        guard let feed = try? parser.parse(data, baseURL: "file://" + path), feed.items.count == items
        else {
            print("\(path): parse failed on a repeat run")
            return 1
        }
        cpuTimes.append(threadCPUSeconds() - cpuStart)
        wallTimes.append(wallSeconds() - wallStart)
    }
    // Parse and JSON, as `feed inspect --json` does in-process (its writer, its buffer, to /dev/null).
    var jsonTimes: [Double] = []
    var jsonBytes = 0
    let devNull = open("/dev/null", O_WRONLY)
    defer { close(devNull) }
    for _ in 0..<runs {
        let cpuStart = threadCPUSeconds()
        guard let feed = try? parser.parse(data, baseURL: "file://" + path) else { return 1 }
        let output = OutputBuffer(descriptor: devNull)
        FeedInspection.writeJSONLine(feed, to: output)
        output.flush()
        jsonTimes.append(threadCPUSeconds() - cpuStart)
        if jsonBytes == 0 { jsonBytes = FeedInspection.json(feed).utf8.count + 1 }
    }
    let json = jsonTimes.sorted()[jsonTimes.count / 2]
    let cpu = cpuTimes.sorted()[cpuTimes.count / 2]
    let wall = wallTimes.sorted()[wallTimes.count / 2]
    let bestCPU = cpuTimes.min() ?? cpu
    let megabytes = Double(data.count) / 1_000_000
    let name = (path as NSString).lastPathComponent
    print(
        String(
            format:
                "%@: %.2f MB, %d items: %.1f MB/s (median CPU %.1f ms; best %.1f MB/s), %.1f MB/s wall (%.1f ms); with the JSON of feed inspect (%.1f MB) %.1f MB/s (median CPU %.1f ms); peak %.1f MB, %.1f MB above baseline = %.1fx file size (the result's text: %.1f MB)",
            name, megabytes, items, megabytes / cpu, cpu * 1000, megabytes / bestCPU, megabytes / wall,
            wall * 1000, Double(jsonBytes) / 1_000_000, megabytes / json, json * 1000,
            Double(peak) / 1024,
            Double(peak - baseline) / 1024, Double(peak - baseline) * 1024 / Double(data.count),
            Double(outputBytes) / 1_000_000))
    return 0
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.count == 2, arguments[0] == "--file" {
    exit(benchmark(path: arguments[1]))
}
let directory = arguments.first ?? "../shared/feeds/large"
guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
    print("FeedParsingBenchmark: cannot read directory \(directory)")
    exit(1)
}
let files = names.filter { $0.hasSuffix(".xml") }.sorted()
if files.isEmpty {
    print("FeedParsingBenchmark: no .xml files in \(directory)")
    exit(1)
}
var status: Int32 = 0
for name in files {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    child.arguments = ["--file", directory + "/" + name]
    do {
        try child.run()
        child.waitUntilExit()
        if child.terminationStatus != 0 { status = child.terminationStatus }
    } catch {
        print("\(name): cannot start a child process (\(error)); measuring in this process")
        status = max(status, benchmark(path: directory + "/" + name))
    }
}
exit(status)
