// SPDX-License-Identifier: GPL-3.0-or-later
import ComplexModule

/// One-call transforms over cached FFTW plans (`FFTW_ESTIMATE`). For repeated transforms of one size
/// in a hot loop, hold a ``RealFFTPlan`` or ``ComplexFFTPlan`` and pass preallocated buffers.
///
///     let X = FFT.forward(signal)              // n/2+1 complex values
///     let back = FFT.inverse(X, count: signal.count)
public enum FFT {
    /// Real-to-complex forward transform of a 1-D signal: `n/2 + 1` values, unnormalized
    /// (none for an empty signal).
    /// - Complexity: O(n log n).
    @inlinable
    public static func forward<T: FFTScalar>(_ x: [T]) -> [Complex<T>] {
        x.isEmpty ? [] : try! RealFFTPlan<T>(shape: [x.count]).forward(x)
    }

    /// Normalized inverse of `forward(_:)`: `count` reals from `count/2 + 1` complex values.
    @inlinable
    public static func inverse<T: FFTScalar>(_ X: [Complex<T>], count: Int) -> [T] {
        precondition(X.count == (count == 0 ? 0 : count / 2 + 1), "FFT.inverse: \(X.count) values cannot come from a real signal of \(count)")
        return count == 0 ? [] : try! RealFFTPlan<T>(shape: [count]).inverse(X)
    }

    /// Complex forward transform (sign −1), unnormalized.
    @inlinable
    public static func forward<T: FFTScalar>(_ x: [Complex<T>]) -> [Complex<T>] {
        x.isEmpty ? [] : try! ComplexFFTPlan<T>(shape: [x.count]).forward(x)
    }

    /// Complex inverse transform (sign +1), normalized by `1/n`.
    @inlinable
    public static func inverse<T: FFTScalar>(_ X: [Complex<T>]) -> [Complex<T>] {
        X.isEmpty ? [] : try! ComplexFFTPlan<T>(shape: [X.count]).inverse(X)
    }

    /// 2-D real forward transform of a row-major `rows × columns` image: `rows × (columns/2 + 1)` values.
    @inlinable
    public static func forward2D<T: FFTScalar>(_ x: [T], rows: Int, columns: Int) throws(FFTError) -> [Complex<T>] {
        guard x.count == rows * columns else { throw .sizeMismatch(expected: rows * columns, found: x.count) }
        return try RealFFTPlan<T>(shape: [rows, columns]).forward(x)
    }

    /// Normalized inverse of ``forward2D(_:rows:columns:)``.
    @inlinable
    public static func inverse2D<T: FFTScalar>(_ X: [Complex<T>], rows: Int, columns: Int) throws(FFTError) -> [T] {
        guard X.count == rows * (columns / 2 + 1) else { throw .sizeMismatch(expected: rows * (columns / 2 + 1), found: X.count) }
        return try RealFFTPlan<T>(shape: [rows, columns]).inverse(X)
    }

    /// 2-D complex transform, forward (unnormalized) or inverse (normalized).
    @inlinable
    public static func transform2D<T: FFTScalar>(_ x: [Complex<T>], rows: Int, columns: Int, inverse: Bool = false) throws(FFTError) -> [Complex<T>] {
        guard x.count == rows * columns else { throw .sizeMismatch(expected: rows * columns, found: x.count) }
        let plan = try ComplexFFTPlan<T>(shape: [rows, columns])
        return inverse ? plan.inverse(x) : plan.forward(x)
    }

    /// The smallest n' ≥ n whose only prime factors are 2, 3, 5 and 7 (fast FFTW sizes).
    public static func nextFastSize(_ n: Int) -> Int {
        var m = Swift.max(n, 1)
        while true {
            var r = m
            for p in [2, 3, 5, 7] { while r % p == 0 { r /= p } }
            if r == 1 { return m }
            m += 1
        }
    }
}

/// Which part of a full linear convolution to return (numpy/scipy naming).
public enum ConvolutionMode: String, Sendable, Codable {
    /// All `a.count + b.count − 1` values.
    case full
    /// `a.count` values centred on the full result (`b` acts as a kernel on `a`).
    case same
    /// Only the values where the two fully overlap: `max(a,b) − min(a,b) + 1`.
    case valid
}

