// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import InterphaseReport
import FTIR

/// Figures of FTIR results: one function per result.
public enum FTIRFigures {
    /// The figure: absorbance with its baseline, the baseline-corrected trace with fitted bands
    /// and their assignments.
    public static func peaks(_ r: BandAnalysis.Result, title: String) -> Figure {
        let axis = Axis(r.absorbance.xKind.label(unit: r.absorbance.xUnit), reversed: true)
        // The ordinate as analysed: absorbance, or the file's own kind when it is not one the
        // analysis converts (intensity: bands are taken as maxima, and the labels say so).
        let kind = r.absorbance.yKind.label(unit: r.absorbance.yUnit)
        var top = Panel(title: "\(title): \(kind.lowercased()) and baseline", x: axis, y: Axis(kind))
        top.add(.line(LineSeries(x: r.absorbance.x, y: r.absorbance.y, label: kind.lowercased(), color: Color(hex: 0x0072B2), width: 1)))
        top.add(.line(LineSeries(x: r.absorbance.x, y: r.baseline, label: "baseline", color: .gray, style: .dashed)))
        var bottom = Panel(title: "Fitted bands (pseudo-Voigt) and assignments", x: axis, y: Axis(kind + " (baseline corrected)"))
        let curves = r.curves()
        let x = curves.x, model = curves.fit
        // Bands in the five colours after the data's blue and the fit's vermilion: not the cycle's
        // black, which at this opacity is the grey of a saturated stretch.
        for (k, band) in curves.bands.enumerated() {
            bottom.add(.area(FilledArea(x: x, lower: x.map { _ in 0 }, upper: band, color: Color.cycle[(k % 5) + 2], opacity: 0.25)))
        }
        bottom.add(.line(LineSeries(x: x, y: r.corrected.y, label: "data", color: Color(hex: 0x0072B2), width: 1)))
        // Nothing is fitted in a saturated stretch: the model has a gap there.
        let saturated = x.map { xi in r.saturatedStretches.contains { $0.contains(xi) } }
        let drawnModel = zip(model, saturated).map { $1 ? Double.nan : $0 }
        bottom.add(.line(LineSeries(x: x, y: drawnModel, label: "fit (bands + local background)", color: Color(hex: 0xD55E00), width: 1.2, style: .dashed)))
        bottom.add(.markers(MarkerSeries(x: r.bands.map(\.band.position), y: r.bands.map(\.band.height), label: "bands", color: .red, shape: .triangle, size: 6,
                                         annotations: r.bands.map { b in
                                             // Name a species on the figure only when the assignment is confident.
                                             let best = b.assignments.first.flatMap { $0.confidence >= 0.5 ? $0.species : nil }
                                             return String(format: "%.0f", b.band.position) + (best.map { " " + $0 } ?? "")
                                         })))
        // The same x extent as the panels above, gaps or not.
        let xs = r.absorbance.x
        let full = Axis(axis.label, range: (xs.min() ?? 0)...(xs.max() ?? 1), reversed: true)
        var residual = Panel(title: "Residual (data − fit)", x: full, y: Axis(kind))
        // Saturated stretches: shaded, no band taken there.
        let lo = r.corrected.yMin, hi = r.corrected.yMax
        for (k, st) in r.saturatedStretches.enumerated() {
            bottom.add(.area(FilledArea(x: [st.lowerBound, st.upperBound], lower: [lo, lo], upper: [hi, hi],
                                        label: k == 0 ? "saturated (no bands)" : nil, color: .gray, opacity: 0.18)))
        }
        // Atmospheric lines: marked, not fitted.
        if !r.atmosphericLines.isEmpty {
            bottom.add(.markers(MarkerSeries(x: r.atmosphericLines.map(\.position), y: r.atmosphericLines.map(\.height), label: "H₂O / CO₂ lines (not bands)",
                                             color: .gray, shape: .circle, size: 3)))
        }
        // No residual where no band is taken (saturated stretches): the line has gaps there, and the
        // axis follows the fitted range.
        let residuals = zip(saturated, zip(r.corrected.y, model)).map { gap, v in gap ? Double.nan : v.0 - v.1 }
        residual.add(.line(LineSeries(x: x, y: residuals, color: .gray, width: 0.8)))
        return Figure(width: 900, height: 1000, panels: [top, bottom, residual])
    }

    /// Stacked, baseline-corrected spectra (reference at the bottom) with each band marked by status.
    public static func compare(files: [String], analyses: [BandAnalysis.Result], report: FTIRCompareReport) -> Figure {
        let offset = (analyses.map { $0.corrected.yMax }.max() ?? 1) * 1.1
        var p = Panel(title: "States compared with \((files[0] as NSString).lastPathComponent)", x: Axis("Wavenumber (cm⁻¹)", reversed: true),
                      y: Axis("Absorbance (baseline corrected, offset)"), legend: .topLeft)
        for (k, r) in analyses.enumerated() {
            let name = (files[k] as NSString).lastPathComponent
            p.add(.line(LineSeries(x: r.corrected.x, y: r.corrected.y.map { $0 + Double(k) * offset }, label: name, color: Color.cycle[k % Color.cycle.count], width: 1)))
        }
        let colors: [BandStatus: Color] = [.appeared: Color(hex: 0x009E73), .disappeared: Color(hex: 0xD55E00), .shifted: Color(hex: 0xCC79A7), .unchanged: .gray]
        for status in BandStatus.allCases {
            let entries = report.bands.filter { $0.status == status }
            guard !entries.isEmpty else { continue }
            let ys = entries.map { e -> Double in
                let k = e.status == .disappeared ? 0 : (files.firstIndex(of: e.state) ?? 1)
                return Double(k) * offset + offset * 0.85
            }
            p.add(.markers(MarkerSeries(x: entries.map(\.position), y: ys, label: status.rawValue, color: colors[status], shape: status == .unchanged ? .circle : .triangle,
                                        size: status == .unchanged ? 4 : 7,
                                        annotations: status == .unchanged ? nil : entries.map { String(format: "%.0f", $0.position) })))
        }
        return Figure(width: 900, height: 300 + 180 * Double(files.count), panels: [p])
    }

