// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import ComplexModule

/// Fibre orientation in OrientationJ's conventions (Püspöki et al. 2016; Rezakhaniha et al. 2012;
/// SEM.md §1.4, §2.5): angles in degrees, counter-clockwise from the horizontal with y pointing
/// down, in [−90, 90); 0° is a horizontal fibre. Two routes:
/// - the structure tensor J = G_σt ∗ [gx², gx·gy; gx·gy, gy²] from derivative-of-Gaussian gradients
///   (finite differences bias the angle toward the grid axes; SEM.md measured 58.5° for a 60° wave),
///   with θ = ½·atan2(2Jxy, Jyy − Jxx), coherency √((Jyy−Jxx)² + 4Jxy²)/(Jxx + Jyy + ε), ε = 0.001,
///   and energy Jxx + Jyy;
/// - the power spectrum (FFTW, Hann window), whose energy at wave-vector angle φ belongs to
///   structures at φ + 90° (Fiji Directionality's "Fourier components"; DiameterJ calls it).
public enum OrientationAnalysis {
    /// The route an orientation histogram came from.
    public enum Method: String, Sendable, Codable, CaseIterable {
        /// Per-pixel structure tensor (OrientationJ), weighted by energy and gated by coherency.
        case structureTensor = "structure-tensor"
        /// The angular distribution of the power spectrum (FibrilTool-like, Welch-averaged tiles).
        case fourier
    }

    /// The settings of both routes.
    public struct Options: Sendable {
        /// σ of the derivative-of-Gaussian gradient, pixels.
        public var gradientSigma = 1.0
        /// σ of the Gaussian window that averages the tensor (OrientationJ's "local window"), pixels.
        public var tensorSigma = 2.0
        /// Pixels enter the histogram when coherency ≥ this and energy ≥ minEnergy × the largest energy.
        public var minCoherency = 0.1
        /// The energy gate, as a fraction of the largest energy.
        public var minEnergy = 0.01
        /// Fourier route: frequencies between these periods (pixels) are used.
        public var longestPeriod: Double? = nil
        /// Fourier route: the shortest period used, pixels (above the noise's).
        public var shortestPeriod = 2.5
        /// Fourier route: tiles of at most this many pixels a side (Welch averaging above it).
        public var fourierTile = 2048
        /// Histogram bins over [−90, 90).
        public var bins = 180
        /// Restrict to these pixels (e.g. the fibre mask); nil: all.
        public var mask: BinaryMask? = nil
        /// The defaults of `interphase sem orientation`.
        public init() {}
    }

    /// A dominant direction of the histogram.
    public struct Peak: Sendable, Codable, Hashable {
        /// Degrees, refined between bins by a parabola through the three highest bins.
        public var angle: Double
        /// Histogram weight within ±10° of the peak, as a fraction of the whole.
        public var fraction: Double
    }

    /// The orientation histogram of one route and its summary.
    public struct Result: Sendable, Codable {
        /// The route.
        public var method: Method
        /// Strongest first; peaks rising less than 35 % of the way from the median level to the highest are left out.
        public var dominantAngles: [Peak]
        /// Circular (doubled-angle) mean, degrees.
        public var meanAngle: Double
        /// ⟨cos 2(θ − θ̄)⟩ = |⟨e^{2iθ}⟩|: 1 for aligned fibres, 0 for isotropic ones.
        public var orderParameter: Double
        /// 1 − order parameter (circular variance of the doubled angles).
        public var circularVariance: Double
        /// Structure tensor only: mean coherency and energy over the counted pixels.
        public var meanCoherency: Double?
        /// Structure tensor only: the fraction of pixels that passed both gates.
        public var countedFraction: Double?
        /// Bin centres (degrees) and weights (pixel counts, or spectral power normalised per frequency sample).
        public var binCentres: [Double]
        /// The weight of each bin.
        public var histogram: [Double]
    }

    /// Per-pixel orientation (degrees), coherency and energy maps.
    public struct Maps: Sendable {
        /// Map width, pixels.
        public var width: Int
        /// Map height, pixels.
        public var height: Int
        /// The tensor's direction at each pixel, degrees in [−90, 90).
        public var orientation: [Float]
        /// (λ₁ − λ₂)/(λ₁ + λ₂) at each pixel: 1 for a clean line, 0 for isotropic texture.
        public var coherency: [Float]
        /// λ₁ + λ₂, the squared gradient averaged over the window.
        public var energy: [Float]
    }

