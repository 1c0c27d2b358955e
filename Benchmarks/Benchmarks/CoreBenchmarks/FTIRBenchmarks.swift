// SPDX-License-Identifier: GPL-3.0-or-later
import Benchmark
import FTIR
import Foundation
import InterphaseCore

/// Baselines on 7201 points and the interferogram transform, on the same inputs as peers.py.
enum FTIRInputs {
    /// PMMA-like bands on a curved baseline with deterministic pseudo-noise (σ ≈ 0.0017).
    static func spectrum() -> (x: [Double], y: [Double]) {
        let x = (0..<7201).map { 400 + 0.5 * Double($0) }
        let bands: [(Double, Double, Double)] = [(1726, 1.0, 22), (1640, 0.35, 30), (1450, 0.3, 20), (1400, 0.4, 18), (1240, 0.45, 26), (1191, 0.55, 24), (1148, 0.7, 26), (877, 0.3, 14), (841, 0.25, 14)]
        let y = x.indices.map { i -> Double in
            let xi = x[i]
            var v = 0.15 + 0.25 * exp(-(xi - 400) / 1400) + 4e-5 * (xi - 400)
            for b in bands { v += b.1 * exp(-4 * log(2.0) * (xi - b.0) * (xi - b.0) / (b.2 * b.2)) }
            return v + 0.003 * SyntheticData.noise(i)
        }
        return (x, y)
    }

    /// A single-sided interferogram like interfero.SPA: 4160 points, ZPD at 64, two Gaussian bands.
    static func interferogram() -> [Double] {
        let laser = 15798.26, dx = 2 / (2 * laser), s = 40 / 2.3548200450309493
        return (0..<4160).map { i in
            let x = Double(i - 64) * dx
            let env = exp(-2 * Double.pi * Double.pi * s * s * x * x)
            return env * (cos(2 * Double.pi * 1000 * x + 0.3) + 0.5 * cos(2 * Double.pi * 2500 * x + 0.3)) + 0.001 * SyntheticData.noise(i)
        }
    }
}

let ftirBenchmarks: @Sendable () -> Void = {
    let (x, y) = FTIRInputs.spectrum()
    let methods: [(String, BaselineMethod)] = [
        ("asls λ=1e9 p=0.002", .asls(lambda: 1e9, p: 0.002)), ("arpls λ=1e9", .arpls(lambda: 1e9)), ("airpls λ=1e9", .airpls(lambda: 1e9)),
        ("modpoly order 3", .modpoly(order: 3)), ("snip half-window 120", .snip(halfWindow: 120)), ("rubberband", .rubberband),
    ]
    for (name, method) in methods {
        Benchmark("baseline \(name), 7201 pts") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try method.baseline(x: x, y: y)) }
        }
    }
    Benchmark("whittaker smoothing λ=100, 7201 pts") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try WhittakerSmoother(lambda: 100).smooth(x: x, y: y)) }
    }
    let ifg = FTIRInputs.interferogram()
    Benchmark("interferogram 4160 pts → single beam (HG, Mertz, N=16384)") { benchmark in
        var t = InterferogramTransform(laserWavenumber: 15798.26, sampleSpacing: 2)
        t.fftSize = 16384
        t.zpdIndex = 64
        for _ in benchmark.scaledIterations { blackHole(try t.transform(ifg)) }
    }
}
