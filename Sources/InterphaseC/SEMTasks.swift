// SPDX-License-Identifier: GPL-3.0-or-later
// The SEM tasks of the C ABI: the options of `interphase sem fibers|porosity|orientation|thickness`
// onto the library's task values, one call each.
import Foundation
import Interphase

extension Tasks {
    /// `--pixel-size`, `--databar`, `--page`.
    static func loading(_ r: inout Request) throws -> MicrographLoading {
        var l = MicrographLoading()
        if let text = try r.string("pixel_size") {
            guard let c = SEMCalibration(text: text) else {
                throw RequestError(message: "pixel_size '\(text)': expected a positive number and a unit (nm, µm, um, pm, mm, m), e.g. '50nm'")
            }
            l.pixelSize = c
        }
        l.databar = try r.int("databar")
        if let page = try r.int("page") { l.page = page }
        return l
    }

    /// The segmentation options every thresholding command shares, onto `base`.
    static func segmentation(_ r: inout Request, base: Segmentation, darkForeground: Bool) throws -> Segmentation {
        var s = base
        s.level = try r.double("threshold").map { Float($0) }
        if let m = try r.choice("threshold_method", Threshold.Method.self) { s.method = m }
        if let v = try r.int("window") { s.window = v }
        if let v = try r.double("k") { s.k = v }
        if let v = try r.double("smoothing") { s.smoothing = v }
        if let v = try r.double("median") { s.medianRadius = v }
        if let v = try r.double("rolling_ball") {
            s.rollingBall = v == 0 ? nil : v
            s.autoLevel = false
        }
        if let v = try r.double("open") { s.openRadius = v }
        if let v = try r.bool("fill_holes") { s.fillHoles = v }
        if let v = try r.int("min_area") { s.minObjectArea = v }
        s.darkForeground = darkForeground
        return s
    }

    /// The micrograph of a request: its `path`, or a two-dimensional `image` array (`image_shape`).
    static func micrograph(_ r: inout Request, task: String, loading: MicrographLoading, isMask: Bool = false) throws -> (Micrograph, String) {
        if let (bytes, path) = try r.file() {
            try r.finish(task: task)
            return (try loading.load(bytes: bytes, name: path, isMask: isMask), path)
        }
        guard let pixels = r.array("image") else { throw RequestError(message: "\(task): give a path or an image array") }
        let shape = try r.ints("image_shape")
        let name = try r.string("name") ?? "<memory>"
        try r.finish(task: task)
        guard shape.count == 2, shape[0] * shape[1] == pixels.count, shape[0] >= 2, shape[1] >= 2 else {
            throw RequestError(message: "\(task): the image must be a two-dimensional array")
        }
        let raster = Raster<Float>(width: shape[1], height: shape[0], samples: pixels.map { Float($0) })
        return (Micrograph(image: raster, calibration: loading.pixelSize, path: name), name)
    }

    static func semFibers(_ r: inout Request) throws -> ResultHandle {
        var task = SEMFiberMeasurement()
        task.loading = try loading(&r)
        task.inputIsMask = try r.bool("mask") ?? false
        task.segmentation = try segmentation(&r, base: task.segmentation, darkForeground: try r.bool("dark_fibers") ?? false)
        if let v = try r.choice("layer", FiberAnalysis.Layer.self) { task.layer = v }
        task.sweep = try r.bool("sweep") ?? true
        task.orientation = try r.bool("orientation") ?? true
        let (m, file) = try micrograph(&r, task: "sem.fibers", loading: task.loading, isMask: task.inputIsMask)
        let outcome = try task.measure(m, file: file)
        let h = outcome.micrograph.height, w = outcome.micrograph.width
        let arrays: [ResultArray] = [.bytes("0.mask", outcome.mask.pixels, shape: [h, w]),
                                     .bytes("0.skeleton", outcome.skeleton.pixels, shape: [h, w]),
                                     .floats("0.diameter_map", outcome.diameterMap().samples, shape: [h, w])]
        let analysed = outcome.micrograph, result = outcome.result, skeleton = outcome.skeleton, title = name(of: file)
        return ResultHandle(record: try records([outcome.output]), arrays: arrays,
                            figures: [{ SEMFigures.fibers(analysed, result, skeleton: skeleton, title: title) }])
    }

    static func semPorosity(_ r: inout Request) throws -> ResultHandle {
        var task = SEMPorosityMeasurement()
        task.loading = try loading(&r)
        task.inputIsMask = try r.bool("mask") ?? false
        if let v = try r.int("grid") { task.gridCells = v }
        task.segmentation = try segmentation(&r, base: task.segmentation, darkForeground: try r.bool("dark_solid") ?? false)
        let (m, file) = try micrograph(&r, task: "sem.porosity", loading: task.loading, isMask: task.inputIsMask)
        let outcome = try task.measure(m, file: file)
        let h = outcome.micrograph.height, w = outcome.micrograph.width
        let arrays: [ResultArray] = [.bytes("0.solid", outcome.solid.pixels, shape: [h, w]),
                                     .floats("0.pore_size", outcome.poreSize, shape: [h, w])]
        let analysed = outcome.micrograph, result = outcome.result, sizes = outcome.poreSize, title = name(of: file)
        return ResultHandle(record: try records([outcome.output]), arrays: arrays,
                            figures: [{ SEMFigures.porosity(analysed, result, poreSize: sizes, title: title) }])
    }

    static func semOrientation(_ r: inout Request) throws -> ResultHandle {
        var task = SEMOrientationMeasurement()
        task.loading = try loading(&r)
        if let v = try r.double("gradient_sigma") { task.options.gradientSigma = v }
        if let v = try r.double("tensor_sigma") { task.options.tensorSigma = v }
        if let v = try r.double("min_coherency") { task.options.minCoherency = v }
        let (m, file) = try micrograph(&r, task: "sem.orientation", loading: task.loading)
        let outcome = try task.measure(m, file: file)
        let summary = outcome.summary, title = name(of: file)
        return ResultHandle(record: try records([outcome.output]), figures: [{ SEMFigures.orientation(summary, title: title) }])
    }

    static func semThickness(_ r: inout Request) throws -> ResultHandle {
        var task = SEMThicknessMeasurement()
        task.loading = try loading(&r)
        if let v = try r.choice("phase", DepositThickness.Phase.self) { task.options.phase = v }
        task.options.tiltDegrees = try r.double("tilt")
        if let v = try r.int("bridge") { task.options.bridge = v }
        let (m, file) = try micrograph(&r, task: "sem.thickness", loading: task.loading)
        let outcome = try task.measure(m, file: file)
        let analysed = outcome.micrograph, result = outcome.result, title = name(of: file)
        return ResultHandle(record: try records([outcome.output]), figures: [{ SEMFigures.thickness(analysed, result, title: title) }])
    }
}
