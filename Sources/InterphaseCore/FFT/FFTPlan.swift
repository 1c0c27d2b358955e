// SPDX-License-Identifier: GPL-3.0-or-later
import ComplexModule

/// A reusable real-to-complex / complex-to-real transform of one shape (1-D or N-D, row-major).
///
/// The forward transform of `n = shape.product` reals gives `shape.dropLast().product * (shape.last/2 + 1)`
/// complex values (the non-redundant half along the last axis). Transforms are unnormalized in both
/// directions, as in FFTW; ``inverse(_:)`` on arrays divides by `n`.
///
///     let plan = try RealFFTPlan<Double>(shape: [4096])
///     let spectrum = plan.forward(signal)
///
/// Executing a plan is thread-safe; planning goes through one process-wide lock.
/// - Complexity: O(n log n) per transform.
public final class RealFFTPlan<T: FFTScalar>: @unchecked Sendable {
    /// The real array's shape, row-major.
    public let shape: [Int]
    /// The number of real values a forward transform takes (the product of ``shape``).
    public let realCount: Int
    /// The number of complex values a forward transform gives (the non-redundant half along the last axis).
    public let complexCount: Int
    @usableFromInline let forwardPlan: PlanHandle
    @usableFromInline let inversePlan: PlanHandle

    /// Plans (or takes from the process-wide cache) the forward and inverse transforms of `shape`.
    public init(shape: [Int], rigor: FFTRigor = .estimate) throws(FFTError) {
        forwardPlan = try cachedPlan(.r2c, shape: shape, rigor: rigor, as: T.self)
        inversePlan = try cachedPlan(.c2r, shape: shape, rigor: rigor, as: T.self)
        self.shape = shape
        realCount = shape.reduce(1, *)
        complexCount = realCount / shape.last! * (shape.last! / 2 + 1)
    }

    /// Forward transform into caller-owned memory. No allocation when both buffers are SIMD-aligned
    /// (Swift arrays are); otherwise the data go through an aligned scratch copy.
    @inlinable
    public func forward(_ input: UnsafeBufferPointer<T>, into output: UnsafeMutableBufferPointer<Complex<T>>) {
        precondition(input.count == realCount && output.count == complexCount, "RealFFTPlan.forward: buffer sizes do not match the plan")
        let inP = UnsafeMutablePointer(mutating: input.baseAddress!)
        let outP = UnsafeMutableRawPointer(output.baseAddress!)
        if T._alignmentOf(inP) == 0 && T._alignmentOf(outP) == 0 {
            T._executeR2C(forwardPlan.raw, inP, outP)
        } else {
            alignedForward(input, output)
        }
    }

    @usableFromInline
    func alignedForward(_ input: UnsafeBufferPointer<T>, _ output: UnsafeMutableBufferPointer<Complex<T>>) {
        let a = UnsafeMutablePointer<T>.allocate(capacity: realCount + 16)
        let b = UnsafeMutablePointer<Complex<T>>.allocate(capacity: complexCount + 8)
        defer { a.deallocate(); b.deallocate() }
        let ai = alignedPointer(a), bi = alignedPointer(b)
        ai.update(from: input.baseAddress!, count: realCount)
        T._executeR2C(forwardPlan.raw, ai, UnsafeMutableRawPointer(bi))
        output.baseAddress!.update(from: bi, count: complexCount)
    }

    /// Unnormalized inverse (complex-to-real) transform. **Destroys `input`**, as FFTW's c2r does.
    @inlinable
    public func inverse(destroying input: UnsafeMutableBufferPointer<Complex<T>>, into output: UnsafeMutableBufferPointer<T>) {
        precondition(input.count == complexCount && output.count == realCount, "RealFFTPlan.inverse: buffer sizes do not match the plan")
        let inP = UnsafeMutableRawPointer(input.baseAddress!)
        if T._alignmentOf(inP) == 0 && T._alignmentOf(output.baseAddress!) == 0 {
            T._executeC2R(inversePlan.raw, inP, output.baseAddress!)
        } else {
            let a = UnsafeMutablePointer<Complex<T>>.allocate(capacity: complexCount + 8)
            let b = UnsafeMutablePointer<T>.allocate(capacity: realCount + 16)
            defer { a.deallocate(); b.deallocate() }
            let ai = alignedPointer(a), bi = alignedPointer(b)
            ai.update(from: input.baseAddress!, count: complexCount)
            T._executeC2R(inversePlan.raw, UnsafeMutableRawPointer(ai), bi)
            output.baseAddress!.update(from: bi, count: realCount)
        }
    }

