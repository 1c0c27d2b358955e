// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Errors from baseline and smoothing steps.
public enum BaselineError: InterphaseError, Equatable {
    /// The trace has `points` points; the method needs `needed`.
    case tooShort(points: Int, needed: Int)
    /// A parameter outside its range (the text names it).
    case invalidParameter(String)
    /// An iterative method did not settle within `iterations`.
    case notConverged(method: String, iterations: Int)

    public var category: ErrorCategory {
        if case .notConverged = self { return .analysisFailed }
        return .invalidRequest
    }
    public var description: String {
        switch self {
        case .tooShort(let n, let k): "\(n) points; this baseline needs at least \(k)"
        case .invalidParameter(let s): s
        case .notConverged(let m, let n): "\(m) baseline did not converge in \(n) iterations"
        }
    }
}

/// The Whittaker smoother (Eilers, Anal. Chem. 75 (2003) 3631): minimises
/// Σ wᵢ(yᵢ − zᵢ)² + λ Σ (Δ²zᵢ)², solving the pentadiagonal system (W + λDᵀD) z = W y in O(n) by
/// banded Cholesky. D holds second divided differences of x rescaled by the mean step, so uneven
/// axes are honoured while λ keeps the meaning it has in pybaselines for even spacing.
struct WhittakerSystem {
    let n: Int
    /// DᵀD as three diagonals (main, first and second off-diagonal).
    var d0: [Double], d1: [Double], d2: [Double]

    init(x: [Double]) {
        n = x.count
        d0 = [Double](repeating: 0, count: n)
        d1 = [Double](repeating: 0, count: n)
        d2 = [Double](repeating: 0, count: n)
        guard n >= 3 else { return }
        let h = (x[n - 1] - x[0]) / Double(n - 1)
        for i in 1..<(n - 1) {
            // Row i−1 of D has entries at columns i−1, i, i+1 (second divided difference × h²).
            let a = (x[i] - x[i - 1]) / h, b = (x[i + 1] - x[i]) / h
            let c = [2 / (a * (a + b)), -2 / (a * b), 2 / (b * (a + b))]
            for p in 0..<3 {
                for q in p..<3 {
                    let v = c[p] * c[q]
                    let r = i - 1 + p
                    switch q - p {
                    case 0: d0[r] += v
                    case 1: d1[r] += v
                    default: d2[r] += v
                    }
                }
            }
        }
    }

    /// Solves (diag(w) + λ DᵀD) z = w ∘ y.
    func solve(y: [Double], w: [Double], lambda: Double) -> [Double] {
        var z = [Double](repeating: 0, count: n)
        var scratch = Scratch(n: n)
        y.withUnsafeBufferPointer { yp in
            w.withUnsafeBufferPointer { wp in
                z.withUnsafeMutableBufferPointer { zp in
                    solve(y: yp.baseAddress!, w: wp.baseAddress!, lambda: lambda, into: zp.baseAddress!, scratch: &scratch)
                }
            }
        }
        return z
    }

    /// The factors of one solve (L's two sub-diagonals and D's reciprocal), kept between the solves
    /// of an iterated baseline so that no iteration allocates.
    struct Scratch {
        var l1: [Double], l2: [Double], inv: [Double]
        init(n: Int) {
            l1 = [Double](repeating: 0, count: n)
            l2 = l1
            inv = l1
        }
    }

    /// Solves (diag(w) + λ DᵀD) z = w ∘ y into `z` (n values) by banded LDLᵀ, with the forward
    /// substitution fused into the factorisation. Row i of the factorisation, with A's entries
    /// a0 = A(i,i), a1 = A(i,i−1), a2 = A(i,i−2):
    ///   l2ᵢ = a2 / dᵢ₋₂,  eᵢ = a1 − a2·l1ᵢ₋₁,  l1ᵢ = eᵢ / dᵢ₋₁,  dᵢ = a0 − l1ᵢ·eᵢ − l2ᵢ·a2
    /// (l2ᵢ·dᵢ₋₂ = a2 and l1ᵢ·dᵢ₋₁ = eᵢ, so the textbook dᵢ = a0 − l1ᵢ²dᵢ₋₁ − l2ᵢ²dᵢ₋₂ needs no
    /// second product). One division per row, by storing 1/dᵢ; the loop is bound by that division's
    /// latency. Long systems go through ``solveTwisted(y:w:lambda:into:scratch:)``, which runs two
    /// such chains at once.
    func solve(y: UnsafePointer<Double>, w: UnsafePointer<Double>, lambda: Double,
               into z: UnsafeMutablePointer<Double>, scratch: inout Scratch) {
        if n >= 16 {
            solveTwisted(y: y, w: w, lambda: lambda, into: z, scratch: &scratch)
        } else {
            solveSerial(y: y, w: w, lambda: lambda, into: z, scratch: &scratch)
        }
    }

