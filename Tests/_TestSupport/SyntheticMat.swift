// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// A secondary-electron-like micrograph of an electrospun mat whose fibre widths are known by
/// construction, for testing diameter measurements against truth.
///
/// - Fibres are straight bands across the image at random angles and offsets, each with its own
///   width (normal around `meanWidth` with `relativeSD`, clipped to ±2.5 SD), so they cross.
/// - Each pixel takes the exact area of the pixel square inside each band (the distribution of
///   n·p over a unit square is a trapezoid; its CDF gives the area cut off by a line), not
///   whether its centre is inside: an integer-drawn fibre hides the bias of a measurement.
/// - Beads: spindles where the width swells smoothly to `beadFactor` × the fibre's width over a
///   Gaussian envelope of 1.5 widths, on some fibres.
/// - Edge halo: the fibre is brighter near its edges by `halo`·exp(−d/`haloDecay`) at depth d
///   inside the edge (the edge effect of secondary-electron images; on the fibresem Auriga mat the
///   edges are about 0.3 of the fibre contrast brighter over 1 to 2 px), also by exact area.
/// - Then an illumination gradient across the image, a Gaussian probe blur, Gaussian noise, and
///   rounding to 8 bits.
///
/// The truth is the length-weighted mean and SD of the local width along every fibre axis inside
/// the image, sampled every half pixel (beads included, as they are part of the fibre).
public struct SyntheticMat {
    public struct Fibre {
        public var angle: Double
        /// A point on the axis.
        public var x: Double, y: Double
        public var width: Double
        /// Bead centres along the axis (signed distance from (x, y)).
        public var beads: [Double]

        public init(angle: Double, x: Double, y: Double, width: Double, beads: [Double] = []) {
            self.angle = angle; self.x = x; self.y = y; self.width = width; self.beads = beads
        }
    }

    public var size: Int
    public var fibres: [Fibre] = []
    public var beadFactor = 2.2
    public var background: Double = 55, gradient: Double = 45, contrast: Double = 120, halo: Double = 45
    public var blur = 1.2, noise = 14.0
    /// The halo's decay length inside the edge (pixels) and the integration step of its rims.
    public var haloDecay = 1.5, haloStep = 0.25

    public init(size: Int, meanWidth: Double, relativeSD: Double = 0.15, count: Int, beadsPerFibre: Double = 0.3, seed: UInt64) {
        self.size = size
        var rng = SplitMix64(seed: seed)
        for _ in 0..<count {
            let angle = Double.random(in: 0..<Double.pi, using: &rng)
            let x = Double.random(in: 0.15...0.85, using: &rng) * Double(size), y = Double.random(in: 0.15...0.85, using: &rng) * Double(size)
            var z = Self.gaussian(&rng)
            z = min(max(z, -2.5), 2.5)
            let width = meanWidth * (1 + relativeSD * z)
            var beads: [Double] = []
            if Double.random(in: 0..<1, using: &rng) < beadsPerFibre {
                beads.append(Double.random(in: -0.3...0.3, using: &rng) * Double(size))
            }
            fibres.append(Fibre(angle: angle, x: x, y: y, width: width, beads: beads))
        }
    }

    public static func gaussian(_ rng: inout SplitMix64) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// The local width of fibre `f` at signed distance `s` along its axis.
    public func width(_ f: Fibre, at s: Double) -> Double {
        var factor = 1.0
        let l = 1.5 * f.width
        for b in f.beads { factor += (beadFactor - 1) * exp(-(s - b) * (s - b) / (2 * l * l)) }
        return f.width * factor
    }

    /// The fraction of the unit pixel square centred on the origin where n·u ≤ s, for the unit
    /// normal (nx, ny): the CDF of a trapezoidal density (a sum of two uniforms of widths |nx|, |ny|).
    static func below(_ s: Double, _ nx: Double, _ ny: Double) -> Double {
        let a = max(abs(nx), abs(ny)), b = min(abs(nx), abs(ny))
        let h1 = 0.5 * (a + b), h2 = 0.5 * (a - b)
        if s <= -h1 { return 0 }
        if s >= h1 { return 1 }
        if b < 1e-12 { return s + 0.5 }
        if s <= -h2 { return (s + h1) * (s + h1) / (2 * a * b) }
        if s <= h2 { return b / (2 * a) + (s + h2) / a }
        return 1 - (h1 - s) * (h1 - s) / (2 * a * b)
    }