    /// Forward transform of an array.
    @inlinable
    public func forward(_ input: [T]) -> [Complex<T>] {
        [Complex<T>](unsafeUninitializedCapacity: complexCount) { out, n in
            input.withUnsafeBufferPointer { forward($0, into: out) }
            n = complexCount
        }
    }

    /// Normalized inverse: `inverse(forward(x)) == x` up to rounding.
    @inlinable
    public func inverse(_ input: [Complex<T>]) -> [T] {
        var scratch = input
        let scale = 1 / T(realCount)
        var out = [T](unsafeUninitializedCapacity: realCount) { out, n in
            scratch.withUnsafeMutableBufferPointer { inverse(destroying: $0, into: out) }
            n = realCount
        }
        out.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] *= scale } }
        return out
    }
}

/// A reusable complex-to-complex transform of one shape (1-D or N-D, row-major). Unnormalized.
///
///     let plan = try ComplexFFTPlan<Float>(shape: [512, 512])
///     let k = plan.forward(field)
public final class ComplexFFTPlan<T: FFTScalar>: @unchecked Sendable {
    /// The array's shape, row-major.
    public let shape: [Int]
    /// The number of complex values per transform (the product of ``shape``).
    public let count: Int
    @usableFromInline let forwardPlan: PlanHandle
    @usableFromInline let backwardPlan: PlanHandle

    /// Plans (or takes from the process-wide cache) the forward and backward transforms of `shape`.
    public init(shape: [Int], rigor: FFTRigor = .estimate) throws(FFTError) {
        forwardPlan = try cachedPlan(.forward, shape: shape, rigor: rigor, as: T.self)
        backwardPlan = try cachedPlan(.backward, shape: shape, rigor: rigor, as: T.self)
        self.shape = shape
        count = shape.reduce(1, *)
    }

    /// Transforms `input` into `output` (both ``count`` long), forward (e^−i) or backward (e^+i), unnormalized.
    @inlinable
    public func transform(_ input: UnsafeBufferPointer<Complex<T>>, into output: UnsafeMutableBufferPointer<Complex<T>>, forward: Bool) {
        precondition(input.count == count && output.count == count, "ComplexFFTPlan: buffer sizes do not match the plan")
        let plan = forward ? forwardPlan.raw : backwardPlan.raw
        let inP = UnsafeMutableRawPointer(mutating: input.baseAddress!)
        let outP = UnsafeMutableRawPointer(output.baseAddress!)
        if T._alignmentOf(inP) == 0 && T._alignmentOf(outP) == 0 {
            T._executeC2C(plan, inP, outP)
        } else {
            let a = UnsafeMutablePointer<Complex<T>>.allocate(capacity: count + 8)
            let b = UnsafeMutablePointer<Complex<T>>.allocate(capacity: count + 8)
            defer { a.deallocate(); b.deallocate() }
            let ai = alignedPointer(a), bi = alignedPointer(b)
            ai.update(from: input.baseAddress!, count: count)
            T._executeC2C(plan, UnsafeMutableRawPointer(ai), UnsafeMutableRawPointer(bi))
            output.baseAddress!.update(from: bi, count: count)
        }
    }

    /// Forward transform (sign −1), unnormalized.
    @inlinable
    public func forward(_ input: [Complex<T>]) -> [Complex<T>] {
        [Complex<T>](unsafeUninitializedCapacity: count) { out, n in
            input.withUnsafeBufferPointer { transform($0, into: out, forward: true) }
            n = count
        }
    }

    /// Normalized inverse (sign +1, divided by the element count).
    @inlinable
    public func inverse(_ input: [Complex<T>]) -> [Complex<T>] {
        var out = [Complex<T>](unsafeUninitializedCapacity: count) { out, n in
            input.withUnsafeBufferPointer { transform($0, into: out, forward: false) }
            n = count
        }
        let scale = 1 / T(count)
        out.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] = Complex(p[i].real * scale, p[i].imaginary * scale) } }
        return out
    }
}

/// A pointer inside `p`'s allocation rounded up to a 64-byte boundary (allocations carry slack for this).
@usableFromInline
func alignedPointer<U>(_ p: UnsafeMutablePointer<U>) -> UnsafeMutablePointer<U> {
    let raw = UInt(bitPattern: p)
    let aligned = (raw + 63) & ~UInt(63)
    let offset = Int(aligned - raw)
    precondition(offset % MemoryLayout<U>.stride == 0)
    return p + offset / MemoryLayout<U>.stride
}
