// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Porosity of a fibre mat or a lithium deposit seen from above (SEM.md §1.7–1.8, §2.7, §2.9): the
/// void (non-solid) area fraction, the pore-size distribution as the exact local thickness of the
/// void phase (area-weighted, PoreSpy's and BoneJ's "separation"), pore areas from connected
/// components, chord lengths along rows and columns, and the index of dispersion of solid coverage
/// over a grid (variance/mean; Nicolas et al., PNAS 2025), which separates dense from loose deposits.
/// A 2-D image sees the top layer and its projection: the void fraction is an areal quantity.
public struct PorosityAnalysis: Sendable {
    /// How the image is segmented and what is counted.
    public struct Options: Sendable {
        /// Preprocessing, threshold and clean-up; the solid is the bright phase unless its
        /// `darkForeground`. No automatic levelling (a deposit's solid regions can be wider than a ball).
        public var segmentation = Segmentation()
        /// Grid cells per side for the index of dispersion.
        public var gridCells = 8
        /// Pores (void components) smaller than this many pixels are not counted as pores.
        public var minPoreArea = 4
        /// Bins of the pore-size histogram.
        public var histogramBins = 40
        /// The defaults of `interphase sem porosity`.
        public init() {}
    }

    /// Pore sizes: the summary statistics of the local thickness over every void pixel (so
    /// area-weighted), and the 10th and 90th percentiles; in JSON flattened as `mean`, `median`, `sd`,
    /// `min`, `max`, `count`, `d10`, `d90`, `unit`.
    public struct Distribution: Sendable, Codable, Hashable {
        /// Mean, median, spread and range over the void pixels.
        public var statistics: SummaryStatistics
        /// 10th percentile (linear interpolation).
        public var d10: Double
        /// 90th percentile (linear interpolation).
        public var d90: Double
        /// "px" or "µm".
        public var unit: String

        /// The median, the size users quote.
        public var median: Double { statistics.median }

        func scaled(_ s: Double, unit: String) -> Distribution {
            Distribution(statistics: statistics.scaled(by: s), d10: d10 * s, d90: d90 * s, unit: unit)
        }

        enum Keys: String, CodingKey { case d10, d90, unit }

        /// A distribution with every field given.
        public init(statistics: SummaryStatistics, d10: Double, d90: Double, unit: String) {
            self.statistics = statistics
            self.d10 = d10
            self.d90 = d90
            self.unit = unit
        }

        public init(from decoder: Decoder) throws {
            statistics = try SummaryStatistics(from: decoder)
            let c = try decoder.container(keyedBy: Keys.self)
            d10 = try c.decode(Double.self, forKey: .d10)
            d90 = try c.decode(Double.self, forKey: .d90)
            unit = try c.decode(String.self, forKey: .unit)
        }

        public func encode(to encoder: Encoder) throws {
            try statistics.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(d10, forKey: .d10)
            try c.encode(d90, forKey: .d90)
            try c.encode(unit, forKey: .unit)
        }
    }

    /// The pores: 4-connected components of the void (the solid is 8-connected).
    public struct Pores: Sendable, Codable, Hashable {
        /// Void components of at least `minPoreArea` pixels.
        public var count: Int
        /// Those not touching the border.
        public var interiorCount: Int
        /// Interior pores only (border pores are cut): mean area, pixels.
        public var meanArea: Double?
        /// Median area of the interior pores, pixels.
        public var medianArea: Double?
        /// Mean equivalent-circle diameter of the interior pores, pixels.
        public var meanEquivalentDiameter: Double?
    }

    /// Chord lengths: the void runs along rows and columns.
    public struct Chords: Sendable, Codable, Hashable {
        /// Void runs along rows and columns that do not touch the border, pixels.
        public var count: Int
        /// Mean length of the runs along rows, pixels.
        public var horizontalMean: Double?
        /// Mean length of the runs along columns, pixels.
        public var verticalMean: Double?
        /// Mean length of all runs, pixels.
        public var mean: Double?
    }

    /// The index of dispersion of solid coverage, which separates dense from loose deposits.
    public struct Dispersion: Sendable, Codable, Hashable {
        /// Grid cells per side.
        public var gridCells: Int
        /// Variance/mean of the solid coverage over the cells (population variance).
        public var index: Double
        /// Mean solid coverage of the cells.
        public var meanCoverage: Double
        /// Nicolas et al.'s protocol: the brightest p % of pixels as solid, p = 5…95; the largest index and its p.
        public var sweepMaximum: Double
        /// The p of ``sweepMaximum``.
        public var sweepBrightestPercent: Int
    }

