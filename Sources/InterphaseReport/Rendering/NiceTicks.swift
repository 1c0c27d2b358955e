// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import RealModule

/// Tick positions at "nice" steps (1, 2, 5 × 10ⁿ), after P. Heckbert, "Nice numbers for graph
/// labels", Graphics Gems (1990).
public struct NiceTicks: Sendable, Equatable {
    /// The tick positions, ascending, inside the axis range.
    public var values: [Double]
    /// The distance between neighbouring ticks (1, 2 or 5 × 10ⁿ).
    public var step: Double

    /// About `target` ticks covering `range`.
    public init(range: ClosedRange<Double>, target: Int = 6) {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else {
            values = [range.lowerBound]
            step = 1
            return
        }
        step = Self.nice(span / Double(max(target - 1, 1)), round: true)
        let first = (range.lowerBound / step).rounded(.up) * step
        var v: [Double] = []
        var t = first
        var k = 0
        while t <= range.upperBound + step * 1e-9 && k < 1000 {
            v.append(abs(t) < step * 1e-9 ? 0 : t)
            k += 1
            t = first + Double(k) * step
        }
        values = v
    }

    static func nice(_ x: Double, round: Bool) -> Double {
        let e = Double.log10(x).rounded(.down)
        let f = x / Double.pow(10, e)
        let nf: Double = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10)
        return nf * Double.pow(10, e)
    }

    /// Labels with just enough decimals for the step (scientific notation for very large or small values).
    public var labels: [String] {
        let maxAbs = values.map(abs).max() ?? 0
        if maxAbs >= 1e6 || (maxAbs < 1e-3 && maxAbs > 0) {
            return values.map { Self.scientific($0) }
        }
        let decimals = max(0, Int(-Double.log10(step).rounded(.down).rounded()))
        return values.map { Self.fixed($0, decimals: decimals) }
    }

    static func fixed(_ v: Double, decimals: Int) -> String {
        if decimals == 0 { return String(Int(v.rounded())) }
        let p = Double.pow(10, Double(decimals))
        let r = (v * p).rounded() / p
        var s = String(r)
        if let dot = s.firstIndex(of: ".") {
            let have = s.distance(from: dot, to: s.endIndex) - 1
            if have < decimals { s += String(repeating: "0", count: decimals - have) }
        }
        return s.replacingOccurrences(of: "-", with: "−")
    }

    static func scientific(_ v: Double) -> String {
        if v == 0 { return "0" }
        let e = Int(Double.log10(abs(v)).rounded(.down))
        let m = v / Double.pow(10, Double(e))
        let superscripts: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        let exp = String(String(e).map { superscripts[$0] ?? $0 })
        let mant = (m * 10).rounded() / 10
        return (mant == 1 ? "" : "\(mant)×") + "10" + exp
    }
}

