// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Image filters used before segmentation and orientation analysis. Separable kernels run rows and
/// columns in parallel; edges are clamped (the nearest edge pixel is repeated).
public enum Filters {
    /// Separable Gaussian blur (kernel radius ⌈3σ⌉, normalised to unit sum).
    public static func gaussian(_ image: Raster<Float>, sigma: Double) -> Raster<Float> {
        guard sigma > 0 else { return image }
        return gaussian(grey: image, sigma: sigma)
    }

    /// The same from 8- or 16-bit grey levels (each row converted to Float as it is read), into a
    /// new Float image: the same values as blurring the Float copy.
    public static func gaussian<S: GreySample>(grey image: Raster<S>, sigma: Double) -> Raster<Float> {
        precondition(sigma > 0 && image.colorModel == .gray)
        let k = gaussianKernel(sigma: sigma, derivative: false)
        return Raster(width: image.width, height: image.height, colorModel: .gray,
                      samples: separable(image.samples, width: image.width, height: image.height, rowKernel: k, columnKernel: k))
    }

    /// Gradient by derivative-of-Gaussian kernels (x to the right, y down), the isotropic gradient
    /// OrientationJ recommends over finite differences (SEM.md §2.5).
    public static func gaussianGradient(_ image: Raster<Float>, sigma: Double) -> (gx: [Float], gy: [Float]) {
        let g = gaussianKernel(sigma: sigma, derivative: false), d = gaussianKernel(sigma: sigma, derivative: true)
        let gx = separable(image.samples, width: image.width, height: image.height, rowKernel: d, columnKernel: g)
        let gy = separable(image.samples, width: image.width, height: image.height, rowKernel: g, columnKernel: d)
        return (gx, gy)
    }