    /// The porosity of one image.
    public struct Result: Sendable, Codable {
        /// Image width, pixels.
        public var width: Int
        /// Image height, pixels.
        public var height: Int
        /// The level used, as text ("otsu 112.0", "given mask").
        public var segmentation: String
        /// The void area fraction.
        public var voidFraction: Double
        /// 1 − ``voidFraction``.
        public var solidFraction: Double
        /// Local thickness of the void, area-weighted, in pixels; `poreSizePhysical` in µm when calibrated.
        public var poreSizePixels: Distribution
        /// ``poreSizePixels`` in µm (nil without calibration).
        public var poreSizePhysical: Distribution?
        /// The pores as connected components.
        public var pores: Pores
        /// Chord lengths along rows and columns, pixels.
        public var chordLengthPixels: Chords
        /// The index of dispersion of solid coverage.
        public var dispersion: Dispersion
        /// The mean pixel size in nm (nil without calibration).
        public var pixelSizeNM: Double?
        /// The area-weighted pore-size histogram, pixels.
        public var histogramPixels: Histogram
        /// What the user should know: calibration missing, pixels not square.
        public var warnings: [String]
    }

    /// The segmentation and counting options.
    public var options: Options
    /// An analysis with these options (the command's defaults unless given).
    public init(options: Options = Options()) { self.options = options }

    /// The result with the images a figure or a further analysis needs.
    public struct Detailed: Sendable {
        /// The measurement.
        public var result: Result
        /// The solid phase the porosity was measured on (1 = solid).
        public var solid: BinaryMask
        /// The exact local thickness of the void at each pixel (pore diameter in pixels; 0 in the solid).
        public var poreSize: [Float]
    }

    /// The coverage statistics of a grid of equal cells (``dispersionIndex(_:cells:)``).
    public struct GridCoverage: Sendable, Hashable {
        /// Variance/mean of the cells' solid coverage.
        public var index: Double
        /// The mean coverage.
        public var mean: Double
    }

    /// Segments the micrograph (``Options/segmentation``) and measures its porosity.
    public func analyse(_ m: Micrograph) throws(SEMError) -> Detailed {
        let s = try options.segmentation.mask(m.image)
        return try analyse(solid: s.mask, calibration: m.calibration, segmentation: s.description, warnings: m.warnings, image: m.image)
    }

    /// `solid`: 1 = fibres or deposit, 0 = void.
    /// With the grey `image`, the index of dispersion also gets Nicolas et al.'s brightest-p % sweep.
    public func analyse(solid: BinaryMask, calibration: SEMCalibration?, segmentation: String = "given mask",
                        warnings: [String] = [], image: Raster<Float>? = nil) throws(SEMError) -> Detailed {
        let w = solid.width, h = solid.height
        let voidMask = solid.inverted()
        let voidFraction = voidMask.foregroundFraction
        guard voidFraction > 0 && voidFraction < 1 else {
            throw .analysisFailed("the segmentation is \(voidFraction == 0 ? "all solid" : "all void"): no porosity to measure (check the threshold, and whether the solid is darker than the voids)")
        }
        let thickness = LocalThickness.map(voidMask)
        var sizes: [Double] = []
        sizes.reserveCapacity(w * h)
        for v in thickness where v > 0 { sizes.append(Double(v)) }
        let dist = Self.distribution(sizes, unit: "px")
        let hist: Histogram
        do { hist = try Histogram(sizes, binCount: options.histogramBins) } catch { throw .analysisFailed("pore-size histogram: \(error)") }
        // Pores: 4-connected void components (the solid is 8-connected).
        let comps = Components(voidMask, eightConnected: false)
        let pores = comps.components.filter { $0.area >= options.minPoreArea }
        let interior = pores.filter { !$0.touchesEdge }.map { Double($0.area) }.sorted()
        let poreStats = Pores(count: pores.count, interiorCount: interior.count,
                              meanArea: interior.isEmpty ? nil : interior.reduce(0, +) / Double(interior.count),
                              medianArea: interior.isEmpty ? nil : interior[interior.count / 2],
                              meanEquivalentDiameter: interior.isEmpty ? nil : interior.map { 2 * ($0 / .pi).squareRoot() }.reduce(0, +) / Double(interior.count))
        let chords = Self.chords(voidMask)
        var notes = warnings
        var physical: Distribution? = nil
        if let c = calibration {
            if abs(c.pixelWidthNM / c.pixelHeightNM - 1) > 0.01 { notes.append("pixels are not square: pore sizes use the mean pixel size") }
            physical = dist.scaled(0.5 * (c.pixelWidthNM + c.pixelHeightNM) / 1000, unit: "µm")
        }
        let disp = try dispersion(solid, image: image)
        let result = Result(width: w, height: h, segmentation: segmentation, voidFraction: voidFraction, solidFraction: 1 - voidFraction,
                            poreSizePixels: dist, poreSizePhysical: physical, pores: poreStats, chordLengthPixels: chords,
                            dispersion: disp,
                            pixelSizeNM: calibration.map { 0.5 * ($0.pixelWidthNM + $0.pixelHeightNM) }, histogramPixels: hist, warnings: notes)
        return Detailed(result: result, solid: solid, poreSize: thickness)
    }