extension FFT {
    /// Linear convolution by FFT, zero-padded to a fast size. Matches the direct sum
    /// `c[k] = Σ a[i] b[k−i]` to rounding (relative ~1e-15 of the largest term in Double).
    ///
    ///     FFT.convolve([1, 2, 3], [0, 1, 0.5])   // [0, 1, 2.5, 4, 1.5]
    /// - Complexity: O((n + m) log(n + m)).
    public static func convolve<T: FFTScalar>(_ a: [T], _ b: [T], mode: ConvolutionMode = .full) -> [T] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        let full = a.count + b.count - 1
        let n = nextFastSize(full)
        let plan = try! RealFFTPlan<T>(shape: [n])
        var pa = [T](repeating: 0, count: n), pb = [T](repeating: 0, count: n)
        pa.replaceSubrange(0..<a.count, with: a)
        pb.replaceSubrange(0..<b.count, with: b)
        var A = plan.forward(pa)
        let B = plan.forward(pb)
        for i in A.indices { A[i] = A[i] * B[i] }
        let c = plan.inverse(A)
        switch mode {
        case .full:
            return Array(c[0..<full])
        case .same:
            let start = (b.count - 1) / 2
            return Array(c[start..<(start + a.count)])
        case .valid:
            let lo = Swift.min(a.count, b.count) - 1
            let count = Swift.max(a.count, b.count) - Swift.min(a.count, b.count) + 1
            return Array(c[lo..<(lo + count)])
        }
    }

    /// Cross-correlation `r[k] = Σ a[i+k'] b[i]` in numpy's `correlate(a, b, mode)` convention:
    /// the convolution of `a` with `b` reversed.
    public static func correlate<T: FFTScalar>(_ a: [T], _ b: [T], mode: ConvolutionMode = .full) -> [T] {
        convolve(a, Array(b.reversed()), mode: mode)
    }

    /// 2-D linear convolution of row-major images by FFT (`.full` or `.same`, kernel centred).
    public static func convolve2D<T: FFTScalar>(_ image: [T], rows: Int, columns: Int,
                                                kernel: [T], kernelRows: Int, kernelColumns: Int,
                                                mode: ConvolutionMode = .same) throws(FFTError) -> [T] {
        guard image.count == rows * columns else { throw .sizeMismatch(expected: rows * columns, found: image.count) }
        guard kernel.count == kernelRows * kernelColumns else { throw .sizeMismatch(expected: kernelRows * kernelColumns, found: kernel.count) }
        let fr = rows + kernelRows - 1, fc = columns + kernelColumns - 1
        let nr = nextFastSize(fr), nc = nextFastSize(fc)
        let plan = try RealFFTPlan<T>(shape: [nr, nc])
        var pa = [T](repeating: 0, count: nr * nc), pb = [T](repeating: 0, count: nr * nc)
        for r in 0..<rows { for c in 0..<columns { pa[r * nc + c] = image[r * columns + c] } }
        for r in 0..<kernelRows { for c in 0..<kernelColumns { pb[r * nc + c] = kernel[r * kernelColumns + c] } }
        var A = plan.forward(pa)
        let B = plan.forward(pb)
        for i in A.indices { A[i] = A[i] * B[i] }
        let full = plan.inverse(A)
        let (r0, c0, outR, outC): (Int, Int, Int, Int) = switch mode {
        case .full: (0, 0, fr, fc)
        case .same: ((kernelRows - 1) / 2, (kernelColumns - 1) / 2, rows, columns)
        case .valid: (kernelRows - 1, kernelColumns - 1, Swift.max(rows - kernelRows + 1, 0), Swift.max(columns - kernelColumns + 1, 0))
        }
        var out = [T](repeating: 0, count: outR * outC)
        for r in 0..<outR { for c in 0..<outC { out[r * outC + c] = full[(r + r0) * nc + c + c0] } }
        return out
    }
}