    /// Sampled Gaussian (unit sum) or its derivative −x/σ²·G (normalised so that Σ x·k(x) = −1, so a
    /// unit ramp has gradient 1), radius ⌈3σ⌉ (⌈4σ⌉ for the derivative).
    static func gaussianKernel(sigma: Double, derivative: Bool) -> [Float] {
        let r = max(1, Int(((derivative ? 4 : 3) * sigma).rounded(.up)))
        let g = (-r...r).map { Foundation.exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        if !derivative {
            let s = g.reduce(0, +)
            return g.map { Float($0 / s) }
        }
        // Correlation kernel: out[x] = Σ k[j]·in[x + j]; d/dx needs k[j] ∝ j·G(j).
        let dk = (-r...r).enumerated().map { Double($0.element) * g[$0.offset] }
        let norm = (-r...r).enumerated().reduce(0.0) { $0 + Double($1.element) * dk[$1.offset] }
        return dk.map { Float($0 / norm) }
    }

    /// Correlates rows with `rowKernel`, then columns with `columnKernel` (odd lengths, centred).
    public static func separable<S: GreySample>(_ samples: [S], width w: Int, height h: Int, rowKernel: [Float], columnKernel: [Float]) -> [Float] {
        precondition(samples.count == w * h && rowKernel.count % 2 == 1 && columnKernel.count % 2 == 1)
        guard w > 0, h > 0 else { return [] }
        // Every element is written by the bands below.
        return [Float](unsafeUninitializedCapacity: w * h) { dst, count in
            HugePages.advise(dst)
            samples.withUnsafeBufferPointer { src in
                separable(src.baseAddress!, into: dst.baseAddress!, width: w, height: h, rowKernel: rowKernel, columnKernel: columnKernel)
            }
            count = w * h
        }
    }

    /// The same into a caller's buffer, in bands of rows: each worker filters the rows its band needs
    /// into a small scratch buffer and runs the column kernel over them (`filterRows`), so no
    /// full-size intermediate image is made.
    public static func separable<S: GreySample>(_ src: UnsafePointer<S>, into dst: UnsafeMutablePointer<Float>, width w: Int, height h: Int,
                                                rowKernel: [Float], columnKernel: [Float]) {
        let bands = max(Parallelism.chunks(h), (h + 127) / 128)
        let s = UnsafeSendable(UnsafeMutablePointer(mutating: src)), d = UnsafeSendable(dst)
        let rk = rowKernel, ck = columnKernel
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            let y0 = band * h / bands, y1 = (band + 1) * h / bands
            guard y1 > y0 else { return }
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount(width: w, rows: y1 - y0, rowKernel: rk.count, columnKernel: ck.count))
            defer { scratch.deallocate() }
            rk.withUnsafeBufferPointer { k in
                ck.withUnsafeBufferPointer { c in
                    filterRows(width: w, height: h, rows: y0..<y1, rowKernel: k, columnKernel: c, scratch: scratch,
                               row: { UnsafePointer(s.pointer + $0 * w) }, out: { d.pointer + $0 * w })
                }
            }
        }
    }

    /// Floats of scratch `filterRows` needs.
    static func scratchCount(width w: Int, rows: Int, rowKernel: Int, columnKernel: Int) -> Int {
        (rows + columnKernel - 1) * w + w + rowKernel - 1
    }

    /// Rows `rows` of the separable correlation of an image of height `h` (edges clamped) whose row y
    /// is `row(y)`; output row y goes to `out(y)`. The rows the column kernel reaches are row-filtered
    /// into `scratch` (from a clamped, padded copy of each row), then combined. Both inner loops run
    /// along contiguous rows with the tap outermost, so they vectorise, and the summation order is
    /// fixed: tap 0 first. `columns`: the output columns written (all when nil); the others of
    /// `out(y)` are left alone, so a caller tiling an image by columns can write straight into it.
    @inline(__always)
    static func filterRows<S: GreySample>(width w: Int, height h: Int, rows: Range<Int>, rowKernel k: UnsafeBufferPointer<Float>,
                                          columnKernel ck: UnsafeBufferPointer<Float>, scratch: UnsafeMutablePointer<Float>,
                                          columns: Range<Int>? = nil,
                                          row: (Int) -> UnsafePointer<S>, out: (Int) -> UnsafeMutablePointer<Float>) {
        let rr = k.count / 2, rc = ck.count / 2
        let rowSymmetry = symmetry(k), columnSymmetry = symmetry(ck)
        let first = max(rows.lowerBound - rc, 0), last = min(rows.upperBound + rc, h) - 1
        let padded = scratch + (last - first + 1) * w
        let lines = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: max(k.count, ck.count))
        defer { lines.deallocate() }
        for y in first...last {
            let r = row(y)
            for j in 0..<rr { padded[j] = r[0].floatValue; padded[rr + w + j] = r[w - 1].floatValue }
            S.convert(r, to: padded + rr, count: w)
            for j in 0..<k.count { lines[j] = UnsafePointer(padded + j) }
            correlate(scratch + (y - first) * w, count: w, kernel: k.baseAddress!, lines: lines, taps: k.count, symmetry: rowSymmetry)
        }
        let x0 = columns?.lowerBound ?? 0, n = columns?.count ?? w
        for y in rows {
            for j in 0..<ck.count { lines[j] = UnsafePointer(scratch + (min(max(y - rc + j, 0), h - 1) - first) * w + x0) }
            correlate(out(y) + x0, count: n, kernel: ck.baseAddress!, lines: lines, taps: ck.count, symmetry: columnSymmetry)
        }
    }

    /// How a kernel's taps mirror about its centre: a Gaussian's are equal, its derivative's are
    /// opposite with a zero centre. ``correlate`` then adds (or subtracts) each mirrored pair of
    /// lines before one multiplication: half the multiplications of a plain sum.
    enum Symmetry { case none, even, odd }

    static func symmetry(_ k: UnsafeBufferPointer<Float>) -> Symmetry {
        let n = k.count, r = n / 2
        guard n % 2 == 1 && n > 1 else { return .none }
        if (1...r).allSatisfy({ k[r - $0] == k[r + $0] }) { return .even }
        if k[r] == 0 && (1...r).allSatisfy({ k[r - $0] == -k[r + $0] }) { return .odd }
        return .none
    }

    /// out[x] = Σ_j k_j·line_j[x], eight columns at a time in registers (one store per output
    /// instead of one per tap), the tail one by one in the same order. A plain kernel is summed tap 0
    /// first; a mirrored one (`symmetry`) from the centre outwards, each pair of lines combined first:
    /// k_r·line_r + Σ_{j=1…r} k_{r+j}·(line_{r+j} ± line_{r−j}) (no centre term when odd).
    @inline(__always)
    static func correlate(_ out: UnsafeMutablePointer<Float>, count n: Int, kernel k: UnsafePointer<Float>,
                          lines: UnsafePointer<UnsafePointer<Float>>, taps: Int, symmetry: Symmetry = .none) {
        switch symmetry {
        case .even: correlateMirrored(out, count: n, kernel: k, lines: lines, taps: taps, odd: false); return
        case .odd: correlateMirrored(out, count: n, kernel: k, lines: lines, taps: taps, odd: true); return
        case .none: break
        }
        var x = 0
        while x + 8 <= n {
            var acc = SIMD8<Float>(repeating: k[0]) * UnsafeRawPointer(lines[0] + x).loadUnaligned(as: SIMD8<Float>.self)
            for j in 1..<taps {
                acc += SIMD8<Float>(repeating: k[j]) * UnsafeRawPointer(lines[j] + x).loadUnaligned(as: SIMD8<Float>.self)
            }
            UnsafeMutableRawPointer(out + x).storeBytes(of: acc, as: SIMD8<Float>.self)
            x += 8
        }
        while x < n {
            var acc = k[0] * lines[0][x]
            for j in 1..<taps { acc += k[j] * lines[j][x] }
            out[x] = acc
            x += 1
        }
    }

    @inline(__always)
    static func correlateMirrored(_ out: UnsafeMutablePointer<Float>, count n: Int, kernel k: UnsafePointer<Float>,
                                  lines: UnsafePointer<UnsafePointer<Float>>, taps: Int, odd: Bool) {
        let r = taps / 2
        @inline(__always) func load(_ j: Int, _ x: Int) -> SIMD8<Float> { UnsafeRawPointer(lines[j] + x).loadUnaligned(as: SIMD8<Float>.self) }
        var x = 0
        if odd {
            while x + 8 <= n {
                var acc = SIMD8<Float>(repeating: k[r + 1]) * (load(r + 1, x) - load(r - 1, x))
                var j = 2
                while j <= r { acc += SIMD8<Float>(repeating: k[r + j]) * (load(r + j, x) - load(r - j, x)); j += 1 }
                UnsafeMutableRawPointer(out + x).storeBytes(of: acc, as: SIMD8<Float>.self)
                x += 8
            }
            while x < n {
                var acc = k[r + 1] * (lines[r + 1][x] - lines[r - 1][x])
                var j = 2
                while j <= r { acc += k[r + j] * (lines[r + j][x] - lines[r - j][x]); j += 1 }
                out[x] = acc
                x += 1
            }
        } else {
            while x + 8 <= n {
                var acc = SIMD8<Float>(repeating: k[r]) * load(r, x)
                var j = 1
                while j <= r { acc += SIMD8<Float>(repeating: k[r + j]) * (load(r + j, x) + load(r - j, x)); j += 1 }
                UnsafeMutableRawPointer(out + x).storeBytes(of: acc, as: SIMD8<Float>.self)
                x += 8
            }
            while x < n {
                var acc = k[r] * lines[r][x]
                var j = 1
                while j <= r { acc += k[r + j] * (lines[r + j][x] + lines[r - j][x]); j += 1 }
                out[x] = acc
                x += 1
            }
        }
    }

    /// Median over a circular neighbourhood of `radius` pixels (ImageJ's RankFilters kernel: offsets
    /// with dx² + dy² ≤ r² + 1); edges clamped.
    public static func median(_ image: Raster<Float>, radius: Double) -> Raster<Float> {
        let w = image.width, h = image.height
        let r = Int(radius.rounded(.down))
        guard r >= 1, w > 0, h > 0 else { return image }
        var list: [(Int, Int)] = []
        let r2 = radius * radius + 1
        for dy in -r...r { for dx in -r...r where Double(dx * dx + dy * dy) <= r2 { list.append((dx, dy)) } }
        let offsets = list
        var out = [Float](repeating: 0, count: w * h)
        let chunks = Parallelism.chunks(h)
        image.samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let s = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!)), d = UnsafeSendable(dst.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    var window = [Float](repeating: 0, count: offsets.count)
                    for y in (c * h / chunks)..<((c + 1) * h / chunks) {
                        for x in 0..<w {
                            for (i, o) in offsets.enumerated() {
                                window[i] = s.pointer[min(max(y + o.1, 0), h - 1) * w + min(max(x + o.0, 0), w - 1)]
                            }
                            window.sort()
                            d.pointer[y * w + x] = window[window.count / 2]
                        }
                    }
                }
            }
        }
        return Raster(width: w, height: h, colorModel: .gray, samples: out)
    }
}
