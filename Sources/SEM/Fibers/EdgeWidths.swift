// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Sub-pixel fibre widths from the grey levels across the centre line.
///
/// Twice the distance transform on the skeleton of a thresholded mask is quantised (it takes the
/// values 2·√(i² + j²) of the pixel grid) and biased: the integer mask of a blurred fibre is a pixel
/// too wide or too narrow depending on where the threshold cuts the blurred edge and how the edge
/// falls on the grid. This measures the width as an analyst with a line profile would: at each
/// centre-line sample it reads the grey-level profile along the local normal and puts each edge
/// where the profile crosses the half-level between the fibre and the background beside that edge.
/// For a fibre of width w blurred by any symmetric probe (Gaussian σ, pixel area) a blurred step
/// passes half-way exactly at the geometric edge as long as w ≳ 2.5σ, whatever threshold the mask
/// used; each edge has its own levels, so an illumination gradient across the fibre does not move
/// it.
///
/// Per sample:
/// - the tangent is the principal axis of the skeleton pixels within about one radius (PCA of their
///   coordinates), the normal its perpendicular;
/// - the profile is sampled every half pixel along the normal by bilinear interpolation and averaged
///   over parallel lines one pixel apart along the tangent (up to ±3, fewer on thin fibres): noise
///   falls by √(lines) without blurring across the edge;
/// - on each side, the mask edge `m` is the first background pixel along the normal; the background
///   level is the mean of the profile 2.5 to 4.5 px beyond it where the mask is background (past
///   the blur of the edge); the fibre level is the mean of the profile within ±1 px of its maximum
///   between the centre and `m` (the bright edge of a secondary-electron image where there is one).
///   A fibre a few blur widths across has no plateau, and that mean reads below the peak (a 5.8 px
///   fibre at σ 1.2 px: ~4 %, which put the half-level low and the width +5 %): where a parabola
///   fitted to those five samples curves down by more than three times its curvature's noise
///   (the background window's SD / √14), the level is the parabola's value at the maximum instead;
/// - when the mask stops short of the fibre's edge (a threshold high up the edges, such as the
///   top-layer level), the window lies on the fibre's flank: the profile still falls across it. The
///   background is then the profile's outer minimum (three-sample mean) within max(4 px, radius)
///   past the window; a plateau (a lower fibre beside this one) does not fall and keeps its level;
/// - the edge is the first crossing of the half-level outward from that maximum, interpolated
///   linearly between the two profile samples around it; it must lie before the background.
///
/// A sample is not measured (NaN) when a profile line leaves the image, the tangent is undefined, a
/// side has no background pixels (a touching neighbour) or no crossing, the fibre is not brighter
/// than the background beside it, or the width differs from 2·EDT by more than max(2.5 px, 40 %)
/// (the profile met a neighbour or a crossing; past a flank, only a width that far below 2·EDT).
///
/// Known bias: the bright edge halo of secondary-electron images moves the crossing outward when the
/// halo is narrower than the probe resolves: a halo of 0.37 of the fibre contrast decaying over
/// 1.5 px with a probe σ of 1.2 px adds 0.45 px to every width (the steepest point of the profile,
/// tried instead, adds 0.3 px but is three times noisier). A narrow halo and a slightly wider fibre
/// give the same profile to first order, so no rule on the profile alone removes it.
enum EdgeWidths {
    /// Profile sampling step along the normal, pixels.
    static let step = 0.5
    /// The background window beyond the mask edge, pixels.
    static let backgroundFrom = 2.5, backgroundTo = 4.5
    /// How far past the window the profile's outer minimum is sought (pixels, or the radius if
    /// larger); the window counts as the fibre's flank when the profile falls across it by
    /// `flankDrop` of the fibre contrast and the minimum lies `flankGap` below the window's level.
    static let flankSearch = 4.0, flankDrop = 0.10, flankGap = 0.03
    /// Samples are left out within this many junction radii of a junction (the profile across a
    /// fibre beside a crossing runs into the other fibre).
    static let junctionExclusion = 2.0

