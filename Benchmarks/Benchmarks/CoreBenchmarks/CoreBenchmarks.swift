// SPDX-License-Identifier: GPL-3.0-or-later
import Benchmark
import CFFTWRaw
import ComplexModule
import FTIR
import Foundation
import InterphaseCore

/// FFT: Interphase's plan wrapper against raw FFTW on the same sizes, flags and (aligned) buffers,
/// so the difference is the wrapper's overhead. LM: the fits PEERS.md timed with scipy and lmfit.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(3), maxIterations: 100_000)
    ftirBenchmarks()
    xpsBenchmarks()
    semBenchmarks()

    for n in [4096, 65536] {
        Benchmark("FFT r2c \(n) raw FFTW (ESTIMATE, fftw_execute)") { benchmark in
            let input = fftw_alloc_real(n)!, output = fftw_alloc_complex(n / 2 + 1)!
            for i in 0..<n { input[i] = SyntheticData.noise(i) }
            // Touch the output once, as the Swift side's zero-initialised array is: otherwise the first
            // execution pays the page faults of a fresh allocation (measured: +200 µs at 65536).
            memset(output, 0, MemoryLayout<fftw_complex>.stride * (n / 2 + 1))
            let plan = fftw_plan_dft_r2c_1d(Int32(n), input, output, UInt32(FFTW_ESTIMATE))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { fftw_execute(plan) }
            benchmark.stopMeasurement()
            blackHole(output[1].0)
            fftw_destroy_plan(plan); fftw_free(input); fftw_free(output)
        }
        Benchmark("FFT r2c \(n) Interphase RealFFTPlan into buffer") { benchmark in
            let plan = try RealFFTPlan<Double>(shape: [n])
            let input = (0..<n).map { SyntheticData.noise($0) }
            var output = [Complex<Double>](repeating: .zero, count: n / 2 + 1)
            benchmark.startMeasurement()
            input.withUnsafeBufferPointer { inp in
                output.withUnsafeMutableBufferPointer { out in
                    for _ in benchmark.scaledIterations { plan.forward(inp, into: out) }
                }
            }
            benchmark.stopMeasurement()
            blackHole(output[1])
        }
        Benchmark("FFT r2c \(n) Interphase FFT.forward(array)") { benchmark in
            let input = (0..<n).map { SyntheticData.noise($0) }
            _ = FFT.forward(input) // plan once, as a caller's first call would
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(FFT.forward(input)) }
        }
    }

    Benchmark("FFT r2c 2-D 1024x1024 Float raw FFTW (ESTIMATE)") { benchmark in
        let n = 1024
        let input = fftwf_alloc_real(n * n)!, output = fftwf_alloc_complex(n * (n / 2 + 1))!
        for i in 0..<(n * n) { input[i] = Float(SyntheticData.noise(i)) }
        memset(output, 0, MemoryLayout<fftwf_complex>.stride * n * (n / 2 + 1))
        let plan = fftwf_plan_dft_r2c_2d(Int32(n), Int32(n), input, output, UInt32(FFTW_ESTIMATE))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { fftwf_execute(plan) }
        benchmark.stopMeasurement()
        fftwf_destroy_plan(plan); fftwf_free(input); fftwf_free(output)
    }
    Benchmark("FFT r2c 2-D 1024x1024 Float Interphase RealFFTPlan into buffer") { benchmark in
        let n = 1024
        let plan = try RealFFTPlan<Float>(shape: [n, n])
        let input = (0..<(n * n)).map { Float(SyntheticData.noise($0)) }
        var output = [Complex<Float>](repeating: .zero, count: n * (n / 2 + 1))
        benchmark.startMeasurement()
        input.withUnsafeBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { out in
                for _ in benchmark.scaledIterations { plan.forward(inp, into: out) }
            }
        }
    }

    Benchmark("FFT r2c 2-D 1024x1024 Float Interphase RealFFTPlan MEASURE into buffer") { benchmark in
        let n = 1024
        let plan = try RealFFTPlan<Float>(shape: [n, n], rigor: .measure)
        let input = (0..<(n * n)).map { Float(SyntheticData.noise($0)) }
        var output = [Complex<Float>](repeating: .zero, count: n * (n / 2 + 1))
        benchmark.startMeasurement()
        input.withUnsafeBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { out in
                for _ in benchmark.scaledIterations { plan.forward(inp, into: out) }
            }
        }
    }

    for (name, bands, lo, hi, count) in [("3 pV + line, 389 pts", SyntheticData.three, 1600.0, 1800.0, 389),
                                         ("8 pV + line, 1944 pts", SyntheticData.eight, 800.0, 1800.0, 1944)] {
        let (x, y) = SyntheticData.spectrum(bands, from: lo, to: hi, count: count)
        let start = SyntheticData.start(bands)
        var params: [FitParameter] = []
        for k in bands.indices {
            params += [FitParameter("c\(k)", start[4 * k]), FitParameter("w\(k)", start[4 * k + 1], lower: 1),
                       FitParameter("a\(k)", start[4 * k + 2], lower: 0), FitParameter("eta\(k)", start[4 * k + 3], lower: 0, upper: 1)]
        }
        params += [FitParameter("b0", 0), FitParameter("b1", 0)]
        let nb = bands.count
        let model: (Double, UnsafeBufferPointer<Double>) -> Double = { xi, p in
            var v = p[4 * nb] + p[4 * nb + 1] * (xi - lo)
            for k in 0..<nb { v += PseudoVoigt(center: p[4 * k], fwhm: p[4 * k + 1], fraction: p[4 * k + 3], area: p[4 * k + 2]).value(at: xi) }
            return v
        }
        Benchmark("LM fit \(name), analytic Jacobian") { benchmark in
            let bandModel = PseudoVoigtBandModel(x: x, bands: nb, x0: lo)
            for _ in benchmark.scaledIterations {
                let fit = try LevenbergMarquardt().fit(observations: y, parameters: params, model: bandModel.evaluate, jacobian: bandModel.jacobian)
                precondition(fit.converged)
                blackHole(fit)
            }
        }
        Benchmark("LM fit \(name), numerical Jacobian") { benchmark in
            for _ in benchmark.scaledIterations {
                let fit = try LevenbergMarquardt().curveFit(x: x, y: y, parameters: params, model: model)
                precondition(fit.converged)
                blackHole(fit)
            }
        }
    }
}
