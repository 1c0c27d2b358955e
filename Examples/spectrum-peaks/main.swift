// SPDX-License-Identifier: GPL-3.0-or-later
// Example: read a two-column spectrum, smooth it, find its bands, fit the strongest with a
// pseudo-Voigt by Levenberg–Marquardt, and plot it.
//
//   swift run -c release spectrum-peaks Spectra/IR.CSV out.png
import Foundation
import Interphase

let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write(Data("usage: spectrum-peaks SPECTRUM.csv [FIGURE.png|.svg|.pdf]\n".utf8))
    exit(2)
}
do {
    let spectrum = try DelimitedSpectrumReader(xKind: .wavenumber).read(args[1])[0]
    // Smooth, find peaks, and skip stretches where the detector saturates (noise, not bands).
    let found = try spectrum.cleanPeaks(PeakFinder(minimumProminence: 0.01 * (spectrum.yMax - spectrum.yMin), minimumDistance: 15))
    let (peaks, noisy) = (found.peaks, found.noisy)
    print("\(noisy.filter { $0 }.count) of \(spectrum.count) points lie in saturated or noise-dominated stretches")
    for p in peaks.prefix(8) {
        print(String(format: "%9.2f cm⁻¹  height %.4g  prominence %.4g  FWHM %.1f", p.position, p.height, p.prominence, p.width))
    }
    if let top = peaks.first(where: { $0.width < 150 }) {
        let window = try spectrum.cropped(to: (top.position - 2 * top.width)...(top.position + 2 * top.width))
        let fit = try LevenbergMarquardt().curveFit(x: window.x, y: window.y, parameters: [
            FitParameter("center", top.position, lower: top.position - top.width, upper: top.position + top.width),
            FitParameter("fwhm", top.width, lower: 0.1 * top.width),
            FitParameter("area", top.prominence * top.width, lower: 0),
            FitParameter("eta", 0.5, lower: 0, upper: 1),
            FitParameter("offset", window.yMin),
        ]) { x, p in PseudoVoigt(center: p[0], fwhm: p[1], fraction: p[3], area: p[2]).value(at: x) + p[4] }
        print(String(format: "strongest band: %.2f ± %.2f cm⁻¹, FWHM %.2f ± %.2f, converged: %@",
                     fit.value("center")!, fit.standardError("center") ?? .nan, fit.value("fwhm")!, fit.standardError("fwhm") ?? .nan,
                     fit.converged ? "yes" : "no (\(fit.stopReason.rawValue))"))
    }
    if args.count >= 3 {
        var panel = Panel(x: Axis(spectrum.xKind.label(unit: spectrum.xUnit), reversed: true), y: Axis(spectrum.yKind.label(unit: spectrum.yUnit)))
        panel.add(.line(LineSeries(x: spectrum.x, y: spectrum.y, label: spectrum.name)))
        panel.add(.markers(MarkerSeries(x: peaks.prefix(8).map(\.position), y: peaks.prefix(8).map(\.height), label: "bands", shape: .triangle)))
        try Figure(panels: [panel]).write(to: args[2])
        print("wrote \(args[2])")
    }
} catch let error as any InterphaseError {
    FileHandle.standardError.write(Data("spectrum-peaks: \(error)\n".utf8))
    exit(error.category == .unreadableInput ? 3 : 1)
}