    /// Widths (pixels) at the skeleton pixels `samples[i]` for i in `tried` (row-major indices),
    /// whose 2·EDT values are `diameters`; `code`/`paddedWidth`: the pruned skeleton's padded byte
    /// image (nonzero on the skeleton). One value per sample: NaN where it was not tried or cannot be
    /// measured. Samples run concurrently; each is independent, so the result does not depend on the
    /// number of threads.
    static func measure(grey: GreyLevels, darkFibres: Bool, mask: BinaryMask, skeleton code: [UInt8], paddedWidth: Int,
                        samples: [Int], diameters: [Double], tried: [Int]) -> [Double] {
        switch grey {
        case .uint8(let r): measure(r, darkFibres: darkFibres, mask: mask, code: code, paddedWidth: paddedWidth, samples: samples, diameters: diameters, tried: tried)
        case .uint16(let r): measure(r, darkFibres: darkFibres, mask: mask, code: code, paddedWidth: paddedWidth, samples: samples, diameters: diameters, tried: tried)
        case .float(let r): measure(r, darkFibres: darkFibres, mask: mask, code: code, paddedWidth: paddedWidth, samples: samples, diameters: diameters, tried: tried)
        }
    }

    static func measure<T: GreySample>(_ image: Raster<T>, darkFibres: Bool, mask: BinaryMask, code: [UInt8], paddedWidth pw: Int,
                                       samples: [Int], diameters: [Double], tried: [Int]) -> [Double] {
        precondition(image.width == mask.width && image.height == mask.height, "EdgeWidths: image and mask differ in size")
        precondition(samples.count == diameters.count, "EdgeWidths: samples and diameters differ")
        var result = [Double](repeating: .nan, count: samples.count)
        let n = tried.count
        guard n > 0 else { return result }
        let chunk = 4096, chunks = (n + chunk - 1) / chunk
        let w = image.width, h = image.height
        let sign: Float = darkFibres ? -1 : 1
        result.withUnsafeMutableBufferPointer { rb in
        let sink = UnsafeSendable(rb.baseAddress!)
        image.samples.withUnsafeBufferPointer { ib in
            mask.pixels.withUnsafeBufferPointer { mb in
                code.withUnsafeBufferPointer { cb in
                    let img = UnsafeSendable(ib.baseAddress!), msk = UnsafeSendable(mb.baseAddress!), skel = UnsafeSendable(cb.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        var profile: [Double] = []
                        var scratch = Profile(image: img.pointer, mask: msk.pointer, width: w, height: h, sign: sign)
                        for k in (c * chunk)..<min(n, (c + 1) * chunk) {
                            let i = tried[k]
                            sink.pointer[i] = scratch.width(at: samples[i], radius: 0.5 * diameters[i], skeleton: skel.pointer, paddedWidth: pw,
                                                            profile: &profile)
                        }
                    }
                }
            }
        }
        }
        return result
    }

    /// One sample's measurement over raw pointers (no bounds tests beyond the ones it makes).
    struct Profile<T: GreySample> {
        let image: UnsafePointer<T>
        let mask: UnsafePointer<UInt8>
        let width: Int, height: Int
        let sign: Float

        /// Bilinear grey level at (x, y); nil outside the image.
        @inline(__always) func grey(_ x: Double, _ y: Double) -> Double? {
            guard x >= 0 && y >= 0 else { return nil }
            let x0 = Int(x), y0 = Int(y)
            guard x0 < width - 1 && y0 < height - 1 else {
                // On the last row or column exactly: no interpolation needed.
                if (x0 == width - 1 && x == Double(x0)) || (y0 == height - 1 && y == Double(y0)) {
                    guard x0 < width && y0 < height else { return nil }
                    return Double(image[y0 * width + x0].floatValue)
                }
                return nil
            }
            let fx = x - Double(x0), fy = y - Double(y0)
            let p = image + y0 * width + x0
            let a = Double(p[0].floatValue), b = Double(p[1].floatValue)
            let c = Double(p[width].floatValue), d = Double(p[width + 1].floatValue)
            return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy
        }

        /// ``grey(_:_:)`` at a point known to lie at least a pixel inside the image's far edges.
        @inline(__always) func interior(_ x: Double, _ y: Double) -> Double {
            let x0 = Int(x), y0 = Int(y)
            let fx = x - Double(x0), fy = y - Double(y0)
            let p = image + y0 * width + x0
            let a = Double(p[0].floatValue), b = Double(p[1].floatValue)
            let c = Double(p[width].floatValue), d = Double(p[width + 1].floatValue)
            return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy
        }

        /// The mask at the nearest pixel; nil outside the image.
        @inline(__always) func masked(_ x: Double, _ y: Double) -> Bool? {
            let xi = Int((x + 0.5).rounded(.down)), yi = Int((y + 0.5).rounded(.down))
            guard xi >= 0 && yi >= 0 && xi < width && yi < height else { return nil }
            return mask[yi * width + xi] != 0
        }

