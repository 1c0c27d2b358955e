// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Interphase

struct SEMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sem",
        abstract: "SEM: calibrated fibre diameters, orientation, porosity and deposit thickness.",
        discussion: """
        The pixel size comes from the file (FEI [Scan] PixelWidth, Zeiss Image Pixel Size, TESCAN PixelSizeX) unless \
        --pixel-size is given; without either, results are in pixels only. The data bar is cropped from the metadata \
        (FEI ResolutionY) or detected. With several images and --json -, one JSON object per line, in input order.
        """,
        subcommands: [SEMFibersCommand.self, SEMPorosityCommand.self, SEMOrientationCommand.self, SEMThicknessCommand.self]
    )
}

/// Calibration and data-bar options shared by every `sem` command.
struct MicrographOptions: ParsableArguments {
    @Option(help: "Pixel size with its unit, e.g. 50nm or 0.05µm (overrides the metadata).", transform: Arguments.pixelSize)
    var pixelSize: SEMCalibration?

    @Option(help: "Rows of data bar to drop at the bottom (default: from metadata, else detected).")
    var databar: Int?

    @Option(help: "Page of a multi-page TIFF, from 1 (ImageJ stacks, Olympus SIS).")
    var page: Int = 1

    func validate() throws {
        guard page >= 1 else { throw ValidationError("--page counts from 1") }
    }

    var loading: MicrographLoading {
        var l = MicrographLoading()
        l.pixelSize = pixelSize
        l.databar = databar
        l.page = page
        return l
    }
}

/// Preprocessing and threshold options shared by the segmenting commands.
struct SegmentationOptions: ParsableArguments {
    @Option(help: "Threshold in grey levels (default: --threshold-method).")
    var threshold: Float?

    @Option(help: "Threshold method (otsu-top: the brightest of three Otsu classes, the top layer of a multi-layer mat).")
    var thresholdMethod: Threshold.Method = .otsu

    @Option(help: "Window (odd, pixels) and k of Sauvola/Niblack.")
    var window: Int = 15
    @Option(help: "k of Sauvola/Niblack.")
    var k: Double = 0.2

    @Option(help: "Gaussian smoothing σ in pixels before thresholding (0: none).")
    var smoothing: Double = 1

    @Option(help: "Median filter radius in pixels before thresholding (0: none).")
    var median: Double = 0

    @Option(help: "Rolling-ball (sliding paraboloid) background subtraction radius in pixels; 0 turns off the automatic levelling 'sem fibers' applies when the background varies across the field.")
    var rollingBall: Double?

    @Option(help: "ImageJ FFT bandpass: LARGE,SMALL structure sizes in pixels, e.g. 40,3.")
    var bandpass: String?

    @Option(help: "Morphological opening radius in pixels after thresholding (0: none).")
    var open: Double = 0

    @Flag(help: "Fill holes in the foreground.")
    var fillHoles = false

    @Option(help: "Remove foreground objects smaller than this many pixels.")
    var minArea: Int = 0

    func validate() throws {
        guard Segmentation.smoothingLimits.contains(smoothing) else { throw ValidationError("--smoothing must be between 0 and 50 pixels") }
        guard Segmentation.medianLimits.contains(median) else { throw ValidationError("--median must be between 0 and 20 pixels") }
        if let bandpass { _ = try parsedBandpass(bandpass) }
    }

    func parsedBandpass(_ text: String) throws -> Segmentation.BandpassSizes {
        let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, parts[0] > parts[1], parts[1] >= 0 else {
            throw ValidationError("--bandpass needs LARGE,SMALL in pixels with LARGE > SMALL ≥ 0, e.g. 40,3; got '\(text)'")
        }
        return Segmentation.BandpassSizes(large: parts[0], small: parts[1])
    }

    /// The task's segmentation with the options given on the command line. A rolling-ball radius
    /// given replaces the automatic levelling (0: none at all).
    func apply(to base: Segmentation, darkForeground: Bool) throws -> Segmentation {
        var s = base
        s.level = threshold
        s.method = thresholdMethod
        s.window = window
        s.k = k
        s.smoothing = smoothing
        s.medianRadius = median
        if let rollingBall {
            s.rollingBall = rollingBall == 0 ? nil : rollingBall
            s.autoLevel = false
        }
        s.bandpass = try bandpass.map(parsedBandpass)
        s.openRadius = open
        s.fillHoles = fillHoles
        s.minObjectArea = minArea
        s.darkForeground = darkForeground
        return s
    }
}

