// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// How a micrograph file is read for an analysis: the calibration, data-bar and page choices every
/// `interphase sem` command shares.
public struct MicrographLoading: Sendable {
    /// Overrides the file's pixel size (nil: from the metadata, else uncalibrated).
    public var pixelSize: SEMCalibration? = nil
    /// Rows of data bar to drop at the bottom (nil: from the metadata, else detected; a mask has
    /// none unless given).
    public var databar: Int? = nil
    /// Page of a multi-page TIFF, from 1.
    public var page = 1

    /// The command's defaults.
    public init() {}

    /// Reads the file. `isMask`: the image is a binary mask (no data bar unless one is given).
    public func load(_ path: String, isMask: Bool = false) throws -> Micrograph {
        try load(bytes: try readFileBytes(path), name: path, isMask: isMask)
    }

    /// The same from the file's bytes already in memory; `name` is what messages and records call it.
    public func load(bytes: [UInt8], name: String, isMask: Bool = false) throws -> Micrograph {
        guard page >= 1 else { throw SEMError.invalidRequest("pages count from 1; got \(page)") }
        return try Micrograph(path: name, bytes: bytes, pixelSize: pixelSize, databar: databar ?? (isMask ? 0 : nil), page: page - 1)
    }
}

extension Segmentation {
    /// A mask made elsewhere (Fiji, another program): the foreground is above the middle of the
    /// image's grey range (below it with `darkForeground`), with no preprocessing or clean-up.
    public static func presegmented(_ m: Micrograph, darkForeground: Bool) -> Segmentation {
        var s = Segmentation()
        s.smoothing = 0
        let (lo, hi) = m.grey.range ?? (0, 1)
        s.level = lo + (hi - lo) / 2
        s.darkForeground = darkForeground
        return s
    }
}

/// Fibre diameters, orientation and void fraction of an electrospun mat as `interphase sem fibers`
/// measures them, with its defaults: the grey image smoothed (σ 1 px), levelled when the
/// background varies, thresholded by Otsu, cleaned of noise holes and specks; sub-pixel widths
/// along the pruned centre lines with 2·EDT beside them; the threshold sweep; both orientation
/// routes.
///
///     let outcome = try SEMFiberMeasurement().measure(path: "mat.tif")
///     print(outcome.output.diameterPixels.mean, outcome.output.diameter?.mean ?? .nan)
///
/// The command line is this type's options plus printing: the same file gives the same numbers.
public struct SEMFiberMeasurement: Sendable {
    /// Calibration, data bar and page (``MicrographLoading``).
    public var loading = MicrographLoading()
    /// Preprocessing, threshold and clean-up (``FiberAnalysis/Options/segmentation`` by default).
    /// Its `darkForeground` says whether the fibres are darker than the background.
    public var segmentation = FiberAnalysis.Options().segmentation
    /// The input is already a binary fibre mask (``Segmentation/presegmented(_:darkForeground:)``):
    /// no sweep, no data bar unless one is given.
    public var inputIsMask = false
    /// The threshold sweep (the segmentation part of the uncertainty).
    public var sweep = true
    /// The orientation by both routes (about 40 % of the time on a large mat).
    public var orientation = true
    /// The layer measured on a multi-layer mat (``FiberAnalysis/Layer``).
    public var layer = FiberAnalysis.Layer.all

    /// The command's defaults.
    public init() {}

    /// What a measurement gives: the record the command prints as JSON, and what a figure or a
    /// further analysis needs (image-shaped, not in the JSON).
    public struct Outcome: Sendable {
        /// `Encodable`: exactly the command's JSON record.
        public var output: SEMFibersOutput
        /// The micrograph as analysed (data bar cropped, calibration applied).
        public var micrograph: Micrograph
        /// The fibre mask the diameters were measured on.
        public var mask: BinaryMask
        /// The pruned centre lines.
        public var skeleton: BinaryMask
        /// The analysis's own result (the record holds it too).
        public var result: FiberAnalysis.Result { output.result }
        /// The diameters as an image (``FiberAnalysis/Result/diameterMap()``), made on request: it is
        /// four bytes per pixel.
        public func diameterMap() -> Raster<Float> { output.result.diameterMap() }
    }

    /// Reads the file (``MicrographLoading``) and measures it.
    public func measure(path: String) throws -> Outcome {
        try measure(try loading.load(path, isMask: inputIsMask), file: path)
    }

    /// A micrograph already in memory (`file`: the name the record carries).
    public func measure(_ m: Micrograph, file: String? = nil) throws(SEMError) -> Outcome {
        if inputIsMask && layer == .top {
            throw .invalidRequest("the top-layer criterion reads the grey levels along the centre lines, which a mask does not have: give the micrograph")
        }
        var options = FiberAnalysis.Options()
        options.segmentation = inputIsMask ? .presegmented(m, darkForeground: segmentation.darkForeground) : segmentation
        options.layer = layer
        let analysis = FiberAnalysis(options: options)
        let doSweep = sweep && !inputIsMask
        let r: FiberAnalysis.Result, mask: BinaryMask, skeleton: BinaryMask, s: FiberAnalysis.SweepResult?
        var summary: SEMOrientationSummary? = nil
        if orientation {
            let analysed = try analysis.analyseWithOrientation(m, sweep: doSweep)
            (r, mask, skeleton, s) = (analysed.result, analysed.mask, analysed.skeleton, analysed.sweep)
            summary = SEMOrientationSummary(tensor: analysed.structureTensor, fourier: analysed.fourier)
        } else {
            let d = try analysis.analyseWithSweep(m, sweep: doSweep, concurrently: true)
            (r, mask, skeleton, s) = (d.result, d.mask, d.skeleton, d.sweep)
        }
        let description = inputIsMask ? "given mask" : options.segmentation.level.map { "level \($0)" } ?? options.segmentation.method.rawValue + " \(r.threshold)"
        let output = SEMFibersOutput(file: file ?? m.path, micrograph: m, result: r, segmentation: description, orientation: summary, sweep: s)
        return Outcome(output: output, micrograph: m, mask: mask, skeleton: skeleton)
    }
}

