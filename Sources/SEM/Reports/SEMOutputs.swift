// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// The calibration block of every `interphase sem` JSON record (`null` when uncalibrated).
public struct SEMCalibrationOutput: Encodable, Sendable {
    /// Pixel width in ``unit``.
    public var pixelWidth: Double
    /// Pixel height in ``unit``.
    public var pixelHeight: Double
    /// Always "nm".
    public var unit = "nm"
    /// Where the value came from.
    public var source: String
    /// The metadata text it was read from.
    public var raw: String

    init(_ c: SEMCalibration) {
        pixelWidth = c.pixelWidthNM
        pixelHeight = c.pixelHeightNM
        source = c.source
        raw = c.raw
    }
}

/// Fields every SEM record shares: file, calibration (explicit null), data bar, tilt.
struct SEMCommon: Encodable {
    var file: String
    var calibration: SEMCalibrationOutput?
    var databarRows: Int
    var databarSource: String
    var tiltDegrees: Double?
    var width: Int
    var height: Int

    init(file: String, micrograph m: Micrograph) {
        self.file = file
        calibration = m.calibration.map(SEMCalibrationOutput.init)
        databarRows = m.databarRows
        databarSource = m.databarSource
        tiltDegrees = m.metadata?.tiltDegrees
        width = m.width
        height = m.height
    }

    enum Keys: String, CodingKey { case file, calibration, databarRows, databarSource, tiltDegrees, width, height }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(file, forKey: .file)
        try c.encode(calibration, forKey: .calibration)
        try c.encode(databarRows, forKey: .databarRows)
        try c.encode(databarSource, forKey: .databarSource)
        try c.encodeIfPresent(tiltDegrees, forKey: .tiltDegrees)
        try c.encode(width, forKey: .width)
        try c.encode(height, forKey: .height)
    }
}

/// Orientation summary for JSON: the structure tensor's result, the Fourier route's peaks, and both merged.
public struct SEMOrientationSummary: Encodable, Sendable {
    /// The dominant directions of both routes merged (``OrientationAnalysis/combined(_:_:)``).
    public var dominantAngles: [OrientationAnalysis.Peak]
    /// The structure tensor's circular mean, degrees.
    public var meanAngle: Double
    /// The structure tensor's order parameter: 1 aligned, 0 isotropic.
    public var orderParameter: Double
    /// The structure tensor's mean coherency over the counted pixels.
    public var meanCoherency: Double?
    /// The structure tensor's full result.
    public var structureTensor: OrientationAnalysis.Result
    /// The Fourier route's full result.
    public var fourier: OrientationAnalysis.Result
    /// How angles are measured, written into the JSON so that readers need not guess.
    public var convention = "degrees counter-clockwise from horizontal, y down, in [-90, 90) (OrientationJ)"

    /// The summary of the two routes' results.
    public init(tensor: OrientationAnalysis.Result, fourier: OrientationAnalysis.Result) {
        dominantAngles = OrientationAnalysis.combined(tensor, fourier)
        meanAngle = tensor.meanAngle
        orderParameter = tensor.orderParameter
        meanCoherency = tensor.meanCoherency
        structureTensor = tensor
        self.fourier = fourier
    }
}

/// JSON of `interphase sem fibers` for one image (contract: calibration, diameter or null,
/// diameterPixels, orientation, voidFraction).
public struct SEMFibersOutput: Encodable, Sendable {
    /// Length-weighted statistics scaled by `scale` (1, or µm per pixel), with `count` samples.
    static func diameter(_ s: SummaryStatistics, scale: Double = 1, count: Int, unit: String,
                         segmentationUncertainty: Double? = nil) -> ReportedStatistics {
        var scaled = s.scaled(by: scale)
        scaled.count = count
        return ReportedStatistics(scaled, unit: unit, segmentationUncertainty: segmentationUncertainty)
    }

