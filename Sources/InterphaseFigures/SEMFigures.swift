// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import InterphaseReport
import SEM

/// The figures of the SEM analyses, one function per result: the fibre centre lines and diameter
/// histogram, the porosity map and pore sizes, the orientation histograms, the deposit thickness.
public enum SEMFigures {
    /// The grey micrograph as RGB with `colour(i)` painted where it returns non-nil.
    static func painted(_ m: Micrograph, _ colour: (Int) -> (UInt8, UInt8, UInt8)?) -> Raster<UInt8> {
        let gray = DisplayImage.stretched(m.image)
        var rgb = [UInt8](repeating: 0, count: gray.width * gray.height * 3)
        for i in 0..<(gray.width * gray.height) {
            let c = colour(i) ?? (gray.samples[i], gray.samples[i], gray.samples[i])
            rgb[3 * i] = c.0; rgb[3 * i + 1] = c.1; rgb[3 * i + 2] = c.2
        }
        return Raster(width: gray.width, height: gray.height, colorModel: .rgb, samples: rgb)
    }

    static func imagePanel(_ m: Micrograph, _ raster: Raster<UInt8>, title: String) -> Panel {
        let s = m.calibration.map { 0.5 * ($0.pixelWidthNM + $0.pixelHeightNM) / 1000 }
        var p = Panel(title: title, x: Axis(s == nil ? "x (pixels)" : "x (µm)"), y: Axis(s == nil ? "y (pixels)" : "y (µm)"),
                      legend: .none, equalAspect: true)
        p.add(.image(ImageLayer(raster, pixelSize: s ?? 1)))
        return p
    }

    /// Void phase tinted by its local pore size, and the pore-size histogram.
    public static func porosity(_ m: Micrograph, _ r: PorosityAnalysis.Result, poreSize: [Float], title: String) -> Figure {
        let top = max(poreSize.max() ?? 1, 1)
        let raster = painted(m) { i in
            guard poreSize[i] > 0 else { return nil }
            let t = Double(poreSize[i] / top)
            return (UInt8(40 + 200 * t), UInt8(90 + 60 * (1 - t)), UInt8(220 * (1 - t) + 20))
        }
        let image = imagePanel(m, raster, title: title + String(format: " (void fraction %.3f)", r.voidFraction))
        let s = r.pixelSizeNM.map { $0 / 1000 }
        let unit = s == nil ? "pixels" : "µm"
        let hist = Histogram(edges: r.histogramPixels.edges.map { $0 * (s ?? 1) }, counts: r.histogramPixels.counts)
        var h = Panel(title: String(format: "Pore size (local thickness of the void, area-weighted): median %.3g %@", r.poreSizePixels.median * (s ?? 1), unit),
                      x: Axis("Pore diameter (\(unit))"), y: Axis("Void area (pixels)"), legend: .none)
        h.add(.histogram(HistogramLayer(hist, color: Color(hex: 0x009E73))))
        return Figure(width: 900, height: 1300, panels: [image, h])
    }

    /// The orientation histograms of both routes.
    public static func orientation(_ o: SEMOrientationSummary, title: String) -> Figure {
        var p = Panel(title: title + String(format: ": order parameter %.2f", o.orderParameter), x: Axis("Orientation (degrees, counter-clockwise)"),
                      y: Axis("Fraction"), legend: .topRight)
        let t = o.structureTensor, f = o.fourier
        let ts = max(t.histogram.reduce(0, +), 1e-300), fs = max(f.histogram.reduce(0, +), 1e-300)
        p.add(.line(LineSeries(x: t.binCentres, y: t.histogram.map { $0 / ts }, label: "structure tensor", color: Color(hex: 0x0072B2), width: 1.5)))
        p.add(.line(LineSeries(x: f.binCentres, y: f.histogram.map { $0 / fs }, label: "power spectrum", color: Color(hex: 0xD55E00), width: 1.5)))
        for a in o.dominantAngles.prefix(3) {
            p.add(.overlay(.verticalLine(x: a.angle, color: .gray, style: .dashed, label: String(format: "%.1f°", a.angle))))
        }
        return Figure(width: 900, height: 520, panels: [p])
    }

    /// The cross-section with the deposit's top (green) and bottom (magenta) per column, and the thickness profile.
    public static func thickness(_ m: Micrograph, _ r: DepositThickness.Result, title: String) -> Figure {
        let w = m.width
        let raster = painted(m) { i in
            let x = i % w, y = i / w
            if r.top[x] == y { return (0, 200, 80) }
            if r.bottom[x] == y { return (220, 0, 200) }
            return nil
        }
        let image = imagePanel(m, raster, title: title)
        let s = m.calibration.map { $0.pixelHeightNM / 1000 } ?? 1
        let factor = r.tiltCorrection ?? 1
        var xs: [Double] = [], ys: [Double] = []
        for x in 0..<w where r.top[x] >= 0 { xs.append(Double(x) * (m.calibration.map { $0.pixelWidthNM / 1000 } ?? 1)); ys.append(Double(r.bottom[x] - r.top[x] + 1) * s * factor) }
        let unit = m.calibration == nil ? "pixels" : "µm"
        var p = Panel(title: String(format: "Thickness: mean %.3g ± %.2g %@ (coverage %.0f %%)", (r.thickness ?? r.thicknessPixels).mean,
                                    (r.thickness ?? r.thicknessPixels).standardDeviation, unit, 100 * r.coverage),
                      x: Axis("x (\(unit))"), y: Axis("Thickness (\(unit))"), legend: .none)
        p.add(.line(LineSeries(x: xs, y: ys, label: "thickness", color: Color(hex: 0x0072B2), width: 1)))
        return Figure(width: 900, height: 1100, panels: [image, p])
    }

