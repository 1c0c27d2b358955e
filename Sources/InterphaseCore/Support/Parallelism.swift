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
