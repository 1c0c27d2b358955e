// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import InterphaseReport
import XPS

/// Figures of core-level fits.
public enum XPSFigures {
    /// Data, envelope, components and background on a reversed binding-energy axis, the residuals
    /// in σ units (or intensity when no counting information exists), and a table of components.
    public static func fit(_ r: XPSFitResult, title: String, countsPerUnit: Double?) -> Figure {
        let c = r.curves
        let axis = Axis("Binding energy (eV)", reversed: true)
        var top = Panel(title: title, x: axis, y: Axis(countsPerUnit == 1 ? "Counts" : "Intensity"))
        for (k, comp) in r.components.enumerated() {
            top.add(.area(FilledArea(x: c.bindingEnergy, lower: c.background, upper: c.components[k],
                                     label: comp.name, color: Color.cycle[(k % 6) + 2], opacity: 0.35)))
        }
        top.add(.markers(MarkerSeries(x: c.bindingEnergy, y: c.data, label: "data", color: Color(hex: 0x333333), shape: .circle, size: 2.5)))
        top.add(.line(LineSeries(x: c.bindingEnergy, y: c.background, label: "background (\(r.background.type))", color: .gray, style: .dashed)))
        top.add(.line(LineSeries(x: c.bindingEnergy, y: c.envelope, label: "envelope", color: Color(hex: 0xD55E00), width: 1.4)))

        let normalised: [Double]
        let label: String
        if let cpu = countsPerUnit {
            normalised = zip(c.residuals, c.envelope).map { $0 * cpu / max($1 * cpu, 1).squareRoot() }
            label = "Residual (σ)"
        } else {
            normalised = c.residuals
            label = "Residual"
        }
        var res = Panel(title: String(format: "Residuals (reduced χ² %.2f, %@ weights)", r.reducedChiSquare, r.weighting), x: axis, y: Axis(label))
        res.add(.line(LineSeries(x: c.bindingEnergy, y: normalised, color: .gray, width: 0.8)))
        res.legend = .none

        var table = Panel(title: "Components", x: Axis("", range: 0...1, hidden: true), y: Axis("", range: 0...1, hidden: true))
        table.legend = .none
        let columns: [Double] = [0.01, 0.25, 0.37, 0.49, 0.63]
        let header = ["component", "BE (eV)", "FWHM (eV)", "area", "area fraction ± 1σ"]
        var rows: [[String]] = [header]
        for comp in r.components {
            rows.append([comp.name + " " + comp.shape, String(format: "%.2f ± %.2f", comp.center, comp.centerError ?? .nan),
                         String(format: "%.2f", comp.fwhm), String(format: "%.4g", comp.area),
                         String(format: "%.3f ± %.3f", comp.areaFraction, comp.areaFractionUncertainty ?? .nan)])
        }
        let step = 0.8 / Double(max(rows.count + 1, 6))
        for (i, row) in rows.enumerated() {
            for (j, cell) in row.enumerated() {
                table.add(.overlay(.leftText(cell, x: columns[j], y: 0.92 - Double(i) * step, color: .black, size: 11, bold: i == 0)))
            }
        }
        if let f = r.lifFraction {
            let note = String(format: "LiF fraction %.3f ± %.3f, 95%% interval [%.3f, %.3f] (", f.value, f.uncertainty, f.ci95.lowerBound, f.ci95.upperBound)
                + (f.method == .modelAverage ? "averaged over models: table below" : f.method.rawValue) + ")"
            table.add(.overlay(.leftText(note, x: 0.01, y: 0.92 - Double(rows.count) * step, color: Color(hex: 0xD55E00), size: 12, bold: true)))
        }
        guard let average = r.modelAverage else { return Figure(width: 900, height: 980, panels: [top, res, table]) }
        return Figure(width: 900, height: 1300, panels: [top, res, table, models(average, lif: r.lifFraction != nil ? "LiF" : nil)])
    }

    /// The model table: each background family and window with its BIC-averaged fraction and
    /// interval, then the models that carry the weight in the chosen group.
    static func models(_ a: XPSModelAverage, lif: String?) -> Panel {
        let name = lif ?? a.shares.first?.name ?? ""
        var panel = Panel(title: "Models behind the \(name) fraction (BIC weights within a background and window; envelope across)",
                          x: Axis("", range: 0...1, hidden: true), y: Axis("", range: 0...1, hidden: true))
        panel.legend = .none
        let columns: [Double] = [0.01, 0.16, 0.36, 0.55, 0.72]
        var rows: [[String]] = [["background", "window (eV)", "models averaged", "\(name) fraction", "95 % interval"]]
        for g in a.groups {
            guard let s = g.shares.first(where: { $0.name == name }) else { continue }
            let chosen = g.background == a.background && g.window == a.window
            rows.append([g.background + (chosen ? " (chosen)" : ""), String(format: "%.1f–%.1f", g.window[0], g.window[1]),
                         "\(g.averaged) of \(g.models)", String(format: "%.3f", s.value),
                         g.rejected == nil ? String(format: "[%.3f, %.3f]", s.ci95.lowerBound, s.ci95.upperBound) : String(format: "out: χ²ᵣ %.2f", g.reducedChiSquare)])
        }
        if let s = a.share(name) {
            let kept = a.groups.filter { $0.rejected == nil }
            rows.append(["envelope", "\(kept.count) of \(a.groups.count) groups", "\(kept.map(\.averaged).reduce(0, +)) of \(kept.map(\.models).reduce(0, +))", String(format: "%.3f", s.value),
                         String(format: "[%.3f, %.3f]", s.ci95.lowerBound, s.ci95.upperBound)])
        }
        let top = a.models.filter { $0.background == a.background && $0.window == a.window && $0.averaged }
            .sorted { $0.weight > $1.weight }.prefix(4)
        rows.append(["chosen group:", "shape", "components", "weight (ΔBIC)", "\(name) fraction"])
        for m in top {
            rows.append(["", m.shape, m.components.count == a.shares.count ? "all" : m.components.joined(separator: ", "),
                         String(format: "%.2f (%.1f)", m.weight, m.deltaBIC), String(format: "%.3f ± %.3f", m.fractions[name] ?? 0, m.fractionUncertainties[name] ?? 0)])
        }
        let step = 0.9 / Double(max(rows.count, 8))
        for (i, row) in rows.enumerated() {
            let bold = i == 0 || row[0] == "chosen group:" || row[0] == "envelope"
            for (j, cell) in row.enumerated() {
                panel.add(.overlay(.leftText(cell, x: columns[j], y: 0.95 - Double(i) * step, color: .black, size: 10, bold: bold)))
            }
        }
        return panel
    }
}