/// Void fraction, pore sizes, chords and the index of dispersion as `interphase sem porosity`
/// measures them. The solid is the bright phase unless the segmentation's `darkForeground`.
/// No automatic levelling by default: a porosity image's solid regions can be wider than any ball
/// that follows the illumination.
public struct SEMPorosityMeasurement: Sendable {
    /// Calibration, data bar and page (``MicrographLoading``).
    public var loading = MicrographLoading()
    /// Preprocessing and threshold (``Segmentation``; Otsu, no levelling, by default).
    public var segmentation = Segmentation()
    /// The input is already a binary mask of the solid.
    public var inputIsMask = false
    /// Grid cells per side for the index of dispersion.
    public var gridCells = 8

    /// The command's defaults.
    public init() {}

    /// What a measurement gives: the record the command prints as JSON, and what a figure or a
    /// further analysis needs.
    public struct Outcome: Sendable {
        /// `Encodable`: exactly the command's JSON record.
        public var output: SEMPorosityOutput
        /// The micrograph as analysed (data bar cropped, calibration applied).
        public var micrograph: Micrograph
        /// The solid phase as segmented.
        public var solid: BinaryMask
        /// The local thickness of the void at each pixel (pore diameter, pixels; 0 on the solid).
        public var poreSize: [Float]
        /// The analysis's own result (the record holds it too).
        public var result: PorosityAnalysis.Result { output.result }
    }

    /// Reads the file (``MicrographLoading``) and measures it.
    public func measure(path: String) throws -> Outcome {
        try measure(try loading.load(path, isMask: inputIsMask), file: path)
    }

    /// A micrograph already in memory (`file`: the name the record carries).
    public func measure(_ m: Micrograph, file: String? = nil) throws(SEMError) -> Outcome {
        var options = PorosityAnalysis.Options()
        options.gridCells = gridCells
        options.segmentation = inputIsMask ? .presegmented(m, darkForeground: segmentation.darkForeground) : segmentation
        let d = try PorosityAnalysis(options: options).analyse(m)
        let (r, solid, sizes) = (d.result, d.solid, d.poreSize)
        return Outcome(output: SEMPorosityOutput(file: file ?? m.path, micrograph: m, result: r), micrograph: m, solid: solid, poreSize: sizes)
    }
}

/// The orientation distribution by the structure tensor (OrientationJ conventions) and the power
/// spectrum, as `interphase sem orientation` measures it.
public struct SEMOrientationMeasurement: Sendable {
    /// Calibration, data bar and page (``MicrographLoading``).
    public var loading = MicrographLoading()
    /// Gradient and tensor scales, and the minimum coherency counted.
    public var options = OrientationAnalysis.Options()

    /// The command's defaults.
    public init() {}

    /// What a measurement gives: the record the command prints as JSON, and what a figure or a
    /// further analysis needs.
    public struct Outcome: Sendable {
        /// `Encodable`: exactly the command's JSON record.
        public var output: SEMOrientationOutput
        /// The micrograph as analysed (data bar cropped, calibration applied).
        public var micrograph: Micrograph
        /// Both routes' results merged (the record holds it too).
        public var summary: SEMOrientationSummary { output.orientation }
    }

    /// Reads the file (``MicrographLoading``) and measures it.
    public func measure(path: String) throws -> Outcome {
        try measure(try loading.load(path), file: path)
    }

    /// A micrograph already in memory (`file`: the name the record carries).
    public func measure(_ m: Micrograph, file: String? = nil) throws(SEMError) -> Outcome {
        let summary = SEMOrientationSummary(tensor: try OrientationAnalysis.structureTensor(m.grey, options: options),
                                            fourier: try OrientationAnalysis.fourier(m.grey, options: options))
        return Outcome(output: SEMOrientationOutput(file: file ?? m.path, micrograph: m, orientation: summary), micrograph: m)
    }
}

/// Deposit thickness along a cross-section, column by column, as `interphase sem thickness`
/// measures it.
public struct SEMThicknessMeasurement: Sendable {
    /// Calibration, data bar and page (``MicrographLoading``).
    public var loading = MicrographLoading()
    /// The deposit's grey class, tilt, bridged gaps.
    public var options = DepositThickness.Options()

    /// The command's defaults.
    public init() {}

    /// What a measurement gives: the record the command prints as JSON, and what a figure or a
    /// further analysis needs.
    public struct Outcome: Sendable {
        /// `Encodable`: exactly the command's JSON record.
        public var output: SEMThicknessOutput
        /// The micrograph as analysed (data bar cropped, calibration applied).
        public var micrograph: Micrograph
        /// The analysis's own result (the record holds it too).
        public var result: DepositThickness.Result { output.result }
    }

    /// Reads the file (``MicrographLoading``) and measures it.
    public func measure(path: String) throws -> Outcome {
        try measure(try loading.load(path), file: path)
    }

    /// A micrograph already in memory (`file`: the name the record carries).
    public func measure(_ m: Micrograph, file: String? = nil) throws(SEMError) -> Outcome {
        Outcome(output: SEMThicknessOutput(file: file ?? m.path, micrograph: m, result: try DepositThickness(options: options).analyse(m)), micrograph: m)
    }
}
