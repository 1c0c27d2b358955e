// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import _InterphaseShims

/// How many threads the parallel kernels split their work over. Every kernel partitions independent
/// rows, columns or replicas, never a floating-point reduction, so results are bit-identical for
/// any value (the tests compare 1 and 8). Default: the `INTERPHASE_THREADS` environment variable,
/// else the number of active cores.
public enum Parallelism {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var _workers: Int = {
        if let v = ProcessInfo.processInfo.environment["INTERPHASE_THREADS"].flatMap(Int.init), v >= 1 { return v }
        return ProcessInfo.processInfo.activeProcessorCount
    }()

    /// Threads to use (at least 1).
    public static var workers: Int {
        get { lock.lock(); defer { lock.unlock() }; return _workers }
        set { lock.lock(); defer { lock.unlock() }; _workers = max(1, newValue) }
    }

    /// Limits glibc's malloc to one arena per worker (its default is eight per core). Buffers one
    /// worker thread frees are then reused by the next allocation of another instead of staying
    /// resident in the freeing thread's own arena: the fibre command at 4096² peaks about 25 MB
    /// lower with no loss of speed.
    ///
    /// It also fixes the threshold above which malloc maps a block of its own (returned to the
    /// system when freed) at 4 MiB. glibc otherwise raises that threshold to the size of each mapped
    /// block freed, up to 32 MiB, so that image-sized buffers later come from the arena heaps, where a
    /// small live block above them keeps the whole heap resident: the fibre command's peak at 4096²
    /// then depends on timing (170 or 182 MiB on the same input, 183–202 MiB with the orientation);
    /// fixed, it is 182–184 MiB at the same speed.
    ///
    /// Call once at start-up, before any thread allocates; no effect off glibc.
    public static func limitMallocArenas() {
        _ = ip_limit_malloc_arenas(Int32(clamping: workers))
        _ = ip_fix_mmap_threshold(4 << 20)
    }

    /// Chunks for `n` independent lines: 1 when single-threaded, else 4 per worker (load balance).
    public static func chunks(_ n: Int) -> Int {
        let w = workers
        return w == 1 ? 1 : max(1, min(n, w * 4))
    }
}

extension Parallelism {
    /// Runs two independent pieces of work at the same time (one after the other with one worker) and
    /// returns both results; an error from either is thrown after both have finished. Used to overlap
    /// a kernel's serial stretches with another analysis of the same input.
    ///
    /// `b` runs on a thread of its own and `a` on the caller's, so the parallel loops inside each
    /// keep their full width: inside a `concurrentPerform` worker, libdispatch runs a nested
    /// `concurrentPerform` with the width divided by the outer one's (serially on two cores).
    package static func both<A: Sendable, B: Sendable>(_ a: @Sendable () throws -> A, _ b: @Sendable @escaping () throws -> B) throws -> (A, B) {
        guard workers > 1 else { return (try a(), try b()) }
        let rb = ResultSlot<B>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            rb.value = Result { try b() }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        let ra = Result { try a() }
        done.wait()
        return (try ra.get(), try rb.value!.get())
    }
}

/// A value one piece of work hands to another running beside it (``Parallelism/both(_:_:)``): the
/// receiver waits until the sender has ``send(_:)``-ed it, or gets nil once the sender has closed the
/// handoff without sending (it failed). Sending or closing twice keeps the first outcome.
package final class Handoff<T: Sendable>: @unchecked Sendable {
    private let lock = NSCondition()
    private var value: T?
    private var finished = false

    package init() {}

    package func send(_ v: T) {
        lock.lock(); defer { lock.unlock() }
        guard !finished else { return }
        value = v
        finished = true
        lock.broadcast()
    }

    /// Marks the handoff finished; a receiver still waiting gets nil.
    package func close() {
        lock.lock(); defer { lock.unlock() }
        finished = true
        lock.broadcast()
    }

    /// Blocks until the value is sent or the handoff is closed.
    package func receive() -> T? {
        lock.lock(); defer { lock.unlock() }
        while !finished { lock.wait() }
        return value
    }
}

/// A raw pointer handed to concurrent workers that write disjoint ranges.
package struct UnsafeSendablePointer<T>: @unchecked Sendable {
    package let pointer: UnsafeMutablePointer<T>
    @inlinable package init(_ p: UnsafeMutablePointer<T>) { pointer = p }
    @inlinable package init(_ p: UnsafePointer<T>) { pointer = UnsafeMutablePointer(mutating: p) }
}

/// One result written by one concurrent worker and read after they have all finished.
private final class ResultSlot<T>: @unchecked Sendable {
    var value: Result<T, any Error>?
    init() {}
}
