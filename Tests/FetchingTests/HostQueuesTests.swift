import Testing

@testable import Fetching

/// The scheduler as a pure value: limits, order, turns and memory, without libcurl.
@Suite struct HostQueuesTests {
    /// Starts every job the limits allow; returns what started, as "host:job".
    func startAll(_ queues: inout HostQueues<Int>) -> [String] {
        var started: [String] = []
        while let (job, host) = queues.nextReady() { started.append("\(host):\(job)") }
        return started
    }

    @Test func oneHostRunsFirstInFirstOutWithinItsLimit() {
        var queues = HostQueues<Int>(maxConcurrent: 16, maxPerHost: 2)
        let total = 2000
        for job in 0..<total { queues.enqueue(job, host: "a") }
        #expect(queues.waitingCount == total)
        var order: [Int] = []
        var running: [Int] = []
        while !queues.isIdle {
            while let (job, _) = queues.nextReady() { running.append(job) }
            #expect(queues.running <= 2)
            #expect(queues.running(host: "a") == running.count)
            // Each job is held once: those waiting plus those handed out make up every job.
            #expect(queues.waitingCount + order.count + running.count == total)
            let done = running.removeFirst()
            order.append(done)
            queues.finished(host: "a")
        }
        #expect(order == Array(0..<total))
        #expect(queues.waitingCount == 0)
    }

    @Test func hostsTakeTurnsAndTheGlobalLimitHolds() {
        var queues = HostQueues<Int>(maxConcurrent: 4, maxPerHost: 2)
        for job in 1...4 { queues.enqueue(job, host: "a") }
        for job in 1...4 { queues.enqueue(job, host: "b") }
        queues.enqueue(1, host: "c")
        #expect(startAll(&queues) == ["a:1", "b:1", "c:1", "a:2"])
        // A finished job frees one slot under the global limit; b's turn comes before a's.
        queues.finished(host: "c")
        #expect(startAll(&queues) == ["b:2"])
        queues.finished(host: "a")
        #expect(startAll(&queues) == ["a:3"])
        queues.finished(host: "a")
        queues.finished(host: "b")
        #expect(startAll(&queues) == ["a:4", "b:3"])
        #expect(queues.running == 4)
        #expect(queues.waitingCount == 1)
    }

    @Test func aHostAtItsLimitStartsAgainWhenOneFinishes() {
        var queues = HostQueues<Int>(maxConcurrent: 16, maxPerHost: 1)
        queues.enqueue(1, host: "a")
        #expect(startAll(&queues) == ["a:1"])
        // Enqueued while the host is at its limit: waits for the slot, not for another host.
        queues.enqueue(2, host: "a")
        queues.enqueue(1, host: "b")
        #expect(startAll(&queues) == ["b:1"])
        queues.finished(host: "a")
        #expect(startAll(&queues) == ["a:2"])
        queues.finished(host: "a")
        queues.finished(host: "b")
        #expect(queues.isIdle)
    }

    @Test func manyHostsNeverPassEitherLimit() {
        var queues = HostQueues<Int>(maxConcurrent: 16, maxPerHost: 2)
        for job in 0..<600 { queues.enqueue(job, host: "h\(job % 30)") }
        var running: [String] = []
        var finished = 0
        while !queues.isIdle {
            while let (_, host) = queues.nextReady() { running.append(host) }
            #expect(running.count <= 16)
            #expect(Set(running).allSatisfy { host in running.filter { $0 == host }.count <= 2 })
            #expect(queues.waitingCount == 600 - finished - running.count)
            queues.finished(host: running.removeFirst())
            finished += 1
        }
        #expect(finished == 600)
    }

    @Test func fifoCompactsAndKeepsOrder() {
        var fifo = FIFO<Int>()
        var expected = 0
        for round in 0..<50 {
            for value in 0..<100 { fifo.append(round * 100 + value) }
            for _ in 0..<70 {
                #expect(fifo.popFirst() == expected)
                expected += 1
            }
        }
        #expect(fifo.count == 50 * 30)
        while let value = fifo.popFirst() {
            #expect(value == expected)
            expected += 1
        }
        #expect(expected == 5000)
        #expect(fifo.isEmpty)
    }
}
