// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Interphase

struct SEMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sem",
        abstract: "SEM: calibrated fibre diameters of electrospun mats.",
        subcommands: [SEMFibersCommand.self]
    )
}

struct SEMFibersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fibers",
        abstract: "Fibre diameter distribution (2·EDT on the centre line, junctions left out), porosity and junctions.",
        discussion: """
        The pixel size comes from the file (FEI [Scan] PixelWidth, Zeiss Image Pixel Size, TESCAN PixelSizeX) unless \
        --pixel-size is given; without either, results are in pixels only. The data bar is cropped from the metadata \
        (FEI ResolutionY) or detected. With several images and --json -, one JSON object per line, in input order.
        """
    )

    @Argument(help: "TIFF or PNG micrographs.")
    var images: [String]

    @Option(help: "Pixel size with its unit, e.g. 50nm or 0.05µm (overrides the metadata).")
    var pixelSize: String?

    @Option(help: "Rows of data bar to drop at the bottom (default: from metadata, else detected).")
    var databar: Int?

    @Option(help: "Threshold in grey levels (default: Otsu).")
    var threshold: Float?

    @Option(help: "Gaussian smoothing σ in pixels before thresholding (0: none).")
    var smoothing: Double = 1

    @Flag(help: "Fibres are darker than the background.")
    var darkFibres = false

    @Option(help: "Write the result as JSON ('-' for standard output).")
    var json: String?

    @Option(help: "Write a figure (PNG, SVG or PDF): the image with centre lines and the diameter histogram.")
    var report: String?

    func validate() throws {
        if let pixelSize, SEMCalibration(text: pixelSize) == nil {
            throw ValidationError("--pixel-size needs a positive number and a unit (nm, µm, um, pm, mm, m), e.g. 50nm; got '\(pixelSize)'")
        }
        guard smoothing >= 0 && smoothing <= 50 else { throw ValidationError("--smoothing must be between 0 and 50 pixels") }
    }

    func run() throws {
        var options = FiberAnalysis.Options()
        options.smoothing = smoothing
        options.threshold = threshold
        options.darkFibres = darkFibres
        let analysis = FiberAnalysis(options: options)
        var outputs: [SEMFibersOutput] = []
        for file in images {
            let m = try Micrograph(path: file, pixelSize: pixelSize.flatMap { SEMCalibration(text: $0) }, databar: databar)
            let (r, _, skeleton) = try analysis.detailed(m)
            outputs.append(SEMFibersOutput(file: file, micrograph: m, result: r))
            if let report {
                let path = Output.reportPath(report, for: file, inputs: images.count)
                try SEMFigures.fibers(m, r, skeleton: skeleton, title: URL(fileURLWithPath: file).lastPathComponent).write(to: path)
            }
            if json == nil {
                var line = "\(file): \(r.width)×\(r.height) px (data bar \(m.databarRows) rows, \(m.databarSource)), porosity "
                    + String(format: "%.3f, diameter %.2f ± %.2f px (median %.2f)", r.porosity, r.diameterPixels.mean,
                             r.diameterPixels.standardDeviation, r.diameterPixels.median)
                if let nm = r.diameterNM, let src = r.calibrationSource {
                    line += String(format: " = %.1f ± %.1f nm", nm.mean, nm.standardDeviation) + " (pixel size from " + src + ")"
                }
                print(line)
                for w in r.warnings { print("  warning: \(w)") }
            }
        }
        if let json { try Output.writeJSONRecords(outputs, to: json) }
    }
}
