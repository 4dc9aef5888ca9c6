import CCurl
import CCurlShim
import Foundation

/// The libcurl multi loop: runs many transfers at once on one dedicated thread (not the Swift
/// concurrency pool), within a global and a per-host concurrency limit.
///
/// Requests queue here, not inside libcurl, so a transfer's timeouts start when it starts.
final class MultiLoop: @unchecked Sendable {
    private struct Job {
        var request: FetchRequest
        var host: String
        var completion: @Sendable (Result<FetchResponse, FetchError>) -> Void
    }

    private let configuration: FetchConfiguration
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    // Guarded by `lock`.
    private var queue: [Job] = []
    private var queueHead = 0
    private var stopping = false
    private var threadStarted = false
    // Touched only by the loop thread.
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    private var perHost: [String: Int] = [:]

    private let proxies: ProxyEndpoints

    init?(configuration: FetchConfiguration, proxies: ProxyEndpoints) {
        _ = MultiLoop.globalInit
        guard let multi = curl_multi_init() else { return nil }
        self.multi = multi
        self.configuration = configuration
        self.proxies = proxies
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    /// Queues a request; `completion` is called on the loop thread when it ends.
    func submit(
        _ request: FetchRequest, host: String,
        completion: @escaping @Sendable (Result<FetchResponse, FetchError>) -> Void
    ) {
        lock.lock()
        queue.append(Job(request: request, host: host, completion: completion))
        let startThread = !threadStarted
        threadStarted = true
        lock.unlock()
        if startThread {
            let thread = Thread { [self] in self.run() }
            thread.name = "briefing.fetch"
            thread.start()
        } else {
            curl_multi_wakeup(multi)
        }
    }

    /// Lets the loop thread end once every queued transfer has finished.
    func shutdown() {
        lock.lock()
        stopping = true
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    private func run() {
        while true {
            startQueuedTransfers()
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            let finished = collectFinishedTransfers()
            lock.lock()
            let idle = active.isEmpty && queueHead == queue.count
            let done = idle && stopping
            if idle {
                queue.removeAll(keepingCapacity: false)
                queueHead = 0
            }
            lock.unlock()
            if done { return }
            // A finished transfer may free a slot for a queued one: start it before waiting.
            if finished > 0 { continue }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func startQueuedTransfers() {
        var ready: [Job] = []
        lock.lock()
        var index = queueHead
        var skipped: [Job] = []
        while index < queue.count, active.count + ready.count < configuration.maxConcurrent {
            let job = queue[index]
            index += 1
            let hostCount = (perHost[job.host] ?? 0) + ready.filter { $0.host == job.host }.count
            if hostCount < configuration.maxPerHost {
                ready.append(job)
            } else {
                skipped.append(job)
            }
        }
        // Jobs held back by the per-host limit keep their place at the front of the queue.
        queueHead = index
        if !skipped.isEmpty {
            queue.replaceSubrange(queueHead..<queueHead, with: skipped)
        }
        lock.unlock()
        for job in ready {
            let transfer: Transfer
            do {
                transfer = try Transfer(
                    request: job.request, host: job.host, configuration: configuration, proxies: proxies,
                    completion: job.completion)
            } catch {
                job.completion(.failure(error))
                continue
            }
            active[transfer.handle] = transfer
            perHost[job.host, default: 0] += 1
            curl_multi_add_handle(multi, transfer.handle)
        }
    }

    /// Completes finished transfers; returns how many finished.
    private func collectFinishedTransfers() -> Int {
        var finished = 0
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            guard let transfer = active.removeValue(forKey: handle) else { continue }
            perHost[transfer.host, default: 1] -= 1
            if perHost[transfer.host] == 0 { perHost[transfer.host] = nil }
            transfer.completion(transfer.outcome(code: code, configuration: configuration))
            finished += 1
        }
        return finished
    }
}
