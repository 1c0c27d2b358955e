// SPDX-License-Identifier: GPL-3.0-or-later
import CFFTW
import Synchronization

/// Errors from planning a transform.
public enum FFTError: InterphaseError, Equatable {
    /// A shape with no axis, or an axis shorter than 1.
    case invalidShape([Int])
    /// FFTW could not plan a transform of this shape and kind.
    case planningFailed(shape: [Int], kind: String)
    /// An input array whose length does not match the plan.
    case sizeMismatch(expected: Int, found: Int)

    public var category: ErrorCategory { .invalidRequest }
    public var description: String {
        switch self {
        case .invalidShape(let s): "FFT shape \(s) is invalid: every dimension must be at least 1"
        case .planningFailed(let s, let k): "FFTW could not plan a \(k) transform of shape \(s)"
        case .sizeMismatch(let e, let f): "FFT input has \(f) values, the plan expects \(e)"
        }
    }
}

/// How hard FFTW searches for a fast plan. Plans are cached per shape, kind, precision and rigor.
public enum FFTRigor: Sendable, Hashable {
    /// `FFTW_ESTIMATE`: plans in microseconds; the right choice for one-off transforms.
    case estimate
    /// `FFTW_MEASURE`: plans by timing (0.2 s at 4096, ~1 s at 65536, much more at prime sizes);
    /// 1.2–2× faster execution. Use for sizes transformed many times.
    case measure

    var flags: UInt32 { self == .estimate ? UInt32(FFTW_ESTIMATE) : UInt32(FFTW_MEASURE) }
}

enum FFTKind: Hashable { case r2c, c2r, forward, backward }

/// Owns one FFTW plan. Destroying it takes the planner lock (FFTW's planner is not thread-safe,
/// and `fftw_destroy_plan` counts as planning).
@usableFromInline
final class PlanHandle: @unchecked Sendable {
    @usableFromInline let raw: OpaquePointer
    let destroy: @Sendable (OpaquePointer) -> Void
    init(raw: OpaquePointer, destroy: @escaping @Sendable (OpaquePointer) -> Void) {
        self.raw = raw
        self.destroy = destroy
    }
    deinit {
        let raw = self.raw
        let destroy = self.destroy
        fftwPlanner.withLock { _ in destroy(raw) }
    }
}

struct PlanKey: Hashable {
    let kind: FFTKind
    let shape: [Int]
    let precision: Int
    let rigor: FFTRigor
}

/// The one lock every FFTW planner call goes through, and the cache of plans it made.
let fftwPlanner = Mutex<Void>(())
let fftwPlanCache = Mutex<[PlanKey: PlanHandle]>([:])

func cachedPlan<T: FFTScalar>(_ kind: FFTKind, shape: [Int], rigor: FFTRigor, as: T.Type) throws(FFTError) -> PlanHandle {
    guard !shape.isEmpty, shape.allSatisfy({ $0 >= 1 && $0 <= Int(Int32.max) }) else { throw .invalidShape(shape) }
    let key = PlanKey(kind: kind, shape: shape, precision: MemoryLayout<T>.size, rigor: rigor)
    if let hit = fftwPlanCache.withLock({ $0[key] }) { return hit }
    let dims = shape.map { Int32($0) }
    let flags = rigor.flags
    let raw: OpaquePointer? = fftwPlanner.withLock { _ in
        switch kind {
        case .r2c: T._planR2C(dims, flags)
        case .c2r: T._planC2R(dims, flags)
        case .forward: T._planC2C(dims, -1, flags)
        case .backward: T._planC2C(dims, 1, flags)
        }
    }
    guard let raw else { throw .planningFailed(shape: shape, kind: "\(kind)") }
    let handle = PlanHandle(raw: raw, destroy: { T._destroy($0) })
    return fftwPlanCache.withLock { cache in
        if let other = cache[key] { return other } // another thread planned the same shape meanwhile
        cache[key] = handle
        return handle
    }
}

extension FFT {
    /// Drops every cached plan (plans still held by an `FFTPlan` live until it is released).
    public static func clearPlanCache() {
        let old = fftwPlanCache.withLock { cache in
            let o = cache
            cache = [:]
            return o
        }
        _ = old // released here, outside the cache lock; each deinit takes the planner lock
    }

    /// The number of plans in the cache.
    public static var cachedPlanCount: Int { fftwPlanCache.withLock { $0.count } }
}