        /// The distances of the two edges from (x, y) along the normal to direction `theta`
        /// (`profile`: scratch for the profile read).
        func across(x: Int, y: Int, theta: Double, radius r: Double, profile: inout [Double]) -> (Double, Double, Bool)? {
            let tx = cos(theta), ty = sin(theta)
            let nx = -ty, ny = tx
            // The mask edges first (the first background pixel along the normal on each side), so the
            // profile is read only as far as the background windows beyond them.
            // Beyond the background window, the profile is read a little further (`extra`): when the
            // mask stops short of the fibre's edge (a top-layer threshold), the window is still on the
            // flank and the background is the profile's outer minimum instead.
            let extra = Int((max(EdgeWidths.flankSearch, r) / EdgeWidths.step).rounded(.up))
            let steps = Int(((2 * r + EdgeWidths.backgroundTo + 4) / EdgeWidths.step).rounded(.up)) + extra
            let fx0 = Double(x), fy0 = Double(y)
            var maskEdges = (0, 0)
            for side in stride(from: 1, through: -1, by: -2) {
                var m = 0
                for j in 1...steps {
                    let t = Double(side * j) * EdgeWidths.step
                    guard let inside = masked(fx0 + t * nx, fy0 + t * ny) else { return nil }
                    if !inside { m = j; break }
                }
                guard m > 0 else { return nil }
                if side == 1 { maskEdges.0 = m } else { maskEdges.1 = m }
            }
            let reach = max(maskEdges.0, maskEdges.1) + Int(EdgeWidths.backgroundTo / EdgeWidths.step)
            guard reach <= steps - extra else { return nil }
            let reachFar = reach + extra
            // The profile, every half pixel, averaged over the parallel lines.
            let lines = min(3, max(1, Int(r)))
            let count = 2 * steps + 1
            if profile.count < count { profile = [Double](repeating: 0, count: count) }
            let s = Double(sign)
            // Every point read lies within these extents of (x, y); when they fit inside the image
            // with a pixel to spare, the bilinear reads need no bounds tests (the same arithmetic).
            let far = Double(reachFar) * EdgeWidths.step
            let ex = Double(lines) * abs(tx) + far * abs(nx), ey = Double(lines) * abs(ty) + far * abs(ny)
            // (A margin of 1e-6 px keeps rounding in the sums from crossing an edge the bound clears.)
            let inside = fx0 - ex >= 1e-6 && fy0 - ey >= 1e-6 && fx0 + ex < Double(width - 1) - 1e-6 && fy0 + ey < Double(height - 1) - 1e-6
            for j in (steps - reachFar)...(steps + reachFar) {
                let t = Double(j - steps) * EdgeWidths.step
                var sum = 0.0
                var valid = true
                if inside {
                    for u in -lines...lines { sum += interior(fx0 + Double(u) * tx + t * nx, fy0 + Double(u) * ty + t * ny) }
                } else {
                    for u in -lines...lines {
                        guard let v = grey(fx0 + Double(u) * tx + t * nx, fy0 + Double(u) * ty + t * ny) else { valid = false; break }
                        sum += v
                    }
                }
                profile[j] = valid ? s * sum / Double(2 * lines + 1) : .nan
            }
            var edges = (0.0, 0.0)
            var flank = false
            for side in stride(from: 1, through: -1, by: -2) {
                let m = side == 1 ? maskEdges.0 : maskEdges.1
                // Background beside this edge.
                let from = m + Int(EdgeWidths.backgroundFrom / EdgeWidths.step)
                var to = m + Int(EdgeWidths.backgroundTo / EdgeWidths.step)
                var bSum = 0.0, bSquares = 0.0, bCount = 0
                for j in from...to {
                    let t = Double(side * j) * EdgeWidths.step
                    guard masked(fx0 + t * nx, fy0 + t * ny) == false else { continue }
                    let v = profile[steps + side * j]
                    guard v.isFinite else { continue }
                    bSum += v; bSquares += v * v; bCount += 1
                }
                guard bCount >= 2 else { return nil }
                var b = bSum / Double(bCount)
                let noise = (max(bSquares / Double(bCount) - b * b, 0) * Double(bCount) / Double(bCount - 1)).squareRoot()
                // The fibre level: around the maximum between the centre and the mask edge.
                var peak = 0, best = -Double.infinity
                for j in 0...m {
                    let v = profile[steps + side * j]
                    guard v.isFinite else { return nil }
                    if v > best { best = v; peak = j }
                }
                var fSum = 0.0, fCount = 0
                for j in max(peak - 2, -m)...(peak + 2) {
                    let v = profile[steps + side * j]
                    if v.isFinite { fSum += v; fCount += 1 }
                }
                var f = fSum / Double(fCount)
                // A narrow blurred fibre has no plateau: the five samples' mean (±1 px) reads below
                // its peak. Where a parabola fitted to them curves down beyond three times the noise
                // of its curvature (σ/√14), its value at the maximum (the mean less twice the
                // curvature) is the level.
                if peak - 2 >= -m {
                    var s0 = 0.0, s2 = 0.0, ok = true
                    for u in -2...2 {
                        let v = profile[steps + side * (peak + u)]
                        guard v.isFinite else { ok = false; break }
                        s0 += v; s2 += Double(u * u) * v
                    }
                    let c = (5 * s2 - 10 * s0) / 70
                    if ok && -c > 3 * noise / 14.0.squareRoot() { f = s0 / 5 - 2 * c }
                }
                // The outer minimum of the profile (three-sample mean) out to the far reach: when it lies
                // beyond the window and well below it, the window was on the flank of the fibre.
                var low = Double.infinity, lowAt = -1
                for j in (from + 1)..<(to + extra) {
                    let a = profile[steps + side * (j - 1)], c = profile[steps + side * j], d = profile[steps + side * (j + 1)]
                    guard a.isFinite && c.isFinite && d.isFinite else { break }
                    let v = (a + c + d) / 3
                    if v < low { low = v; lowAt = j }
                }
                // A flank still falls across the window; a plateau (a lower fibre beside this one, the
                // local background of this edge) does not, and keeps the window's level.
                let fall = profile[steps + side * from] - profile[steps + side * to]
                if lowAt > to, low.isFinite, b - low > EdgeWidths.flankGap * (f - low), fall > EdgeWidths.flankDrop * (f - low) {
                    b = low
                    to = lowAt
                    flank = true
                }
                guard f > b else { return nil }
                let level = 0.5 * (f + b)
                // The first crossing outward from the maximum, before the background window.
                var crossing = Double.nan
                var previous = profile[steps + side * peak]
                for j in (peak + 1)...to {
                    let v = profile[steps + side * j]
                    guard v.isFinite else { return nil }
                    if v < level {
                        let frac = previous > v ? (previous - level) / (previous - v) : 0
                        crossing = (Double(j - 1) + frac) * EdgeWidths.step
                        break
                    }
                    previous = v
                }
                guard crossing.isFinite else { return nil }
                if side == 1 { edges.0 = crossing } else { edges.1 = crossing }
            }
            return (edges.0, edges.1, flank)
        }

