/// Which waiting job starts next, within a global and a per-host limit: first in, first out
/// for each host, round-robin across the hosts that can start one.
///
/// Every decision is O(1): each host has its own FIFO queue, and a second FIFO holds the hosts
/// that have a job waiting and a free slot, each at most once. A job is stored once, from
/// `enqueue` until `nextReady` hands it out, so memory is linear in the jobs waiting. A pure
/// value with no I/O; the multi loop keeps one behind its lock.
struct HostQueues<Job> {
    /// Jobs running at once across all hosts (at least 1).
    let maxConcurrent: Int
    /// Jobs running at once for one host (at least 1).
    let maxPerHost: Int
    private var waiting: [String: FIFO<Job>] = [:]
    private var runningPerHost: [String: Int] = [:]
    /// Hosts with a waiting job and fewer than `maxPerHost` running, in turn order.
    private var ready = FIFO<String>()
    /// Jobs handed out by `nextReady` and not yet `finished`.
    private(set) var running = 0
    /// Jobs enqueued and not yet handed out.
    private(set) var waitingCount = 0

    init(maxConcurrent: Int, maxPerHost: Int) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.maxPerHost = max(1, maxPerHost)
    }

    /// Jobs of `host` handed out and not yet finished.
    func running(host: String) -> Int { runningPerHost[host, default: 0] }

    /// True when no job waits and none runs.
    var isIdle: Bool { waitingCount == 0 && running == 0 }

    /// Adds a job behind the others for its host.
    mutating func enqueue(_ job: Job, host: String) {
        let hadWaiting = waiting[host] != nil
        waiting[host, default: FIFO()].append(job)
        waitingCount += 1
        // A host with jobs already waiting is either in `ready` or at its limit.
        if !hadWaiting, runningPerHost[host, default: 0] < maxPerHost { ready.append(host) }
    }

    /// The next job to start, counted as running until `finished(host:)`; nil when the global
    /// limit is reached or no host with waiting jobs has a free slot.
    mutating func nextReady() -> (job: Job, host: String)? {
        guard running < maxConcurrent, let host = ready.popFirst(),
            let job = waiting[host]?.popFirst()
        else { return nil }
        waitingCount -= 1
        running += 1
        let count = runningPerHost[host, default: 0] + 1
        runningPerHost[host] = count
        if waiting[host]?.isEmpty == true {
            waiting[host] = nil
        } else if count < maxPerHost {
            // Round-robin: the host takes its next turn behind the other ready hosts.
            ready.append(host)
        }
        return (job, host)
    }

    /// Frees the slot of a job of `host` that `nextReady` handed out.
    mutating func finished(host: String) {
        guard let count = runningPerHost[host] else { return }
        running -= 1
        runningPerHost[host] = count > 1 ? count - 1 : nil
        // The host was at its limit, so not in `ready`: with jobs waiting it may start one again.
        if count == maxPerHost, waiting[host] != nil { ready.append(host) }
    }
}

/// A first-in, first-out queue with O(1) amortised `append` and `popFirst`: an array read from
/// a moving head (a taken slot is cleared at once), compacted once the taken part is at least
/// half of it.
struct FIFO<Element> {
    private var storage: [Element?] = []
    private var head = 0

    var isEmpty: Bool { head == storage.count }
    var count: Int { storage.count - head }

    mutating func append(_ element: Element) {
        storage.append(element)
    }

    mutating func popFirst() -> Element? {
        guard head < storage.count else { return nil }
        let element = storage[head].take()
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 32, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return element
    }
}
