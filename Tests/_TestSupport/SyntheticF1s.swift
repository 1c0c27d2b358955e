// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// F 1s spectra with known truth, built here independently of the fitter (XPS.md §3.2 formulas,
/// PEERS.md "XPS F1s" recipe): GL(30) product components, a Shirley-type background
/// 300 + 4·(E − 680) + 0.06·(cumulative peak area from the low-BE end), Poisson counts.
public struct SyntheticF1s: Sendable {
    public struct Line: Sendable { public var center: Double; public var fwhm: Double; public var areaShare: Double }
    public var lines: [Line]
    public var totalArea = 5200.0
    public var start = 680.0, end = 695.0, step = 0.05
    /// Gaussian–Lorentzian mixing of every line (GL(30) unless changed).
    public var mixing = 0.3

    public init(lines: [Line]) { self.lines = lines }

    public static let twoComponents = SyntheticF1s(lines: [Line(center: 685.1, fwhm: 1.7, areaShare: 0.6),
                                                    Line(center: 687.8, fwhm: 1.9, areaShare: 0.4)])
    /// Three components each ≥ 1.6 eV apart: well conditioned.
    public static let threeSeparated = SyntheticF1s(lines: [Line(center: 685.1, fwhm: 1.7, areaShare: 0.45),
                                                     Line(center: 686.9, fwhm: 1.8, areaShare: 0.30),
                                                     Line(center: 688.7, fwhm: 1.9, areaShare: 0.25)])
    /// PEERS.md "F1s-3": LiF 1.2 eV from its neighbour, ill-conditioned.
    public static let threeComponents = SyntheticF1s(lines: [Line(center: 685.1, fwhm: 1.7, areaShare: 0.45),
                                                      Line(center: 686.3, fwhm: 1.8, areaShare: 0.30),
                                                      Line(center: 688.6, fwhm: 1.9, areaShare: 0.25)])

    /// GL(m) product with unit height.
    public static func gl(_ x: Double, _ c: Double, _ f: Double, m: Double = 0.3) -> Double {
        let u = (x - c) / f
        return exp(-4 * log(2.0) * (1 - m) * u * u) / (1 + 4 * m * u * u)
    }

    /// ∫GL du over the real line by a fine midpoint sum (independent of the library's quadrature).
    public static let unitArea: Double = unitArea(m: 0.3)

    public static func unitArea(m: Double) -> Double {
        let h = 1e-3
        var s = 0.0
        var u = -400.0 + h / 2
        while u < 400 { s += gl(u, 0, 1, m: m) * h; u += h }
        return s
    }

    public var energies: [Double] { (0...Int(((end - start) / step).rounded())).map { start + Double($0) * step } }
    public var lifFraction: Double { lines[0].areaShare }

    /// The noise-free expected counts.
    public func expected() -> [Double] {
        let fine = 10, h = step / Double(fine)
        let n = energies.count
        var out = [Double](repeating: 0, count: n)
        var cumulative = 0.0, previous = 0.0
        let unit = mixing == 0.3 ? Self.unitArea : Self.unitArea(m: mixing)
        for k in 0...(fine * (n - 1)) {
            let e = start + Double(k) * h
            var peaks = 0.0
            for l in lines { peaks += totalArea * l.areaShare / (l.fwhm * unit) * Self.gl(e, l.center, l.fwhm, m: mixing) }
            if k > 0 { cumulative += 0.5 * (peaks + previous) * h }
            previous = peaks
            if k % fine == 0 { out[k / fine] = peaks + 300 + 4 * (e - start) + 0.06 * cumulative }
        }
        return out
    }

    public func counts(seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return expected().map { rng.poisson($0) }
    }
}

extension SyntheticF1s {
    /// The spectrum as two-column CSV (binding energy, counts), as users export it.
    public func csv(seed: UInt64) -> String {
        "Binding Energy (eV),Counts\n" + zip(energies, counts(seed: seed)).map { "\($0),\(Int($1))" }.joined(separator: "\n") + "\n"
    }
}