struct SEMFibersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fibers",
        abstract: "Fibre diameters (half-level edges across the centre line, 2·EDT beside them; junctions left out), orientation, void fraction and junctions.",
        discussion: """
        The diameter's segmentation uncertainty is half the spread of the mean over a threshold sweep (±5 % and ±10 % \
        of the grey range around the level); --no-sweep skips it. The orientation is measured by both routes of \
        `sem orientation`, the structure tensor over the fibre mask; --no-orientation skips it (about 40 % of the \
        CPU time on a large mat). --mask takes the image as a binary mask (foreground \
        above mid-grey, or below with --dark-fibres).
        """
    )

    @Argument(help: "TIFF or PNG micrographs (or masks with --mask).")
    var images: [String]

    @OptionGroup var micrograph: MicrographOptions
    @OptionGroup var segmentationOptions: SegmentationOptions

    @Flag(help: "The input is already a binary fibre mask.")
    var mask = false

    @Flag(help: "Fibres are darker than the background.")
    var darkFibres = false

    @Option(help: "Layer measured on a multi-layer mat (top: only centre-line segments whose median grey reaches the upper level of a three-class Otsu; the dimmer layers below are left out and drawn violet).")
    var layer: FiberAnalysis.Layer = .all

    @Flag(help: "Skip the threshold sweep.")
    var noSweep = false

    @Flag(help: "Skip the orientation analysis (diameters only).")
    var noOrientation = false

    @Option(help: "Write the result as JSON ('-' for standard output).")
    var json: String?

    @Option(help: "Write a figure (PNG, SVG or PDF): the image with centre lines and the diameter histogram.")
    var report: String?

    @Option(help: "Write the fibre mask as an 8-bit TIFF (255 = fibre), with the image's calibration.")
    var saveMask: String?

    @Option(help: "Write the pruned centre lines as an 8-bit TIFF (255 = centre line).")
    var saveSkeleton: String?

    @Option(help: "Write the diameters as a 32-bit float TIFF: each measured centre-line pixel holds its diameter (µm when calibrated, else px), all others NaN.")
    var saveDiameterMap: String?

    func run() throws {
        var outputs: [SEMFibersOutput] = []
        var task = SEMFiberMeasurement()
        task.loading = micrograph.loading
        task.inputIsMask = mask
        task.segmentation = try segmentationOptions.apply(to: task.segmentation, darkForeground: darkFibres)
        task.sweep = !noSweep
        task.orientation = !noOrientation
        task.layer = layer
        for file in images {
            let outcome = try FileError.naming(file) { try task.measure(path: file) }
            let m = outcome.micrograph, r = outcome.result, skeleton = outcome.skeleton, fibreMask = outcome.mask
            let sweep = outcome.output.thresholdSweep, orientation = outcome.output.orientation
            outputs.append(outcome.output)
            if let report {
                let path = Output.reportPath(report, for: file, inputs: images.count)
                try SEMFigures.fibers(m, r, skeleton: skeleton, title: URL(fileURLWithPath: file).lastPathComponent).write(to: path)
            }
            let pixelSize = m.calibration.map { (x: $0.pixelWidthNM, y: $0.pixelHeightNM) }
            if let saveMask { try TIFFWriter.write(fibreMask.raster, to: Output.reportPath(saveMask, for: file, inputs: images.count), pixelSizeNM: pixelSize) }
            if let saveSkeleton { try TIFFWriter.write(skeleton.raster, to: Output.reportPath(saveSkeleton, for: file, inputs: images.count), pixelSizeNM: pixelSize) }
            if let saveDiameterMap {
                try TIFFWriter.write(outcome.diameterMap(), to: Output.reportPath(saveDiameterMap, for: file, inputs: images.count), pixelSizeNM: pixelSize)
            }
            if json == nil {
                var line = "\(file): \(r.width)×\(r.height) px (data bar \(m.databarRows) rows, \(m.databarSource)), void fraction "
                    + String(format: "%.3f, diameter %.2f ± %.2f px (median %.2f)", r.porosity, r.diameterPixels.mean,
                             r.diameterPixels.standardDeviation, r.diameterPixels.median)
                if let sweep { line += String(format: ", threshold sweep ±%.2f px", sweep.halfRangePixels) }
                if let nm = r.diameterNM, let src = r.calibrationSource {
                    line += String(format: " = %.4g ± %.2g µm", nm.mean / 1000, nm.standardDeviation / 1000) + " (pixel size from " + src + ")"
                }
                if let orientation { line += String(format: "; orientation %.1f°, order %.2f", orientation.meanAngle, orientation.orderParameter) }
                print(line)
                for w in r.warnings { print("  warning: \(w)") }
            }
        }
        if let json { try Output.writeJSONRecords(outputs, to: json) }
    }
}

