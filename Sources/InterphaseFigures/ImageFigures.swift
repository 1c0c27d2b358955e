// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore
import InterphaseReport

/// A first look at any image: the picture, its log power spectrum and its grey-level histogram.
public enum ImageFigures {
    /// The image (contrast-stretched), its log power spectrum (FFTW) and the histogram of its grey
    /// levels with their mean, side by side.
    public static func overview(_ decoded: AnyRaster, title: String) throws -> Figure {
        let gray = decoded.grayFloat()
        let shown = DisplayImage.stretched(gray)
        let power = DisplayImage.stretched(try DisplayImage.logPowerSpectrum(gray), lowPercentile: 50, highPercentile: 99.95)
        let mean = Statistics.mean(gray.samples.map(Double.init))
        let hist = try Histogram(gray.samples.map(Double.init), binCount: 64)
        let w = Double(gray.width), h = Double(gray.height)
        var img = Panel(title: "Image (uncalibrated: px)",
                        x: Axis("x (px)", range: 0...w), y: Axis("y (px)", range: 0...h), legend: .none, equalAspect: true)
        img.add(.image(ImageLayer(shown)))
        var fft = Panel(title: "log power spectrum (FFTW)", x: Axis("kx", range: 0...w, hidden: true), y: Axis("ky", range: 0...h, hidden: true),
                        legend: .none, equalAspect: true)
        fft.add(.image(ImageLayer(power)))
        var histPanel = Panel(title: "Intensity histogram", x: Axis("Intensity (\(decoded.bitsPerSample)-bit \(decoded.sampleFormat))"), y: Axis("Pixels"))
        histPanel.add(.histogram(HistogramLayer(hist, label: "all pixels")))
        histPanel.add(.overlay(.verticalLine(x: mean, color: .red, style: .dashed, label: String(format: "mean %.3g", mean))))
        return Figure(width: 1080, height: 420, title: "\(title): \(gray.width)×\(gray.height), \(decoded.bitsPerSample)-bit \(decoded.sampleFormat)",
                      panels: [img, fft, histPanel], columns: 3)
    }
}
