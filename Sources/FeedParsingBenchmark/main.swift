import FeedParsing
import Foundation

// Parses every `*.xml` file in a directory (default `../shared/feeds/large`, relative to the
// working directory) and prints throughput per file and the process's peak memory.
//
//   swift run -c release --scratch-path .build-feeds FeedParsingBenchmark ../shared/feeds/large

/// Peak resident memory (VmHWM) in kB, from /proc/self/status; nil where unavailable.
func peakMemoryKB() -> Int? {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return nil
  }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    return Int(
      line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
  }
  return nil
}

let arguments = CommandLine.arguments.dropFirst()
let directory = arguments.first ?? "../shared/feeds/large"
let runs = 5
let fileManager = FileManager.default
guard let names = try? fileManager.contentsOfDirectory(atPath: directory) else {
  print("FeedParsingBenchmark: cannot read directory \(directory)")
  exit(1)
}
let files = names.filter { $0.hasSuffix(".xml") }.sorted()
if files.isEmpty {
  print("FeedParsingBenchmark: no .xml files in \(directory)")
  exit(1)
}
let baseline = peakMemoryKB() ?? 0
print("baseline peak memory: \(baseline / 1024) MB")
let parser = FeedParser()
for name in files {
  let path = directory + "/" + name
  guard let data = fileManager.contents(atPath: path) else {
    print("\(name): cannot read")
    continue
  }
  var times: [Double] = []
  var items = 0
  for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    do {
      let feed = try parser.parse(data, baseURL: "file://" + path)
      items = feed.items.count
    } catch {
      print("\(name): \(error)")
      break
    }
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
  guard !times.isEmpty else { continue }
  let median = times.sorted()[times.count / 2]
  let megabytes = Double(data.count) / 1_000_000
  print(
    String(
      format: "%@: %.2f MB, %d items, median %.1f ms, %.1f MB/s, peak memory so far %d MB", name,
      megabytes, items,
      median * 1000, megabytes / median, (peakMemoryKB() ?? 0) / 1024))
}
if let peak = peakMemoryKB() {
  print(
    "peak memory (VmHWM): \(peak / 1024) MB (\((peak - baseline) / 1024) MB above the \(baseline / 1024) MB baseline)"
  )
}
