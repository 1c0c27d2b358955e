// SPDX-License-Identifier: GPL-3.0-or-later

/// Savitzky–Golay smoothing and differentiation (Savitzky & Golay, Anal. Chem. 36 (1964) 1627):
/// a least-squares polynomial of degree `order` over `window` points, evaluated (or differentiated
/// `derivative` times) at each point. Near the ends the polynomial fitted to the first or last full
/// window is evaluated at the edge points (scipy's `mode="interp"`).
///
///     let sg = try SavitzkyGolay(window: 11, order: 3)
///     let smooth = sg.apply(y)
///     let slope = try SavitzkyGolay(window: 11, order: 3, derivative: 1).apply(y, spacing: dx)
///
/// - Complexity: O(n · window).
public struct SavitzkyGolay: Sendable, Hashable, Codable {
    /// Window length in points (odd).
    public let window: Int
    /// Order of the local polynomial.
    public let order: Int
    /// Order of the derivative (0 smooths).
    public let derivative: Int

    /// The filter's coefficients; throws when the window is even, shorter than `order + 2`, or the derivative exceeds the order.
    public init(window: Int, order: Int, derivative: Int = 0) throws(SignalError) {
        guard window >= 1, window % 2 == 1 else { throw .invalidWindow(window: window, order: order, reason: "the window must be a positive odd number") }
        guard order >= 0, order < window else { throw .invalidWindow(window: window, order: order, reason: "the order must be below the window length") }
        guard derivative >= 0 else { throw .invalidWindow(window: window, order: order, reason: "the derivative order must be ≥ 0") }
        self.window = window
        self.order = order
        self.derivative = derivative
    }

    /// Weights c_j such that Σ c_j y_j (j = 0..<window) is the smoothed value (or derivative, for unit
    /// spacing) at window position `position` (the centre by default).
    public func coefficients(at position: Int? = nil) -> [Double] {
        let t = Double(position ?? window / 2)
        if derivative > order { return [Double](repeating: 0, count: window) }
        let h = max(Double(window - 1) / 2, 1)
        let k = order + 1
        // Vandermonde in the scaled variable z = (j − t)/h keeps the normal matrix well conditioned.
        var A = [Double](repeating: 0, count: window * k)
        for j in 0..<window {
            let z = (Double(j) - t) / h
            var p = 1.0
            for c in 0..<k { A[j * k + c] = p; p *= z }
        }
        var ata = [Double](repeating: 0, count: k * k)
        for a in 0..<k { for b in 0..<k { var s = 0.0; for j in 0..<window { s += A[j * k + a] * A[j * k + b] }; ata[a * k + b] = s } }
        guard let chol = Cholesky(ata, n: k) else { return [Double](repeating: .nan, count: window) }
        var e = [Double](repeating: 0, count: k)
        e[derivative] = 1
        let row = chol.solve(e) // row `derivative` of (AᵀA)⁻¹ (symmetric)
        var factorial = 1.0
        if derivative > 1 { for i in 2...derivative { factorial *= Double(i) } }
        var hPow = 1.0
        for _ in 0..<derivative { hPow *= h }
        return (0..<window).map { j in
            var s = 0.0
            for c in 0..<k { s += row[c] * A[j * k + c] }
            return s * factorial / hPow
        }
    }

    /// Filters `y` (uniformly spaced by `spacing`, used to scale derivatives).
    public func apply(_ y: [Double], spacing: Double = 1) throws(SignalError) -> [Double] {
        let n = y.count
        guard n >= window else { throw .tooShort(points: n, needed: window) }
        let half = window / 2
        var scale = 1.0
        for _ in 0..<derivative { scale /= spacing }
        let centre = coefficients().map { $0 * scale }
        var out = [Double](repeating: 0, count: n)
        y.withUnsafeBufferPointer { yp in
            centre.withUnsafeBufferPointer { c in
                out.withUnsafeMutableBufferPointer { o in
                    for i in half..<(n - half) {
                        let base = yp.baseAddress! + (i - half)
                        var s = 0.0
                        for j in 0..<window { s += c[j] * base[j] }
                        o[i] = s
                    }
                }
            }
        }
        for i in 0..<half {
            let cl = coefficients(at: i)
            let cr = coefficients(at: window - half + i)
            var sl = 0.0, sr = 0.0
            for j in 0..<window { sl += cl[j] * y[j]; sr += cr[j] * y[n - window + j] }
            out[i] = sl * scale
            out[n - half + i] = sr * scale
        }
        return out
    }
}

extension Spectrum {
    /// Savitzky–Golay smoothing or derivative of a uniformly spaced spectrum, recorded in provenance.
    /// Derivatives are per x unit, in the stored direction of x.
    public func savitzkyGolay(window: Int, order: Int, derivative: Int = 0) throws(SignalError) -> Spectrum {
        let step = try uniformStep(x)
        let filter = try SavitzkyGolay(window: window, order: order, derivative: derivative)
        let y2 = try filter.apply(y, spacing: step)
        do {
            return try replacingY(y2, kind: derivative == 0 ? nil : .intensity, step: ProcessingStep("savitzkyGolay", [
                "window": "\(window)", "order": "\(order)", "derivative": "\(derivative)",
            ]))
        } catch {
            throw .invalidParameter("Savitzky-Golay produced invalid values: \(error)")
        }
    }
}