    /// The orientation histogram by the Fourier route, over the whole image.
    public static func fourier(_ grey: GreyLevels, options: Options = Options()) throws(SEMError) -> Result {
        switch grey {
        case .uint8(let r): try fourier(r, options: options)
        case .uint16(let r): try fourier(r, options: options)
        case .float(let r): try fourier(r, options: options)
        }
    }

    /// The power-spectrum route on grey levels of any stored type (each sample read as Double).
    public static func fourier<S: GreySample>(_ image: Raster<S>, options: Options = Options()) throws(SEMError) -> Result {
        try check(image, options)
        // Welch's method: power spectra of Hann-windowed tiles of at most fourierTile² pixels, spread
        // evenly over the image (overlapping when the size is not a multiple), summed. One tile is the
        // whole image up to that size; above it the angular histogram is unchanged in expectation and
        // the memory stays that of one tile.
        let iw = image.width, ih = image.height
        let w = min(iw, max(options.fourierTile, 64)), h = min(ih, max(options.fourierTile, 64))
        let xs = tileOrigins(iw, w), ys = tileOrigins(ih, h)
        let half = w / 2 + 1
        var spectrumPower = [Double](repeating: 0, count: h * half)
        // Separable Hann window, one factor per row and per column.
        let wx = (0..<w).map { 0.5 - 0.5 * cos(2 * Double.pi * (Double($0) + 0.5) / Double(w)) }
        let wy = (0..<h).map { 0.5 - 0.5 * cos(2 * Double.pi * (Double($0) + 0.5) / Double(h)) }
        // One aligned input and output buffer for every tile, handed to the plan directly (no array
        // per tile, no aligned copy inside the transform).
        let plan: RealFFTPlan<Float>
        do { plan = try RealFFTPlan<Float>(shape: [h, w]) } catch { throw .analysisFailed("orientation FFT: \(error)") }
        let windowed = UnsafeMutableRawPointer.allocate(byteCount: w * h * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: w * h)
        let spectrum = UnsafeMutableRawPointer.allocate(byteCount: h * half * MemoryLayout<Complex<Float>>.stride, alignment: 64)
            .bindMemory(to: Complex<Float>.self, capacity: h * half)
        defer { windowed.deallocate(); spectrum.deallocate() }
        HugePages.advise(UnsafeMutableRawPointer(windowed), bytes: w * h * MemoryLayout<Float>.stride)
        HugePages.advise(UnsafeMutableRawPointer(spectrum), bytes: h * half * MemoryLayout<Complex<Float>>.stride)
        image.samples.withUnsafeBufferPointer { src in
            spectrumPower.withUnsafeMutableBufferPointer { power in
                for ty in ys {
                    for tx in xs {
                        var sum = 0.0
                        if S.isFloatingPoint {
                            for y in 0..<h {
                                let s = src.baseAddress! + (ty + y) * iw + tx
                                for x in 0..<w { sum += s[x].doubleValue }
                            }
                        } else {
                            // Whole grey levels: every partial sum is an integer below 2⁵³, so the
                            // integer total equals the Double running sum exactly.
                            var total = 0
                            for y in 0..<h {
                                let s = src.baseAddress! + (ty + y) * iw + tx
                                for x in 0..<w { total &+= Int(s[x].doubleValue) }
                            }
                            sum = Double(total)
                        }
                        let mean = sum / Double(w * h)
                        wx.withUnsafeBufferPointer { wxp in
                            let wxb = wxp.baseAddress!
                            for y in 0..<h {
                                let o = windowed + y * w, s = src.baseAddress! + (ty + y) * iw + tx, wyy = wy[y]
                                for x in 0..<w { o[x] = Float((s[x].doubleValue - mean) * wxb[x] * wyy) }
                            }
                        }
                        // Single precision: the power is summed in Double, and 24-bit samples lose
                        // nothing an 8- or 16-bit micrograph has.
                        plan.forward(UnsafeBufferPointer(start: windowed, count: w * h), into: UnsafeMutableBufferPointer(start: spectrum, count: h * half))
                        for i in 0..<(h * half) {
                            let z = spectrum[i]
                            power[i] += Double(z.real) * Double(z.real) + Double(z.imaginary) * Double(z.imaginary)
                        }
                    }
                }
            }
        }
        let fMin = 1 / (options.longestPeriod ?? Double(min(w, h)) / 4), fMax = 1 / options.shortestPeriod
        var power = [Double](repeating: 0, count: options.bins), samples = power
        // Power-weighted doubled-angle sums in 0.1° bins, to refine peaks to a fraction of a frequency sample.
        let fine = 1800
        var fineC = [Double](repeating: 0, count: fine), fineS = fineC
        let bins = options.bins
        let fxs = (0..<half).map { Double($0) / Double(w) }
        for r in 0..<h {
            let fy = Double(r <= h / 2 ? r : r - h) / Double(h)
            for c in 0..<half {
                let fx = fxs[c]
                let f = (fx * fx + fy * fy).squareRoot()
                guard f >= fMin && f <= fMax else { continue }
                // Columns other than 0 (and w/2) stand for their conjugate half too.
                let weight = (c == 0 || (w % 2 == 0 && c == w / 2)) ? 0.5 : 1
                // Both bins from the series atan2 when its angle is clear of every edge of both grids
                // (it is within 10⁻⁸° of libm's; see AngleBin.swift), else from libm's angle.
                var b = 0, fb = 0, exact = true
                if fx != 0 && fy != 0 {
                    var degrees = fastAtan2(-fy, fx) * degreesPerRadian + 90
                    if degrees >= 90 { degrees -= 180 }
                    if let k = clearBin(degrees, bins, margin: 1e-6), let k2 = clearBin(degrees, fine, margin: 1e-6) {
                        b = k; fb = k2; exact = false
                    }
                }
                if exact {
                    var angle = atan2(-fy, fx) * 180 / .pi + 90
                    while angle >= 90 { angle -= 180 }
                    while angle < -90 { angle += 180 }
                    b = bin(angle, bins)
                    fb = bin(angle, fine)
                }
                let p = weight * spectrumPower[r * half + c]
                power[b] += p
                samples[b] += weight
                // cos 2θ and sin 2θ of the structure angle θ = atan2(−fy, fx) + 90°, without trigonometry.
                let f2 = f * f
                fineC[fb] += p * (fy * fy - fx * fx) / f2
                fineS[fb] += p * 2 * fx * fy / f2
            }
        }
        guard power.reduce(0, +) > 0 else { throw .analysisFailed("orientation: no spectral power between periods \(options.shortestPeriod) and \(1 / fMin) px") }
        // Mean power per frequency sample, so the Cartesian grid's uneven angular sampling does not show.
        var r = summarise(zip(power, samples).map { $1 > 0 ? $0 / $1 : 0 }, method: .fourier)
        // Each peak: the power-weighted circular mean of the spectrum within ±4° of it (the Hann
        // window's blob is symmetric about the true frequency, so its centroid angle is unbiased).
        for i in r.dominantAngles.indices {
            let centre = bin(r.dominantAngles[i].angle, fine)
            var c = 0.0, sn = 0.0
            for j in -40...40 { let k = ((centre + j) % fine + fine) % fine; c += fineC[k]; sn += fineS[k] }
            if c != 0 || sn != 0 { r.dominantAngles[i].angle = atan2(sn, c) * 90 / .pi }
        }
        return r
    }

