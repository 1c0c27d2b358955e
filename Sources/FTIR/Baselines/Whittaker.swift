// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Errors from baseline and smoothing steps.
public enum BaselineError: InterphaseError, Equatable {
    case tooShort(points: Int, needed: Int)
    case invalidParameter(String)
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
        // Banded LDLᵀ with two sub-diagonals: L has unit diagonal, l1 (i, i−1) and l2 (i, i−2).
        var dd = [Double](repeating: 0, count: n), l1 = dd, l2 = dd
        for i in 0..<n {
            let a0 = w[i] + lambda * d0[i]
            let a1 = i >= 1 ? lambda * d1[i - 1] : 0   // A(i, i−1)
            let a2 = i >= 2 ? lambda * d2[i - 2] : 0   // A(i, i−2)
            if i >= 2 { l2[i] = a2 / dd[i - 2] }
            if i >= 1 { l1[i] = (a1 - (i >= 2 ? l2[i] * dd[i - 2] * l1[i - 1] : 0)) / dd[i - 1] }
            dd[i] = a0 - (i >= 1 ? l1[i] * l1[i] * dd[i - 1] : 0) - (i >= 2 ? l2[i] * l2[i] * dd[i - 2] : 0)
        }
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var v = w[i] * y[i]
            if i >= 1 { v -= l1[i] * z[i - 1] }
            if i >= 2 { v -= l2[i] * z[i - 2] }
            z[i] = v
        }
        for i in 0..<n { z[i] /= dd[i] }
        for i in stride(from: n - 1, through: 0, by: -1) {
            if i + 1 < n { z[i] -= l1[i + 1] * z[i + 1] }
            if i + 2 < n { z[i] -= l2[i + 2] * z[i + 2] }
        }
        return z
    }
}

/// Whittaker smoothing of a spectrum (all weights 1).
///
///     let smooth = try WhittakerSmoother(lambda: 100).apply(to: spectrum)
public struct WhittakerSmoother: Sendable {
    public var lambda: Double
    public init(lambda: Double) { self.lambda = lambda }

    public func smooth(x: [Double], y: [Double]) throws(BaselineError) -> [Double] {
        guard x.count >= 3, x.count == y.count else { throw .tooShort(points: x.count, needed: 3) }
        guard lambda >= 0, lambda.isFinite else { throw .invalidParameter("λ must be finite and ≥ 0") }
        return WhittakerSystem(x: x).solve(y: y, w: [Double](repeating: 1, count: y.count), lambda: lambda)
    }

    public func apply(to s: Spectrum) throws(BaselineError) -> Spectrum {
        let z = try smooth(x: s.x, y: s.y)
        do { return try s.replacingY(z, step: ProcessingStep("whittaker", ["lambda": "\(lambda)"])) } catch { throw .invalidParameter(error.description) }
    }
}
