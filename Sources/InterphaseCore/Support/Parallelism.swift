// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

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
    public static func both<A: Sendable, B: Sendable>(_ a: @Sendable () throws -> A, _ b: @Sendable @escaping () throws -> B) throws -> (A, B) {
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

/// A raw pointer handed to concurrent workers that write disjoint ranges.
public struct UnsafeSendablePointer<T>: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<T>
    @inlinable public init(_ p: UnsafeMutablePointer<T>) { pointer = p }
    @inlinable public init(_ p: UnsafePointer<T>) { pointer = UnsafeMutablePointer(mutating: p) }
}

/// One result written by one concurrent worker and read after they have all finished.
private final class ResultSlot<T>: @unchecked Sendable {
    var value: Result<T, any Error>?
    init() {}
}