    /// Peaks found by either route, strongest first, a Fourier peak dropped when the tensor has one
    /// within 3° (the tensor's angle is kept).
    public static func combined(_ tensor: Result, _ fourier: Result) -> [Peak] {
        var out = tensor.dominantAngles
        for p in fourier.dominantAngles where !out.contains(where: { let d = abs($0.angle - p.angle); return min(d, 180 - d) < 3 }) {
            out.append(p)
        }
        return out
    }

    static func check<S: GreySample>(_ image: Raster<S>, _ o: Options) throws(SEMError) {
        guard image.width >= 8, image.height >= 8 else { throw .invalidRequest("orientation: image \(image.width)×\(image.height) is too small") }
        guard o.bins >= 18 && o.bins <= 3600 else { throw .invalidRequest("orientation: bins must be 18–3600") }
        guard o.gradientSigma > 0 && o.tensorSigma > 0 else { throw .invalidRequest("orientation: σ must be positive") }
        if let m = o.mask, m.width != image.width || m.height != image.height {
            throw .invalidRequest("orientation: mask \(m.width)×\(m.height) does not match the image \(image.width)×\(image.height)")
        }
    }

    /// Origins of `size`-wide tiles spread evenly over `extent` (one at 0 when it fits).
    static func tileOrigins(_ extent: Int, _ size: Int) -> [Int] {
        let count = (extent + size - 1) / size
        guard count > 1 else { return [0] }
        return (0..<count).map { Int((Double($0) * Double(extent - size) / Double(count - 1)).rounded()) }
    }

