// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import InterphaseCore

@Suite("Parallelism: two pieces of work and the handoff between them")
struct ParallelismTests {
    @Test("a value sent is received, on the same thread or by one already waiting on another")
    func handoffDeliversTheValue() throws {
        let h = Handoff<[Int]>()
        h.send([1, 2, 3])
        #expect(h.receive() == [1, 2, 3])
        #expect(h.receive() == [1, 2, 3])

        // The receiver blocks until the sender, on another thread, has sent. The sender is the first
        // piece, as in the fibre command: with one worker (ThreadDeterminismTests sets that for the
        // whole process while it runs) `both` runs the pieces in turn, and a receiver first would
        // wait for ever.
        let late = Handoff<Int>()
        let (sent, got) = try Parallelism.both({ Thread.sleep(forTimeInterval: 0.05); late.send(42); return true }, { late.receive() })
        #expect(got == 42 && sent)
    }

    @Test("a closed handoff gives nil, and the first outcome stays")
    func closedHandoffGivesNil() throws {
        let h = Handoff<Int>()
        h.close()
        h.send(7)
        #expect(h.receive() == nil)

        let kept = Handoff<Int>()
        kept.send(1)
        kept.send(2)
        kept.close()
        #expect(kept.receive() == 1)

        // A sender that fails closes the handoff on its way out; the waiting receiver goes on.
        struct Failure: Error {}
        let failing = Handoff<Int>()
        #expect(throws: Failure.self) {
            _ = try Parallelism.both({ () throws -> Int in
                defer { failing.close() }
                Thread.sleep(forTimeInterval: 0.05)
                throw Failure()
            }, { failing.receive() })
        }
    }
}
