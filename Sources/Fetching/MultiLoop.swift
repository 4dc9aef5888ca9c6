import CCurl
import CCurlShim
import Foundation
import Synchronization

/// The libcurl multi loop: runs many transfers at once on one dedicated thread (not the Swift
/// concurrency pool), within a global and a per-host concurrency limit.
///
/// Requests queue here (in `HostQueues`), not inside libcurl, so a transfer's timeouts start
/// when it starts. (Unchecked Sendable for the multi handle and `active`, which only the loop
/// thread touches; what other threads share is behind `shared`.)
final class MultiLoop: @unchecked Sendable {
    private struct Job {
        var request: FetchRequest
        var completion: @Sendable (Result<FetchResponse, FetchError>) -> Void
    }

    private let configuration: FetchConfiguration
    private let multi: UnsafeMutableRawPointer
    /// What the submitting threads and the loop thread share.
    private struct Shared {
        var queues: HostQueues<Job>
        var peaks = Peaks()
        var stopping = false
        var threadStarted = false
    }

    private let shared: Mutex<Shared>
    // Touched only by the loop thread.
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]

    private let proxies: ProxyEndpoints

    init?(configuration: FetchConfiguration, proxies: ProxyEndpoints) {
        _ = MultiLoop.globalInit
        guard let multi = curl_multi_init() else { return nil }
        // libcurl keeps 4 idle connections per running transfer by default (64 here); feeds
        // spread over many hosts, visited round-robin, then reconnect for nearly every request.
        // 256 idle connections cost a few file descriptors and keep 100 hosts' connections.
        guard ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, FetchConfiguration.idleConnections) == CURLM_OK
        else {
            curl_multi_cleanup(multi)
            return nil
        }
        self.multi = multi
        self.configuration = configuration
        self.proxies = proxies
        let queues = HostQueues<Job>(maxConcurrent: configuration.maxConcurrent, maxPerHost: configuration.maxPerHost)
        self.shared = Mutex(Shared(queues: queues))
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
        let job = Job(request: request, completion: completion)
        let startThread = shared.withLock { shared in
            shared.queues.enqueue(job, host: host)
            shared.peaks.waiting = max(shared.peaks.waiting, shared.queues.waitingCount)
            defer { shared.threadStarted = true }
            return !shared.threadStarted
        }
        if startThread {
            let thread = Thread { [self] in self.run() }
            thread.name = "briefing.fetch"
            thread.start()
        } else {
            curl_multi_wakeup(multi)
        }
    }

    /// The most requests that have waited at once, and the most transfers that have run at once
    /// (in all and to one host), since the loop was made.
    struct Peaks: Sendable, Equatable {
        var waiting = 0
        var running = 0
        var runningToOneHost = 0
    }

    var peakCounts: Peaks {
        shared.withLock { $0.peaks }
    }

    /// Lets the loop thread end once every queued transfer has finished.
    func shutdown() {
        shared.withLock { $0.stopping = true }
        curl_multi_wakeup(multi)
    }

    private func run() {
        while true {
            startQueuedTransfers()
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            let finished = collectFinishedTransfers()
            let done = shared.withLock { $0.queues.isIdle && $0.stopping }
            if done { return }
            // A finished transfer may free a slot for a queued one: start it before waiting.
            if finished > 0 { continue }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    /// Starts every job the limits allow, in the order `HostQueues` hands them out.
    private func startQueuedTransfers() {
        while true {
            let next = shared.withLock { $0.queues.nextReady() }
            guard let (job, host) = next else { return }
            let transfer: Transfer
            do {
                transfer = try Transfer(
                    request: job.request, host: host, configuration: configuration, proxies: proxies,
                    completion: job.completion)
            } catch {
                release(host: host)
                job.completion(.failure(error))
                continue
            }
            active[transfer.handle] = transfer
            let count = active.count
            shared.withLock { shared in
                shared.peaks.running = max(shared.peaks.running, count)
                shared.peaks.runningToOneHost = max(shared.peaks.runningToOneHost, shared.queues.running(host: host))
            }
            curl_multi_add_handle(multi, transfer.handle)
        }
    }

    /// Frees the slot of a transfer to `host` that has ended (or never started).
    private func release(host: String) {
        shared.withLock { $0.queues.finished(host: host) }
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
            release(host: transfer.host)
            transfer.completion(transfer.outcome(code: code, configuration: configuration))
            finished += 1
        }
        return finished
    }
}