struct SEMPorosityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "porosity",
        abstract: "Void fraction, pore sizes (exact local thickness), pores, chord lengths and the index of dispersion.",
        discussion: """
        The solid (fibres, deposit) is the bright phase unless --dark-solid. Pore sizes are area-weighted diameters of \
        the largest disc that fits in the void; the index of dispersion (variance/mean of solid coverage over a grid) \
        also comes from Nicolas et al.'s sweep over the brightest 5–95 % of pixels.
        """
    )

    @Argument(help: "TIFF or PNG micrographs (or masks with --mask).")
    var images: [String]

    @OptionGroup var micrograph: MicrographOptions
    @OptionGroup var segmentationOptions: SegmentationOptions

    @Flag(help: "The input is already a binary mask of the solid.")
    var mask = false

    @Flag(help: "The solid is darker than the void.")
    var darkSolid = false

    @Option(help: "Grid cells per side for the index of dispersion.")
    var grid: Int = 8

    @Option(help: "Write the result as JSON ('-' for standard output).")
    var json: String?

    @Option(help: "Write a figure: the void tinted by pore size, and the pore-size histogram.")
    var report: String?

    func run() throws {
        var outputs: [SEMPorosityOutput] = []
        var task = SEMPorosityMeasurement()
        task.loading = micrograph.loading
        task.inputIsMask = mask
        task.gridCells = grid
        task.segmentation = try segmentationOptions.apply(to: task.segmentation, darkForeground: darkSolid)
        for file in images {
            let outcome = try FileError.naming(file) { try task.measure(path: file) }
            let m = outcome.micrograph, r = outcome.result, sizes = outcome.poreSize
            outputs.append(outcome.output)
            if let report {
                try SEMFigures.porosity(m, r, poreSize: sizes, title: URL(fileURLWithPath: file).lastPathComponent)
                    .write(to: Output.reportPath(report, for: file, inputs: images.count))
            }
            if json == nil {
                let size = r.poreSizePhysical ?? r.poreSizePixels
                print("\(file): void fraction " + String(format: "%.3f", r.voidFraction) + ", pore size median "
                      + String(format: "%.3g", size.median) + " " + size.unit + " (d10 " + String(format: "%.3g", size.d10) + ", d90 "
                      + String(format: "%.3g", size.d90) + "), \(r.pores.count) pores, index of dispersion "
                      + String(format: "%.3g (sweep max %.3g at the brightest %d %%)", r.dispersion.index, r.dispersion.sweepMaximum, r.dispersion.sweepBrightestPercent))
                for w in r.warnings { print("  warning: \(w)") }
            }
        }
        if let json { try Output.writeJSONRecords(outputs, to: json) }
    }
}

