// SPDX-License-Identifier: GPL-3.0-or-later
import Benchmark
import Foundation
import InterphaseCore
import XPS

/// F 1s work on peers/f1s.csv (301 points, 3 GL(30) components, Poisson counts), the same file
/// peers.py fits with lmfit and backgrounds with lmfitxps.
enum XPSInputs {
    static func region() -> XPSRegion {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let path = here.appendingPathComponent("../../peers/f1s.csv").standardized.path
        do { return try XPSFile(path: path).region(block: nil, named: nil) } catch { fatalError("cannot read \(path): \(error)") }
    }
}

let xpsBenchmarks: @Sendable () -> Void = {
    let region = XPSInputs.region()
    let spectrum = try! region.spectrum()
    let components = XPSPreset.f1sSEI.components
    for background in [XPSBackgroundChoice.shirley, .active, .tougaard] {
        var options = XPSFitOptions()
        options.background = background
        let fitter = XPSFitter(options: options)
        Benchmark("XPS F1s 3-component fit + covariance, \(background.rawValue) background, 301 pts") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try! fitter.fit(region, components: components)) }
        }
    }
    Benchmark("XPS Shirley background (iterative), 301 pts") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! ShirleyBackground(endPoints: 3).background(of: spectrum)) }
    }
    Benchmark("XPS Tougaard U2 background, B matched to the ends, 301 pts") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! TougaardBackground(endPoints: 3).backgroundMatchingEnds(of: spectrum)) }
    }
    var mc = XPSFitOptions()
    mc.monteCarlo = 100
    let mcFitter = XPSFitter(options: mc)
    Benchmark("XPS LiF fraction, Monte Carlo 100 refits (active background)", configuration: .init(maxDuration: .seconds(5))) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! mcFitter.fit(region, components: components)) }
    }
}