    var common: SEMCommon
    /// The length-weighted diameters in µm with the sweep's uncertainty (null when uncalibrated).
    public var diameter: ReportedStatistics?
    /// The same in pixels: the sub-pixel half-level widths (or 2·EDT, as ``diameterMethod`` says).
    public var diameterPixels: ReportedStatistics
    /// 2·EDT on the skeleton (the DiameterJ and SIMPoly convention), the cross-check.
    public var diameterPixelsEDT: ReportedStatistics
    /// ``diameterPixelsEDT`` in µm (null when uncalibrated).
    public var diameterEDT: ReportedStatistics?
    /// "half-level edges" or "2·EDT".
    public var diameterMethod: String
    /// DiameterJ's super-pixel estimate, pixels.
    public var superPixelDiameterPixels: Double
    /// The same in µm (null when uncalibrated).
    public var superPixelDiameter: Double?
    /// The orientation by both routes (nil when not asked for).
    public var orientation: SEMOrientationSummary?
    /// The void area fraction of the mask.
    public var voidFraction: Double
    /// The fibre area fraction of the mask.
    public var fibreFraction: Double
    /// The level used, as text ("otsu 97.4", "level 90.0", "given mask").
    public var segmentation: String
    /// The threshold sweep (nil when not asked for or not possible).
    public var thresholdSweep: FiberAnalysis.SweepResult?
    /// The analysis the record is written from (its junctions, histogram, segments and warnings).
    public var result: FiberAnalysis.Result

    /// The record of one micrograph's analysis.
    public init(file: String, micrograph m: Micrograph, result r: FiberAnalysis.Result, segmentation: String,
                orientation: SEMOrientationSummary? = nil, sweep: FiberAnalysis.SweepResult? = nil) {
        common = SEMCommon(file: file, micrograph: m)
        let count = r.diameterMethod == "2·EDT" ? r.samples : r.edgeSamples
        diameterPixels = Self.diameter(r.diameterPixels, count: count, unit: "px", segmentationUncertainty: sweep?.halfRangePixels)
        diameterPixelsEDT = Self.diameter(r.diameterPixelsEDT, count: r.samples, unit: "px")
        diameterMethod = r.diameterMethod
        superPixelDiameterPixels = r.superPixelDiameter
        if let s = r.pixelSizeNM.map({ $0 / 1000 }) {
            diameter = Self.diameter(r.diameterPixels, scale: s, count: count, unit: "µm", segmentationUncertainty: sweep.map { $0.halfRangePixels * s })
            diameterEDT = Self.diameter(r.diameterPixelsEDT, scale: s, count: r.samples, unit: "µm")
            superPixelDiameter = r.superPixelDiameter * s
        }
        self.orientation = orientation
        voidFraction = r.porosity
        fibreFraction = r.fibreFraction
        self.segmentation = segmentation
        thresholdSweep = sweep
        result = r
    }

    enum Keys: String, CodingKey {
        case diameter, diameterPixels, diameterMethod, diameterEDT, diameterPixelsEDT, superPixelDiameterPixels, superPixelDiameter, orientation, voidFraction, fibreFraction,
             segmentation, layer, thresholdSweep, junctions, endPoints, junctionDensityPerSquareMicron, junctionsPer10kPixels,
             centreLineLengthPixels, histogramPixels, segments, warnings
    }

    /// Per-fibre segments: count, length-weighted mean of the segment means, and the list (pixels),
    /// which ``JSONOutput`` writes directly.
    struct Segments: Encodable {
        var count: Int
        var measured: Int
        var meanLengthPixels: Double?
        var list: [FiberAnalysis.Segment]

        enum CodingKeys: String, CodingKey { case count, measured, meanLengthPixels, list }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(count, forKey: .count)
            try c.encode(measured, forKey: .measured)
            try c.encodeIfPresent(meanLengthPixels, forKey: .meanLengthPixels)
            try JSONOutput.encodeRecords(list, forKey: .list, in: &c, encoder: encoder)
        }
    }

    public func encode(to encoder: Encoder) throws {
        try common.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(diameter, forKey: .diameter)
        try c.encode(diameterPixels, forKey: .diameterPixels)
        try c.encode(diameterMethod, forKey: .diameterMethod)
        try c.encode(diameterEDT, forKey: .diameterEDT)
        try c.encode(diameterPixelsEDT, forKey: .diameterPixelsEDT)
        try c.encode(superPixelDiameterPixels, forKey: .superPixelDiameterPixels)
        try c.encode(superPixelDiameter, forKey: .superPixelDiameter)
        try c.encodeIfPresent(orientation, forKey: .orientation)
        try c.encode(voidFraction, forKey: .voidFraction)
        try c.encode(fibreFraction, forKey: .fibreFraction)
        try c.encode(segmentation, forKey: .segmentation)
        try c.encodeIfPresent(result.layer, forKey: .layer)
        try c.encodeIfPresent(thresholdSweep, forKey: .thresholdSweep)
        try c.encode(result.junctions, forKey: .junctions)
        try c.encode(result.endPoints, forKey: .endPoints)
        try c.encode(result.junctionDensityPerSquareMicron, forKey: .junctionDensityPerSquareMicron)
        try c.encode(result.junctionsPer10kPixels, forKey: .junctionsPer10kPixels)
        try c.encode(result.centreLineLength, forKey: .centreLineLengthPixels)
        try c.encode(result.histogram, forKey: .histogramPixels)
        let segs = result.segments
        try c.encode(Segments(count: segs.count, measured: segs.filter { $0.meanDiameter != nil }.count,
                              meanLengthPixels: segs.isEmpty ? nil : segs.reduce(0) { $0 + $1.length } / Double(segs.count), list: segs),
                     forKey: .segments)
        try c.encode(result.warnings, forKey: .warnings)
    }
}