struct SEMOrientationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orientation",
        abstract: "Orientation distribution: structure tensor (OrientationJ conventions) and power spectrum.",
        discussion: """
        Angles are degrees counter-clockwise from the horizontal with y down, in [-90, 90). dominantAngles lists the \
        peaks of either route (a power-spectrum peak within 3° of a tensor peak is merged into it).
        """
    )

    @Argument(help: "TIFF or PNG micrographs.")
    var images: [String]

    @OptionGroup var micrograph: MicrographOptions

    @Option(help: "σ of the derivative-of-Gaussian gradient, pixels.")
    var gradientSigma: Double = 1

    @Option(help: "σ of the tensor's local window, pixels.")
    var tensorSigma: Double = 2

    @Option(help: "Minimum coherency for a pixel to count.")
    var minCoherency: Double = 0.1

    @Option(help: "Write the result as JSON ('-' for standard output).")
    var json: String?

    @Option(help: "Write a figure with both orientation histograms.")
    var report: String?

    func run() throws {
        var outputs: [SEMOrientationOutput] = []
        var task = SEMOrientationMeasurement()
        task.loading = micrograph.loading
        task.options.gradientSigma = gradientSigma
        task.options.tensorSigma = tensorSigma
        task.options.minCoherency = minCoherency
        for file in images {
            let outcome = try FileError.naming(file) { try task.measure(path: file) }
            let summary = outcome.summary
            outputs.append(outcome.output)
            if let report {
                try SEMFigures.orientation(summary, title: URL(fileURLWithPath: file).lastPathComponent)
                    .write(to: Output.reportPath(report, for: file, inputs: images.count))
            }
            if json == nil {
                print("\(file): dominant " + summary.dominantAngles.map { String(format: "%.1f°", $0.angle) }.joined(separator: ", ")
                      + String(format: "; mean %.1f°, order parameter %.2f, coherency %.2f", summary.meanAngle, summary.orderParameter, summary.meanCoherency ?? 0))
            }
        }
        if let json { try Output.writeJSONRecords(outputs, to: json) }
    }
}

struct SEMThicknessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thickness",
        abstract: "Deposit thickness along a cross-section, column by column.",
        discussion: """
        The deposit is the middle grey class by default (void dark above, substrate bright below); --phase dark|bright \
        for two-phase images. Thin bright edge-effect rims between the void and the deposit are counted in the deposit. \
        --tilt divides heights by sin(tilt) for a face viewed at that angle.
        """
    )

    @Argument(help: "TIFF or PNG cross-section micrographs.")
    var images: [String]

    @OptionGroup var micrograph: MicrographOptions

    @Option(help: "The deposit's grey class.")
    var phase: DepositThickness.Phase = .middle

    @Option(help: "Viewing angle of the cross-section face in degrees (heights ÷ sin θ).")
    var tilt: Double?

    @Option(help: "Gaps (pores) up to this many pixels inside the deposit are bridged.")
    var bridge: Int = 10

    @Option(help: "Write the result as JSON ('-' for standard output).")
    var json: String?

    @Option(help: "Write a figure: the boundaries on the image and the thickness profile.")
    var report: String?

    func validate() throws {
        if let tilt, !(tilt > 0 && tilt <= 90) { throw ValidationError("--tilt must be in (0, 90] degrees") }
        guard bridge >= 0 else { throw ValidationError("--bridge must be ≥ 0") }
    }

    func run() throws {
        var outputs: [SEMThicknessOutput] = []
        var task = SEMThicknessMeasurement()
        task.loading = micrograph.loading
        task.options.phase = phase
        task.options.tiltDegrees = tilt
        task.options.bridge = bridge
        for file in images {
            let outcome = try FileError.naming(file) { try task.measure(path: file) }
            let m = outcome.micrograph, r = outcome.result
            outputs.append(outcome.output)
            if let report {
                try SEMFigures.thickness(m, r, title: URL(fileURLWithPath: file).lastPathComponent)
                    .write(to: Output.reportPath(report, for: file, inputs: images.count))
            }
            if json == nil {
                let t = r.thickness ?? r.thicknessPixels
                print("\(file): thickness " + String(format: "%.4g ± %.2g (median %.4g, %.4g–%.4g) ", t.mean, t.standardDeviation, t.median, t.minimum, t.maximum)
                      + (r.thickness == nil ? "px" : "µm") + String(format: ", coverage %.0f %%", 100 * r.coverage))
                for w in r.warnings { print("  warning: \(w)") }
            }
        }
        if let json { try Output.writeJSONRecords(outputs, to: json) }
    }
}
