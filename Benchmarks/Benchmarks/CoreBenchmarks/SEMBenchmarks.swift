// SPDX-License-Identifier: GPL-3.0-or-later
import Benchmark
import Foundation
import InterphaseCore
import SEM

/// A deterministic fibre mat: 8·n/256 straight fibres, 9 px wide, at positions and angles from the
/// same hash peers.py uses (frac(sin(i·12.9898)·43758.5453)), drawn as a grey image (fibres 200,
/// background 40) and as a mask. peers/peers.py builds the identical arrays for scipy/skimage.
enum SEMInputs {
    static func hash(_ i: Int) -> Double {
        let v = sin(Double(i) * 12.9898) * 43758.5453
        return v - v.rounded(.down)
    }

    static func mask(_ n: Int) -> BinaryMask {
        var px = [UInt8](repeating: 0, count: n * n)
        let count = 8 * n / 256
        for i in 0..<count {
            let cx = hash(3 * i) * Double(n), cy = hash(3 * i + 1) * Double(n), t = hash(3 * i + 2) * Double.pi
            let nx = -sin(t), ny = cos(t)
            for y in 0..<n {
                for x in 0..<n where abs((Double(x) - cx) * nx + (Double(y) - cy) * ny) < 4.5 { px[y * n + x] = 1 }
            }
        }
        return BinaryMask(width: n, height: n, pixels: px)
    }

    static func image(_ n: Int) -> Raster<Float> {
        Raster(width: n, height: n, colorModel: .gray, samples: mask(n).pixels.map { $0 != 0 ? 200 : 40 })
    }
}

let semBenchmarks: @Sendable () -> Void = {
    for n in [2048, 4096] {
        let mask = SEMInputs.mask(n)
        let image = SEMInputs.image(n)
        let config = Benchmark.Configuration(maxDuration: .seconds(5), maxIterations: 20)
        Benchmark("SEM EDT exact \(n)²", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(DistanceTransform.euclidean(mask)) }
        }
        Benchmark("SEM Zhang-Suen skeleton \(n)²", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(Skeleton.zhangSuen(mask)) }
        }
        Benchmark("SEM Otsu threshold \(n)²", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(Threshold.otsu(image.samples)) }
        }
        Benchmark("SEM labelling (8-connected) \(n)²", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(Components(mask)) }
        }
        Benchmark("SEM fibre pipeline (Gaussian σ1, Otsu, EDT, skeleton, diameters) \(n)²", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try! FiberAnalysis().analyse(Micrograph(image: image, calibration: nil))) }
        }
    }
    let small = SEMInputs.image(1024)
    Benchmark("SEM structure-tensor orientation 1024²", configuration: .init(maxDuration: .seconds(5), maxIterations: 20)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! OrientationAnalysis.structureTensor(small)) }
    }
    Benchmark("SEM Sauvola w=51 2048²", configuration: .init(maxDuration: .seconds(5), maxIterations: 20)) { benchmark in
        let img = SEMInputs.image(2048)
        for _ in benchmark.scaledIterations { blackHole(try! Threshold.localLevels(.sauvola, img, window: 51)) }
    }
}
