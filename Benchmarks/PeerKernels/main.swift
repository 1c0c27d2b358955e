// SPDX-License-Identifier: GPL-3.0-or-later
// The Interphase side of run.sh's kernel table: the same kernels as `workloads.py kernels`, on the
// same files (written by `workloads.py make`), timed the same way (median, min and max seconds per
// call over batches of at least 0.2 s). One JSON line per kernel.
//   peer-kernels WORKDIR
import CFFTWRaw
import ComplexModule
import FTIR
import Foundation
import InterphaseCore
import SEM
import XPS

@inline(never) func consume<T>(_ x: T) { withExtendedLifetime(x) {} }

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
}

/// Median, min and max seconds per call over `samples` batches of at least `minTime` each, after one
/// warm-up call (peers' `timeit`).
func time(_ minTime: Double = 0.2, _ samples: Int = 5, _ body: () throws -> Void) rethrows -> (Double, Double, Double) {
    try body()
    var out: [Double] = []
    for _ in 0..<samples {
        var k = 0
        let t0 = now()
        var t = 0.0
        repeat { try body(); k += 1; t = now() - t0 } while t < minTime
        out.append(t / Double(k))
    }
    out.sort()
    return (out[out.count / 2], out[0], out[out.count - 1])
}

func emit(_ name: String, _ r: (Double, Double, Double), _ tool: String) {
    print("{\"kernel\": \"\(name)\", \"seconds\": \(r.0), \"low\": \(r.1), \"high\": \(r.2), \"tool\": \"\(tool)\"}")
}

func columns(_ path: String) throws -> (x: [Double], y: [Double]) {
    let s = try DelimitedSpectrumReader().read(path)[0]
    return (s.x, s.y)
}

func mask(_ path: String) throws -> BinaryMask {
    guard case .uint8(let r) = try PNGCodec.read(path) else { throw CocoaError(.fileReadCorruptFile) }
    return BinaryMask(width: r.width, height: r.height, pixels: r.samples.map { $0 > 0 ? 1 : 0 })
}

let work = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "."
let only = CommandLine.arguments.count > 2 ? Set(CommandLine.arguments[2].split(separator: ",").map(String.init)) : nil
func wanted(_ k: String) -> Bool { only == nil || only!.contains(k) }

do {
    for n in [2048, 4096] where wanted("edt_\(n)") || wanted("skeleton_\(n)") {
        let m = try mask("\(work)/mask_\(n).png")
        if wanted("edt_\(n)") { emit("edt_\(n)", time(0.5, 3) { consume(DistanceTransform.euclidean(m)) }, "") }
        if wanted("skeleton_\(n)") { emit("skeleton_\(n)", time(0.5, 3) { consume(Skeleton.zhangSuen(m)) }, "") }
    }
    if wanted("asls_7000") {
        let (x, y) = try columns("\(work)/asls.csv")
        let method = BaselineMethod.asls(lambda: 1e11, p: 0.001)
        emit("asls_7000", try time { consume(try method.baseline(x: x, y: y)) }, "")
    }
    if wanted("ftir8_fit") {
        // The same start as workloads.ftir8_start: centres +4 cm⁻¹, widths ×1.2, areas ×0.7, η 0.5.
        let (x, y) = try columns("\(work)/ftir8.csv")
        let truth: [(Double, Double, Double)] = [(1726, 18, 20), (1640, 25, 8), (1450, 20, 6), (1400, 16, 5), (1240, 24, 9), (1191, 22, 10), (1148, 22, 12), (877, 14, 4)]
        var params: [FitParameter] = []
        for (k, b) in truth.enumerated() {
            params += [FitParameter("c\(k)", b.0 + 4), FitParameter("w\(k)", b.1 * 1.2, lower: 1),
                       FitParameter("a\(k)", b.2 * 0.7, lower: 0), FitParameter("eta\(k)", 0.5, lower: 0, upper: 1)]
        }
        params += [FitParameter("b0", 0), FitParameter("b1", 0)]
        let model = PseudoVoigtBandModel(x: x, bands: truth.count, x0: 800)
        emit("ftir8_fit", try time {
            let fit = try LevenbergMarquardt().fit(observations: y, parameters: params, model: model.evaluate, jacobian: model.jacobian)
            guard fit.converged else { throw FitError.noFreeParameters }
            consume(fit)
        }, "")
    }
    if wanted("f1s_fit") || wanted("tougaard") {
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(work)/f1s").sorted().prefix(20)
        let regions = try files.map { try XPSFile(path: "\(work)/f1s/\($0)").region(block: nil, named: nil) }
        if wanted("f1s_fit") {
            var options = XPSFitOptions()
            options.background = .shirley
            let fitter = XPSFitter(options: options)
            let components = XPSPreset.f1sSEI.components
            let per = try regions.map { region in try time(0.1, 3) { consume(try fitter.fit(region, components: components)) }.0 }.sorted()
            emit("f1s_fit", (per[per.count / 2], per[0], per[per.count - 1]), "")
        }
        if wanted("tougaard") {
            let spectrum = try regions[0].spectrum()
            emit("tougaard", try time { consume(try TougaardBackground(endPoints: 3).backgroundMatchingEnds(of: spectrum)) }, "")
        }
    }
    if wanted("fft_1d_65536") {
        let n = 65536
        let plan = try RealFFTPlan<Double>(shape: [n], rigor: .measure)
        let input = (0..<n).map { i -> Double in let v = sin(Double(i) * 12.9898) * 43758.5453; return 2 * (v - v.rounded(.down)) - 1 }
        var output = [Complex<Double>](repeating: .zero, count: n / 2 + 1)
        let r = input.withUnsafeBufferPointer { inp in output.withUnsafeMutableBufferPointer { out in time { plan.forward(inp, into: out) } } }
        emit("fft_1d_65536", r, "")
    }
    if wanted("fft_2d_4096") {
        let n = 4096
        let plan = try RealFFTPlan<Double>(shape: [n, n], rigor: .measure)
        let input = (0..<(n * n)).map { i -> Double in let v = sin(Double(i) * 12.9898) * 43758.5453; return 2 * (v - v.rounded(.down)) - 1 }
        var output = [Complex<Double>](repeating: .zero, count: n * (n / 2 + 1))
        let r = input.withUnsafeBufferPointer { inp in output.withUnsafeMutableBufferPointer { out in time { plan.forward(inp, into: out) } } }
        emit("fft_2d_4096", r, "")
    }
    // The plans chosen by timing: fftw_raw imports them, so both sides execute the same plan and the
    // FFT rows measure the wrapper alone, not the luck of two MEASURE runs on a noisy machine.
    if wanted("fft_1d_65536") || wanted("fft_2d_4096") { fftw_export_wisdom_to_filename("\(work)/fftw.wisdom") }
} catch {
    FileHandle.standardError.write("peer-kernels: \(error)\n".data(using: .utf8)!)
    exit(1)
}