    /// The index at the segmentation used, plus Nicolas et al.'s sweep over the brightest-p % binarisation
    /// (without an image the sweep is the segmentation's own index, at p = 0).
    func dispersion(_ solid: BinaryMask, image: Raster<Float>?) throws(SEMError) -> Dispersion {
        let base = try Self.dispersionIndex(solid, cells: options.gridCells)
        guard let image else {
            return Dispersion(gridCells: options.gridCells, index: base.index, meanCoverage: base.mean, sweepMaximum: base.index, sweepBrightestPercent: 0)
        }
        let sorted = image.samples.sorted()
        var best = -1.0, bestP = 0
        for p in stride(from: 5, through: 95, by: 5) {
            let cut = sorted[min(sorted.count - 1, Int(Double(sorted.count) * (1 - Double(p) / 100)))]
            let m = Threshold.apply(image.samples, width: image.width, height: image.height, level: cut,
                                    darkForeground: options.segmentation.darkForeground)
            guard let id = try? Self.dispersionIndex(m, cells: options.gridCells) else { continue }
            if id.index > best { best = id.index; bestP = p }
        }
        return Dispersion(gridCells: options.gridCells, index: base.index, meanCoverage: base.mean,
                          sweepMaximum: max(best, 0), sweepBrightestPercent: bestP)
    }

    /// Variance/mean of the solid coverage of `cells`×`cells` equal cells.
    public static func dispersionIndex(_ solid: BinaryMask, cells: Int) throws(SEMError) -> GridCoverage {
        let w = solid.width, h = solid.height
        guard cells >= 2, cells <= min(w, h) else { throw .invalidRequest("dispersion grid \(cells)×\(cells) does not fit a \(w)×\(h) image") }
        var coverage: [Double] = []
        for cy in 0..<cells {
            for cx in 0..<cells {
                let x0 = cx * w / cells, x1 = (cx + 1) * w / cells, y0 = cy * h / cells, y1 = (cy + 1) * h / cells
                var on = 0
                for y in y0..<y1 { for x in x0..<x1 where solid.pixels[y * w + x] != 0 { on += 1 } }
                coverage.append(Double(on) / Double((x1 - x0) * (y1 - y0)))
            }
        }
        let mean = coverage.reduce(0, +) / Double(coverage.count)
        let variance = coverage.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(coverage.count)
        return GridCoverage(index: mean > 0 ? variance / mean : 0, mean: mean)
    }

    /// Void runs along rows and columns; runs touching the border are cut and left out.
    static func chords(_ void: BinaryMask) -> Chords {
        let w = void.width, h = void.height
        var horizontal: [Int] = [], vertical: [Int] = []
        for y in 0..<h {
            var x = 0
            while x < w {
                guard void.pixels[y * w + x] != 0 else { x += 1; continue }
                let start = x
                while x < w && void.pixels[y * w + x] != 0 { x += 1 }
                if start > 0 && x < w { horizontal.append(x - start) }
            }
        }
        for x in 0..<w {
            var y = 0
            while y < h {
                guard void.pixels[y * w + x] != 0 else { y += 1; continue }
                let start = y
                while y < h && void.pixels[y * w + x] != 0 { y += 1 }
                if start > 0 && y < h { vertical.append(y - start) }
            }
        }
        func mean(_ a: [Int]) -> Double? { a.isEmpty ? nil : Double(a.reduce(0, +)) / Double(a.count) }
        return Chords(count: horizontal.count + vertical.count, horizontalMean: mean(horizontal), verticalMean: mean(vertical),
                      mean: mean(horizontal + vertical))
    }

    static func distribution(_ v: [Double], unit: String) -> Distribution {
        guard let statistics = SummaryStatistics(v) else {
            return Distribution(statistics: SummaryStatistics(mean: 0, median: 0, standardDeviation: 0, minimum: 0, maximum: 0, count: 0),
                                d10: 0, d90: 0, unit: unit)
        }
        let s = v.sorted()
        return Distribution(statistics: statistics, d10: Statistics.quantile(sorted: s, 0.1),
                            d90: Statistics.quantile(sorted: s, 0.9), unit: unit)
    }
}