    /// The top-down LDLᵀ solve described at ``solve(y:w:lambda:into:scratch:)``, for any n.
    func solveSerial(y: UnsafePointer<Double>, w: UnsafePointer<Double>, lambda: Double,
                     into z: UnsafeMutablePointer<Double>, scratch: inout Scratch) {
        guard n >= 3 else {
            for i in 0..<n { z[i] = y[i] }
            return
        }
        withPointers(&scratch) { D0, D1, D2, L1, L2, inv in
            // Rows 0 and 1 (fewer neighbours), then the steady state.
            L1[0] = 0; L2[0] = 0
            inv[0] = 1 / (w[0] + lambda * D0[0])
            var zPrev2 = w[0] * y[0]
            z[0] = zPrev2
            let e1 = lambda * D1[0]
            var l1Prev = e1 * inv[0]
            L1[1] = l1Prev; L2[1] = 0
            inv[1] = 1 / (w[1] + lambda * D0[1] - l1Prev * e1)
            var zPrev1 = w[1] * y[1] - l1Prev * zPrev2
            z[1] = zPrev1
            var invPrev2 = inv[0], invPrev1 = inv[1]
            for i in 2..<n {
                let a2 = lambda * D2[i - 2], a1 = lambda * D1[i - 1], a0 = w[i] + lambda * D0[i]
                let l2 = a2 * invPrev2
                let e = a1 - a2 * l1Prev
                let l1 = e * invPrev1
                let d = a0 - l1 * e - l2 * a2
                let invD = 1 / d
                let zi = w[i] * y[i] - l1 * zPrev1 - l2 * zPrev2
                L1[i] = l1; L2[i] = l2; inv[i] = invD; z[i] = zi
                l1Prev = l1
                invPrev2 = invPrev1; invPrev1 = invD
                zPrev2 = zPrev1; zPrev1 = zi
            }
            // Back substitution: z ← D⁻¹z, then Lᵀ.
            var next1 = z[n - 1] * inv[n - 1]
            z[n - 1] = next1
            var next2 = next1
            next1 = z[n - 2] * inv[n - 2] - L1[n - 1] * next2
            z[n - 2] = next1
            var i = n - 3
            while i >= 0 {
                let v = z[i] * inv[i] - L2[i + 2] * next2 - L1[i + 1] * next1
                z[i] = v
                next2 = next1; next1 = v
                i -= 1
            }
        }
    }

    /// The three diagonals of DᵀD and the factor arrays of `scratch`, as pointers taken once.
    func withPointers(_ scratch: inout Scratch, _ body: (_ d0: UnsafePointer<Double>, _ d1: UnsafePointer<Double>, _ d2: UnsafePointer<Double>,
                                                        _ l1: UnsafeMutablePointer<Double>, _ l2: UnsafeMutablePointer<Double>,
                                                        _ inv: UnsafeMutablePointer<Double>) -> Void) {
        d0.withUnsafeBufferPointer { d0p in
            d1.withUnsafeBufferPointer { d1p in
                d2.withUnsafeBufferPointer { d2p in
                    scratch.l1.withUnsafeMutableBufferPointer { l1b in
                        scratch.l2.withUnsafeMutableBufferPointer { l2b in
                            scratch.inv.withUnsafeMutableBufferPointer { invb in
                                body(d0p.baseAddress!, d1p.baseAddress!, d2p.baseAddress!, l1b.baseAddress!, l2b.baseAddress!, invb.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Whittaker smoothing of a spectrum (all weights 1).
///
///     let smooth = try WhittakerSmoother(lambda: 100).apply(to: spectrum)
public struct WhittakerSmoother: Sendable {
    /// The smoothing parameter λ (larger: smoother).
    public var lambda: Double
    /// A smoother with parameter `lambda`.
    public init(lambda: Double) { self.lambda = lambda }

    /// The smoothed `y` over `x` (uneven spacing allowed).
    public func smooth(x: [Double], y: [Double]) throws(BaselineError) -> [Double] {
        guard x.count >= 3, x.count == y.count else { throw .tooShort(points: x.count, needed: 3) }
        guard lambda >= 0, lambda.isFinite else { throw .invalidParameter("λ must be finite and ≥ 0") }
        return WhittakerSystem(x: x).solve(y: y, w: [Double](repeating: 1, count: y.count), lambda: lambda)
    }

    /// The smoothed spectrum, with the step recorded.
    public func apply(to s: Spectrum) throws(BaselineError) -> Spectrum {
        let z = try smooth(x: s.x, y: s.y)
        do { return try s.replacingY(z, step: ProcessingStep("whittaker", ["lambda": "\(lambda)"])) } catch { throw .invalidParameter(error.description) }
    }
}