    /// The micrograph with the measured centre lines in red (the rest of the skeleton in blue; the
    /// segments the top-layer criterion left out in violet), and the length-weighted diameter histogram.
    public static func fibers(_ m: Micrograph, _ r: FiberAnalysis.Result, skeleton: BinaryMask, title: String) -> Figure {
        let gray = DisplayImage.stretched(m.image)
        var rgb = [UInt8](repeating: 0, count: gray.width * gray.height * 3)
        // Red: centre-line pixels whose diameter is in the result. Blue: the rest of the skeleton
        // (junction discs, ends, and samples whose edges could not be measured), not counted.
        var measured = [Bool](repeating: false, count: gray.width * gray.height)
        for (p, d) in zip(r.samplePixels, r.sampleDiameters) where d.isFinite && p < measured.count { measured[p] = true }
        var lower = [Bool](repeating: false, count: gray.width * gray.height)
        for p in r.lowerLayerPixels where p < lower.count { lower[p] = true }
        for i in 0..<(gray.width * gray.height) {
            let g = gray.samples[i]
            if measured[i] { rgb[3 * i] = 230; rgb[3 * i + 1] = 30; rgb[3 * i + 2] = 30 }
            else if lower[i] { rgb[3 * i] = 150; rgb[3 * i + 1] = 90; rgb[3 * i + 2] = 190 }
            else if skeleton.pixels[i] != 0 { rgb[3 * i] = 40; rgb[3 * i + 1] = 120; rgb[3 * i + 2] = 255 }
            else { rgb[3 * i] = g; rgb[3 * i + 1] = g; rgb[3 * i + 2] = g }
        }
        let s = r.pixelSizeNM.map { $0 / 1000 } // µm per pixel
        let legend = ": measured centre lines red, not measured blue" + (r.layer == nil ? "" : ", lower layers violet")
        var image = Panel(title: title + legend, x: Axis(s == nil ? "x (pixels)" : "x (µm)"), y: Axis(s == nil ? "y (pixels)" : "y (µm)"),
                          legend: .none, equalAspect: true)
        image.add(.image(ImageLayer(Raster(width: gray.width, height: gray.height, colorModel: .rgb, samples: rgb), pixelSize: s ?? 1)))
        let unit = s == nil ? "pixels" : "µm"
        let scale = s ?? 1
        let hist = Histogram(edges: r.histogram.edges.map { $0 * scale }, counts: r.histogram.counts)
        let method = r.diameterMethod == "2·EDT" ? "2·EDT" : "half-level edges"
        var h = Panel(title: String(format: "Diameter (%@, length-weighted): %.3g ± %.2g %@, n = %d (2·EDT %.3g)", method, r.diameterPixels.mean * scale,
                                    r.diameterPixels.standardDeviation * scale, unit, r.diameterMethod == "2·EDT" ? r.samples : r.edgeSamples,
                                    r.diameterPixelsEDT.mean * scale),
                      x: Axis("Diameter (\(unit))"), y: Axis("Centre-line length (pixels)"), legend: .none)
        h.add(.histogram(HistogramLayer(hist, color: Color(hex: 0x0072B2))))
        // The fitted normal (maximum likelihood: the length-weighted mean and SD), scaled to the histogram's area.
        let mu = r.diameterPixels.mean * scale, sd = max(r.diameterPixels.standardDeviation * scale, 1e-12)
        let total = hist.counts.reduce(0, +)
        let binWidth = hist.edges.count > 1 ? (hist.edges.last! - hist.edges.first!) / Double(hist.edges.count - 1) : 1
        let xs = (0...200).map { hist.edges.first! + (hist.edges.last! - hist.edges.first!) * Double($0) / 200 }
        let ys = xs.map { total * binWidth * exp(-0.5 * ($0 - mu) * ($0 - mu) / (sd * sd)) / (sd * (2 * Double.pi).squareRoot()) }
        h.add(.line(LineSeries(x: xs, y: ys, label: "normal fit", color: Color(hex: 0x009E73), width: 1.5)))
        h.add(.overlay(.verticalLine(x: r.diameterPixels.mean * scale, color: Color(hex: 0xD55E00), style: .dashed, label: "mean")))
        return Figure(width: 900, height: 1300, panels: [image, h])
    }
}