        mutating func width(at p: Int, radius r: Double, skeleton code: UnsafePointer<UInt8>, paddedWidth pw: Int, profile: inout [Double]) -> Double {
            let x = p % width, y = p / width
            // Tangent: principal axis of the skeleton pixels in a window about one radius across.
            let k = min(max(Int(r.rounded()) + 1, 3), 7)
            var n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
            let q = SkeletonGraph.padded(p, width: width)
            for dy in max(-k, -y)...min(k, height - 1 - y) {
                let row = code + q + dy * pw
                for dx in max(-k, -x)...min(k, width - 1 - x) where row[dx] != 0 {
                    let fx = Double(dx), fy = Double(dy)
                    n += 1; sx += fx; sy += fy; sxx += fx * fx; syy += fy * fy; sxy += fx * fy
                }
            }
            guard n >= 3 else { return .nan }
            let cxx = sxx / n - (sx / n) * (sx / n), cyy = syy / n - (sy / n) * (sy / n), cxy = sxy / n - (sx / n) * (sy / n)
            let theta = 0.5 * atan2(2 * cxy, cxx - cyy)
            guard let (a, b, flank) = across(x: x, y: y, theta: theta, radius: r, profile: &profile) else { return .nan }
            // A width far from the mask's own (2·EDT, right within a pixel or so) is a profile that
            // met something else: a neighbour, a crossing, a bead's flank. When an edge was found past
            // the mask (the window lay on the flank), the mask is too narrow and only a width below
            // it is implausible.
            if flank {
                guard a + b >= 2 * r - max(2.5, 0.4 * 2 * r) else { return .nan }
            } else {
                guard abs(a + b - 2 * r) <= max(2.5, 0.4 * 2 * r) else { return .nan }
            }
            return a + b
        }
    }
}