    /// The interferogram and what it became (single beam or absorbance).
    public static func transform(_ acq: InterferogramAcquisition, result: Spectrum, target: String) -> Figure {
        var ig = Panel(title: "Interferogram (\(acq.sample.count) points)", x: Axis("Data point"), y: Axis("Signal"))
        ig.add(.line(LineSeries(x: acq.sample.x, y: acq.sample.y, color: Color(hex: 0x0072B2), width: 0.8)))
        var out = Panel(title: "\(target) (\(acq.transform.apodization.rawValue), Mertz phase)", x: Axis("Wavenumber (cm⁻¹)", reversed: true),
                        y: Axis(result.yKind.label(unit: result.yUnit)))
        out.add(.line(LineSeries(x: result.x, y: result.y, color: Color(hex: 0xD55E00), width: 1)))
        return Figure(width: 900, height: 640, panels: [ig, out])
    }

    /// An acquisition's interferogram, its single beams, and when given the absorbance from the
    /// interferograms over the file's own stored absorbance (the vendor's processing), so that the
    /// two can be compared by eye: the demo's interferogram figure.
    public static func acquisition(_ acq: InterferogramAcquisition, beams: InterferogramAcquisition.SingleBeams,
                                   absorbance: Spectrum? = nil, stored: Spectrum? = nil) -> Figure {
        var ig = Panel(title: "Interferogram (\(acq.sample.count) points)", x: Axis("Data point"), y: Axis("Signal"))
        ig.add(.line(LineSeries(x: acq.sample.x, y: acq.sample.y, label: "sample", color: Color(hex: 0x0072B2), width: 0.8)))
        var sb = Panel(title: "Single beam: \(acq.transform.apodization.rawValue), Mertz phase, FFTW", x: Axis("Wavenumber (cm⁻¹)", reversed: true),
                       y: Axis("Single beam"))
        sb.add(.line(LineSeries(x: beams.sample.x, y: beams.sample.y, label: "sample", color: Color(hex: 0x0072B2))))
        if let background = beams.background { sb.add(.line(LineSeries(x: background.x, y: background.y, label: "background", color: .gray))) }
        var panels = [ig, sb]
        if let absorbance, let stored {
            var ab = Panel(title: "Absorbance from the interferograms vs the file's own \(stored.name)", x: Axis("Wavenumber (cm⁻¹)", reversed: true),
                           y: Axis("Absorbance", range: -0.1...3.2))
            ab.add(.line(LineSeries(x: stored.x, y: stored.y, label: "stored \(stored.name) (vendor)", color: .gray, width: 2.5)))
            ab.add(.line(LineSeries(x: absorbance.x, y: absorbance.y, label: "Interphase", color: Color(hex: 0xD55E00), width: 1)))
            panels.append(ab)
        }
        return Figure(width: 900, height: 300 * Double(panels.count), panels: panels)
    }

    /// A spectrum as read and after its corrections (the steps named in the title).
    public static func correction(_ input: Spectrum, _ corrected: Spectrum) -> Figure {
        let axis = Axis(input.xKind.label(unit: input.xUnit), reversed: input.xKind == .wavenumber)
        var before = Panel(title: "\(input.name): as read", x: axis, y: Axis(input.yKind.label(unit: input.yUnit)))
        before.add(.line(LineSeries(x: input.x, y: input.y, color: Color(hex: 0x0072B2), width: 1)))
        // The steps in words (the provenance names are identifiers: "atrCorrection").
        let words = ["atrCorrection": "ATR correction", "perReflection": "per reflection", "kubelkaMunk": "Kubelka–Munk",
                     "absorbance": "to absorbance", "transmittance": "to transmittance"]
        let steps = corrected.provenance.dropFirst(input.provenance.count).map { words[$0.name] ?? $0.name }.joined(separator: " → ")
        var after = Panel(title: "corrected (\(steps))", x: axis, y: Axis(corrected.yKind.label(unit: corrected.yUnit)))
        after.add(.line(LineSeries(x: corrected.x, y: corrected.y, color: Color(hex: 0xD55E00), width: 1)))
        return Figure(width: 900, height: 640, panels: [before, after])
    }

    /// n and k from a Kramers–Kronig analysis of a reflectance spectrum.
    public static func opticalConstants(_ r: KramersKronig.Result, name: String) -> Figure {
        var p = Panel(title: "Optical constants of \(name)", x: Axis("Wavenumber (cm⁻¹)", reversed: true), y: Axis("n, k"))
        p.add(.line(LineSeries(x: r.wavenumber, y: r.n, label: "n")))
        p.add(.line(LineSeries(x: r.wavenumber, y: r.k, label: "k")))
        return Figure(panels: [p])
    }
}
