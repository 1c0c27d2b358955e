// SPDX-License-Identifier: GPL-3.0-or-later

/// Errors from signal-processing steps (smoothing, peak finding).
public enum SignalError: InterphaseError, Equatable {
    /// A window that does not suit the filter (the reason says why).
    case invalidWindow(window: Int, order: Int, reason: String)
    /// The trace has `points` points; the method needs `needed`.
    case tooShort(points: Int, needed: Int)
    /// The method needs an even spacing; the step at `index` is `step` against `expected`.
    case unevenSpacing(index: Int, step: Double, expected: Double)
    /// A parameter outside its range (the text names it).
    case invalidParameter(String)

    public var category: ErrorCategory { .invalidRequest }
    public var description: String {
        switch self {
        case .invalidWindow(let w, let o, let r): "Savitzky-Golay window \(w) with order \(o): \(r)"
        case .tooShort(let n, let k): "the signal has \(n) points; this step needs at least \(k)"
        case .unevenSpacing(let i, let s, let e): "x spacing is uneven at index \(i) (step \(s), expected \(e)); resample first"
        case .invalidParameter(let s): s
        }
    }
}

/// The common step of a uniformly spaced axis, or the index where it stops being uniform
/// (tolerance 1 % of the step: exported axes are rounded to 6–7 significant digits, which at
/// 1000 cm⁻¹ and a 0.96 cm⁻¹ step is a 0.1 % jitter).
func uniformStep(_ x: [Double]) throws(SignalError) -> Double {
    guard x.count > 1 else { return 1 }
    let step = (x[x.count - 1] - x[0]) / Double(x.count - 1)
    for i in 1..<x.count {
        let d = x[i] - x[i - 1]
        if abs(d - step) > 1e-2 * abs(step) { throw .unevenSpacing(index: i, step: d, expected: step) }
    }
    return step
}