/// JSON of `interphase sem porosity` (contract: voidFraction, poreSize).
public struct SEMPorosityOutput: Encodable, Sendable {
    var common: SEMCommon
    /// The analysis the record is written from.
    public var result: PorosityAnalysis.Result

    /// The record of `result` for the micrograph read from `file`.
    public init(file: String, micrograph m: Micrograph, result: PorosityAnalysis.Result) {
        common = SEMCommon(file: file, micrograph: m)
        self.result = result
    }

    enum Keys: String, CodingKey { case voidFraction, solidFraction, poreSize, poreSizePixels, pores, chordLengthPixels, dispersion, segmentation, histogramPixels, warnings }

    public func encode(to encoder: Encoder) throws {
        try common.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(result.voidFraction, forKey: .voidFraction)
        try c.encode(result.solidFraction, forKey: .solidFraction)
        // poreSize: physical (µm) when calibrated, else pixels; both blocks carry their unit.
        try c.encode(result.poreSizePhysical ?? result.poreSizePixels, forKey: .poreSize)
        try c.encode(result.poreSizePixels, forKey: .poreSizePixels)
        try c.encode(result.pores, forKey: .pores)
        try c.encode(result.chordLengthPixels, forKey: .chordLengthPixels)
        try c.encode(result.dispersion, forKey: .dispersion)
        try c.encode(result.segmentation, forKey: .segmentation)
        try c.encode(result.histogramPixels, forKey: .histogramPixels)
        try c.encode(result.warnings, forKey: .warnings)
    }
}

/// JSON of `interphase sem orientation`.
public struct SEMOrientationOutput: Encodable, Sendable {
    var common: SEMCommon
    /// The orientation by both routes.
    public var orientation: SEMOrientationSummary

    /// The record of `orientation` for the micrograph read from `file`.
    public init(file: String, micrograph m: Micrograph, orientation: SEMOrientationSummary) {
        common = SEMCommon(file: file, micrograph: m)
        self.orientation = orientation
    }

    public func encode(to encoder: Encoder) throws {
        try common.encode(to: encoder)
        try orientation.encode(to: encoder)
    }
}

/// JSON of `interphase sem thickness`.
public struct SEMThicknessOutput: Encodable, Sendable {
    var common: SEMCommon
    /// The analysis the record is written from.
    public var result: DepositThickness.Result

    /// The record of `result` for the micrograph read from `file`.
    public init(file: String, micrograph m: Micrograph, result: DepositThickness.Result) {
        common = SEMCommon(file: file, micrograph: m)
        self.result = result
    }

    enum Keys: String, CodingKey { case thickness, thicknessPixels, coverage, phase, levels, tiltCorrection, metadataTiltDegrees, top, bottom, warnings }

    public func encode(to encoder: Encoder) throws {
        try common.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(result.thickness.map { ReportedStatistics($0, unit: "µm") }, forKey: .thickness)
        try c.encode(ReportedStatistics(result.thicknessPixels, unit: "px"), forKey: .thicknessPixels)
        try c.encode(result.coverage, forKey: .coverage)
        try c.encode(result.phase, forKey: .phase)
        try c.encode(result.levels, forKey: .levels)
        try c.encodeIfPresent(result.tiltCorrection, forKey: .tiltCorrection)
        try c.encodeIfPresent(result.metadataTiltDegrees, forKey: .metadataTiltDegrees)
        try c.encode(result.top, forKey: .top)
        try c.encode(result.bottom, forKey: .bottom)
        try c.encode(result.warnings, forKey: .warnings)
    }
}

extension FiberAnalysis.Segment: FlatJSONRecord {
    public func forEachJSONField(_ body: (String, JSONNumber) -> Void) {
        body("length", .double(length))
        if let meanDiameter { body("meanDiameter", .double(meanDiameter)) }
        body("samples", .int(samples))
    }
}
