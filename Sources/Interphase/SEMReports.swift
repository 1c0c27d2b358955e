// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// JSON of `interphase sem fibers` for one image.
public struct SEMFibersOutput: Encodable, Sendable {
    public var file: String
    public var databarRows: Int
    public var databarSource: String
    public var tiltDegrees: Double?
    public var result: FiberAnalysis.Result

    public init(file: String, micrograph: Micrograph, result: FiberAnalysis.Result) {
        self.file = file
        databarRows = micrograph.databarRows
        databarSource = micrograph.databarSource
        tiltDegrees = micrograph.metadata?.tiltDegrees
        self.result = result
    }

    enum Keys: String, CodingKey { case file, databarRows, databarSource, tiltDegrees }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(file, forKey: .file)
        try c.encode(databarRows, forKey: .databarRows)
        try c.encode(databarSource, forKey: .databarSource)
        try c.encodeIfPresent(tiltDegrees, forKey: .tiltDegrees)
        try result.encode(to: encoder)
    }
}

public enum SEMFigures {
    /// The micrograph with the measured centre lines in red, and the length-weighted diameter histogram.
    public static func fibers(_ m: Micrograph, _ r: FiberAnalysis.Result, skeleton: BinaryMask, title: String) -> Figure {
        let gray = DisplayImage.stretched(m.image)
        var rgb = [UInt8](repeating: 0, count: gray.width * gray.height * 3)
        for i in 0..<(gray.width * gray.height) {
            let on = skeleton.pixels[i] != 0
            rgb[3 * i] = on ? 230 : gray.samples[i]
            rgb[3 * i + 1] = on ? 30 : gray.samples[i]
            rgb[3 * i + 2] = on ? 30 : gray.samples[i]
        }
        let s = r.pixelSizeNM.map { $0 / 1000 } // µm per pixel
        var image = Panel(title: title, x: Axis(s == nil ? "x (pixels)" : "x (µm)"), y: Axis(s == nil ? "y (pixels)" : "y (µm)", reversed: true),
                          legend: .none, equalAspect: true)
        image.add(.image(ImageLayer(Raster(width: gray.width, height: gray.height, colorModel: .rgb, samples: rgb), pixelSize: s ?? 1)))
        let unit = s == nil ? "pixels" : "µm"
        let scale = s ?? 1
        let hist = Histogram(edges: r.histogram.edges.map { $0 * scale }, counts: r.histogram.counts)
        var h = Panel(title: String(format: "Diameter (2·EDT on the centre line, length-weighted): mean %.3g ± %.2g %@, n = %d", r.diameterPixels.mean * scale,
                                    r.diameterPixels.standardDeviation * scale, unit, r.samples),
                      x: Axis("Diameter (\(unit))"), y: Axis("Centre-line length (pixels)"), legend: .none)
        h.add(.histogram(HistogramLayer(hist, color: Color(hex: 0x0072B2))))
        h.add(.overlay(.verticalLine(x: r.diameterPixels.mean * scale, color: Color(hex: 0xD55E00), style: .dashed, label: "mean")))
        return Figure(width: 900, height: 1300, panels: [image, h])
    }
}