    @inline(__always) static func bin(_ angle: Double, _ bins: Int) -> Int {
        let b = Int(((angle + 90) / 180 * Double(bins)).rounded(.down))
        return ((b % bins) + bins) % bins
    }

    /// Peaks, circular mean and order parameter of an orientation histogram over [−90, 90).
    static func summarise(_ hist: [Double], method: Method) -> Result {
        let n = hist.count
        let width = 180 / Double(n)
        let centres = (0..<n).map { -90 + (Double($0) + 0.5) * width }
        let total = hist.reduce(0, +)
        var c2 = 0.0, s2 = 0.0
        for i in 0..<n {
            let t = centres[i] * .pi / 90
            c2 += hist[i] * cos(t)
            s2 += hist[i] * sin(t)
        }
        let order = (c2 * c2 + s2 * s2).squareRoot() / max(total, .leastNonzeroMagnitude)
        let meanAngle = atan2(s2, c2) * 90 / .pi
        // Candidates: maxima of the circularly smoothed histogram (σ = 1.5°), refined on the raw one.
        let sigmaBins = max(1, 1.5 / width)
        let r = Int((3 * sigmaBins).rounded(.up))
        let kernel = (-r...r).map { Foundation.exp(-Double($0 * $0) / (2 * sigmaBins * sigmaBins)) }
        var smooth = [Double](repeating: 0, count: n)
        for i in 0..<n { for j in -r...r { smooth[i] += kernel[j + r] * hist[((i + j) % n + n) % n] } }
        let top = smooth.max() ?? 0
        let floor = smooth.sorted()[n / 2]
        var peaks: [(Double, Double, Double)] = []
        for i in 0..<n {
            let l = smooth[(i - 1 + n) % n], rr = smooth[(i + 1) % n]
            // Peaks must rise at least 35 % of the way from the median level to the highest one.
            guard smooth[i] > l && smooth[i] >= rr && smooth[i] - floor >= 0.35 * (top - floor) else { continue }
            // Highest raw bin within ±2 bins, then a parabola through it and its neighbours.
            var k = i
            for j in -2...2 where hist[((i + j) % n + n) % n] > hist[((k) % n + n) % n] { k = i + j }
            k = (k % n + n) % n
            let a = hist[(k - 1 + n) % n], b = hist[k], cc = hist[(k + 1) % n]
            let denom = a - 2 * b + cc
            let offset = denom < 0 ? max(-0.5, min(0.5, 0.5 * (a - cc) / denom)) : 0
            var angle = centres[k] + offset * width
            if angle >= 90 { angle -= 180 }
            if angle < -90 { angle += 180 }
            let span = Int((10 / width).rounded())
            var mass = 0.0
            for j in -span...span { mass += hist[((k + j) % n + n) % n] }
            peaks.append((angle, mass / max(total, .leastNonzeroMagnitude), smooth[i]))
        }
        peaks.sort { $0.2 > $1.2 }
        // Keep peaks at least 10° from a stronger one.
        var kept: [(Double, Double, Double)] = []
        for p in peaks where !kept.contains(where: { d in let x = abs(d.0 - p.0); return min(x, 180 - x) < 10 }) { kept.append(p) }
        return Result(method: method, dominantAngles: kept.prefix(6).map { Peak(angle: $0.0, fraction: $0.1) }, meanAngle: meanAngle,
                      orderParameter: order, circularVariance: 1 - order, meanCoherency: nil, countedFraction: nil,
                      binCentres: centres, histogram: hist)
    }
}