    /// Area of the pixel centred at (px, py) inside the band of half-width `half` around fibre f's axis.
    func coverage(_ f: Fibre, _ px: Double, _ py: Double, inset: Double = 0) -> Double {
        let nx = -sin(f.angle), ny = cos(f.angle)
        let d = (px - f.x) * nx + (py - f.y) * ny
        let s = (px - f.x) * cos(f.angle) + (py - f.y) * sin(f.angle)
        let half = 0.5 * width(f, at: s) - inset
        guard half > 0, abs(d) < half + 1 else { return 0 }
        return Self.below(half - d, nx, ny) - Self.below(-half - d, nx, ny)
    }

    /// The 8-bit image.
    public func render(seed: UInt64) -> Raster<UInt8> {
        let n = size
        var signal = [Double](repeating: 0, count: n * n)
        for y in 0..<n {
            for x in 0..<n {
                let px = Double(x), py = Double(y)
                var outside = 1.0, rim = 0.0
                for f in fibres {
                    let c = coverage(f, px, py)
                    guard c > 0 else { continue }
                    outside *= 1 - c
                    // The halo H·exp(−d/λ) at depth d inside the edge, as a sum of rims of thickness s
                    // (each the band minus the band inset by s) weighted by (H/λ)·exp(−s/λ)·ds.
                    guard halo > 0 else { continue }
                    var s = 0.5 * haloStep, h = 0.0
                    while s < 6 * haloDecay {
                        h += (c - coverage(f, px, py, inset: s)) * exp(-s / haloDecay) * haloStep / haloDecay
                        s += haloStep
                    }
                    rim = max(rim, h)
                }
                let fibre = 1 - outside
                signal[y * n + x] = background + gradient * (0.7 * px + 0.3 * py) / Double(n) + contrast * fibre + halo * rim
            }
        }
        let blurred = Self.gaussianBlur(signal, n, sigma: blur)
        var rng = SplitMix64(seed: seed)
        return Raster(width: n, height: n, colorModel: .gray, samples: blurred.map { v in
            UInt8(min(255, max(0, (v + noise * Self.gaussian(&rng)).rounded())))
        })
    }

    /// Separable Gaussian, edges clamped.
    static func gaussianBlur(_ v: [Double], _ n: Int, sigma: Double) -> [Double] {
        guard sigma > 0 else { return v }
        let r = Int((3.5 * sigma).rounded(.up))
        var k = (-r...r).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let sum = k.reduce(0, +)
        k = k.map { $0 / sum }
        var tmp = v, out = v
        for y in 0..<n { for x in 0..<n {
            var a = 0.0
            for j in -r...r { a += k[j + r] * v[y * n + min(max(x + j, 0), n - 1)] }
            tmp[y * n + x] = a
        } }
        for y in 0..<n { for x in 0..<n {
            var a = 0.0
            for j in -r...r { a += k[j + r] * tmp[min(max(y + j, 0), n - 1) * n + x] }
            out[y * n + x] = a
        } }
        return out
    }

    /// Length-weighted mean and SD of the local width along every axis inside the image.
    public var truth: (mean: Double, sd: Double) {
        var sw = 0.0, sww = 0.0, count = 0.0
        for f in fibres {
            let tx = cos(f.angle), ty = sin(f.angle)
            var s = -2.0 * Double(size)
            while s <= 2.0 * Double(size) {
                let x = f.x + s * tx, y = f.y + s * ty
                if x >= 0 && y >= 0 && x <= Double(size - 1) && y <= Double(size - 1) {
                    let w = width(f, at: s)
                    sw += w; sww += w * w; count += 1
                }
                s += 0.5
            }
        }
        let mean = sw / count
        return (mean, (sww / count - mean * mean).squareRoot())
    }
}
