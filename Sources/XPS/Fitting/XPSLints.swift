// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Checks for the fitting errors the literature says most published XPS fits make (XPS.md §6;
/// Major et al., JVST A 38 (2020) 061204; ISO 19830). Each finding is a plain-language warning.
public enum XPSLints {
    /// The warnings a fit `r` of `components` to `region` deserves; empty when none applies.
    public static func check(_ r: XPSFitResult, components: [XPSComponent], region: XPSRegion) -> [String] {
        var w: [String] = []
        let lo = region.bindingEnergy.first!, hi = region.bindingEnergy.last!
        for (c, f) in zip(components, r.components) {
            switch c.shape {
            case .glProduct(let m) where m == 0, .glSum(let m) where m == 0, .voigt(let m) where m == 0:
                w.append("\(c.name): pure Gaussian shape; core levels have Lorentzian lifetime broadening (use GL(30) or similar)")
            case .glProduct(let m) where m == 1, .glSum(let m) where m == 1, .voigt(let m) where m == 1:
                w.append("\(c.name): pure Lorentzian shape; its tails make the area depend on the window")
            default: break
            }
            if c.justification == nil {
                w.append("\(c.name): no justification given (a reference binding energy or species) for this component")
            }
            if f.center - 1.5 * f.fwhm < lo || f.center + 1.5 * f.fwhm > hi {
                w.append("\(c.name) at \(fmt(f.center)) eV reaches a region end (\(fmt(lo))–\(fmt(hi)) eV): the background end points lie inside a peak; widen the region")
            }
            if f.area > 0, abs(f.areaInWindow - f.area) > 0.01 * f.area {
                w.append("\(c.name): the area inside the window is \(fmt(100 * f.areaInWindow / f.area))% of the full line-shape area")
            }
        }
        // The main peak outside every component window: a charge shift the model cannot follow.
        let net = zip(r.curves.data, r.curves.background).map { $0 - $1 }
        if let k = net.indices.max(by: { net[$0] < net[$1] }) {
            let e = r.curves.bindingEnergy[k]
            let windows = components.compactMap(\.centerRange)
            if windows.count == components.count, !windows.contains(where: { $0.lowerBound - 0.5 <= e && e <= $0.upperBound + 0.5 }) {
                w.append("the strongest signal, at \(fmt(e)) eV, lies outside every component window: the spectrum looks charged; reference it (--shift or --charge-reference)")
            }
        }
        // Components closer than half a FWHM cannot be told apart.
        for i in r.components.indices {
            for j in r.components.indices where j > i {
                let a = r.components[i], b = r.components[j]
                if abs(a.center - b.center) < 0.5 * 0.5 * (a.fwhm + b.fwhm) {
                    w.append("\(a.name) and \(b.name) are \(fmt(abs(a.center - b.center))) eV apart, under half their FWHM: their split is not determined by the data")
                }
            }
        }
        // Equal widths within one chemical state.
        var byState: [String: [(String, Double)]] = [:]
        for (c, f) in zip(components, r.components) { if let s = c.chemicalState { byState[s, default: []].append((c.name, f.fwhm)) } }
        for (state, list) in byState where list.count > 1 {
            let ws = list.map(\.1), lo = ws.min()!, hi = ws.max()!
            if hi > 1.5 * lo || lo < 0.7 * hi {
                w.append("components of \(state) have unequal widths (\(list.map { "\($0.0) \(fmt($0.1))" }.joined(separator: ", ")) eV): link them")
            }
        }
        // Doublets: area ratio and splitting.
        let theory: [(String, String, Double)] = [("3/2", "1/2", 0.5), ("5/2", "3/2", 2.0 / 3), ("7/2", "5/2", 0.75)]
        for (c, f) in zip(components, r.components) {
            for (hiJ, loJ, ratio) in theory where c.name.hasSuffix(hiJ) {
                let base = String(c.name.dropLast(hiJ.count))
                guard let k = components.firstIndex(where: { $0.name == base + loJ }) else { continue }
                let partner = r.components[k]
                let actual = partner.area / max(f.area, 1e-300)
                if abs(actual - ratio) > 0.05 * ratio {
                    w.append("doublet \(base): area ratio \(fmt(actual)) instead of \(fmt(ratio)); link the areas")
                }
                if abs(partner.fwhm - f.fwhm) > 0.2 * f.fwhm, components[k].fwhmLink == nil {
                    w.append("doublet \(base): unequal widths (\(fmt(f.fwhm)) and \(fmt(partner.fwhm)) eV)")
                }
            }
        }
        // Background above the data by more than 3σ over more than 5 % of the channels.
        if let cpu = region.countsPerUnitPerChannel, cpu.count == r.curves.data.count {
            let above = r.curves.data.indices.filter { i in
                let b = r.curves.background[i] * cpu[i], y = r.curves.data[i] * cpu[i]
                return b - y > 3 * max(b, 1).squareRoot()
            }.count
            if above > r.curves.data.count / 20 {
                w.append("the background lies above the data on \(above) channels: check the end points")
            }
        }
        // Residual structure: lag-1 autocorrelation of the residuals.
        let res = r.curves.residuals, n = res.count
        if n > 20 {
            let mean = res.reduce(0, +) / Double(n)
            var num = 0.0, den = 0.0
            for i in 0..<n {
                den += (res[i] - mean) * (res[i] - mean)
                if i > 0 { num += (res[i] - mean) * (res[i - 1] - mean) }
            }
            let rho = den > 0 ? num / den : 0
            if rho > 4 / Double(n).squareRoot() && rho > 0.2 {
                w.append("residuals are correlated (lag-1 autocorrelation \(fmt(rho))): structure is left unfitted (a missing component or a wrong background)")
            }
        }
        return w
    }

    static func fmt(_ v: Double) -> String { String(format: "%.3g", v) }
}
