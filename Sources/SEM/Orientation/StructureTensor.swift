// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// The structure-tensor route of ``OrientationAnalysis``, computed in bands of 64 rows. Each band
/// makes its own derivative-of-Gaussian gradients and tensor products over the rows the smoothing
/// window reaches, so nothing image-sized is kept: the histogram needs two streaming passes (the
/// largest energy, then the gated histogram), which cost less than writing nine full-size maps.
/// Band boundaries do not depend on the thread count, and per-band sums are added in band order, so
/// the result is the same for any number of threads.
extension OrientationAnalysis {
    static let tensorBandRows = 64

    /// Output columns per tile of ``tensorBand``: a tile's gradients, products and scratch (about
    /// 0.6 MB for a 64-row band) stay in a core's L2 cache instead of streaming whole rows through
    /// memory five times.
    static let tensorTileColumns = 256

    /// Jxx, Jyy and (when `withXY`) Jxy for rows `y0..<y1`, into `jxx`, `jyy`, `jxy` (band-local,
    /// (y1 − y0)·w each), one tile of columns at a time. Each tile computes its gradients and
    /// products over a margin as wide as the gradient and window kernels reach together, so every
    /// output column sees exactly the values (and sums them in exactly the order) of a whole-row
    /// computation; edges are clamped at the image's borders only.
    static func tensorBand<S: GreySample>(_ image: UnsafePointer<S>, width w: Int, height h: Int, rows: Range<Int>,
                           gradient g: UnsafeBufferPointer<Float>, derivative d: UnsafeBufferPointer<Float>, window t: UnsafeBufferPointer<Float>,
                           withXY: Bool, jxx: UnsafeMutablePointer<Float>, jyy: UnsafeMutablePointer<Float>, jxy: UnsafeMutablePointer<Float>) {
        let rt = t.count / 2
        let margin = max(g.count, d.count) / 2 + rt
        let ya = max(rows.lowerBound - rt, 0), yb = min(rows.upperBound + rt, h)
        let widest = min(w, tensorTileColumns + 2 * margin)
        let n = (yb - ya) * widest
        let gx = UnsafeMutablePointer<Float>.allocate(capacity: 3 * n), gy = gx + n, xy = gx + 2 * n
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: Filters.scratchCount(width: widest, rows: max(yb - ya, rows.count),
                                                                                            rowKernel: max(d.count, t.count), columnKernel: max(d.count, t.count)))
        defer { gx.deallocate(); scratch.deallocate() }
        let y0 = rows.lowerBound
        var x0 = 0
        while x0 < w {
            let x1 = min(x0 + tensorTileColumns, w)
            let xa = max(x0 - margin, 0), xb = min(x1 + margin, w), wt = xb - xa
            let row: (Int) -> UnsafePointer<S> = { image + $0 * w + xa }
            Filters.filterRows(width: wt, height: h, rows: ya..<yb, rowKernel: d, columnKernel: g, scratch: scratch, row: row, out: { gx + ($0 - ya) * wt })
            Filters.filterRows(width: wt, height: h, rows: ya..<yb, rowKernel: g, columnKernel: d, scratch: scratch, row: row, out: { gy + ($0 - ya) * wt })
            for i in 0..<((yb - ya) * wt) {
                let a = gx[i], b = gy[i]
                xy[i] = a * b
                gx[i] = a * a
                gy[i] = b * b
            }
            let keep = (x0 - xa)..<(x1 - xa)
            Filters.filterRows(width: wt, height: h, rows: rows, rowKernel: t, columnKernel: t, scratch: scratch, columns: keep,
                               row: { UnsafePointer(gx + ($0 - ya) * wt) }, out: { jxx + ($0 - y0) * w + xa })
            Filters.filterRows(width: wt, height: h, rows: rows, rowKernel: t, columnKernel: t, scratch: scratch, columns: keep,
                               row: { UnsafePointer(gy + ($0 - ya) * wt) }, out: { jyy + ($0 - y0) * w + xa })
            if withXY {
                Filters.filterRows(width: wt, height: h, rows: rows, rowKernel: t, columnKernel: t, scratch: scratch, columns: keep,
                                   row: { UnsafePointer(xy + ($0 - ya) * wt) }, out: { jxy + ($0 - y0) * w + xa })
            }
            x0 = x1
        }
    }

    /// Runs `body(band, rows, jxx, jyy, jxy)` over every band in parallel.
    static func forEachTensorBand<S: GreySample>(_ image: Raster<S>, options: Options, withXY: Bool,
                                  _ body: @Sendable (Int, Range<Int>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>) -> Void) {
        let w = image.width, h = image.height
        let g = Filters.gaussianKernel(sigma: options.gradientSigma, derivative: false)
        let d = Filters.gaussianKernel(sigma: options.gradientSigma, derivative: true)
        let t = Filters.gaussianKernel(sigma: options.tensorSigma, derivative: false)
        let bands = (h + tensorBandRows - 1) / tensorBandRows
        image.samples.withUnsafeBufferPointer { src in
            let s = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!))
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                let rows = (band * tensorBandRows)..<min((band + 1) * tensorBandRows, h)
                let n = rows.count * w
                let j = UnsafeMutablePointer<Float>.allocate(capacity: 3 * n)
                defer { j.deallocate() }
                g.withUnsafeBufferPointer { gp in
                    d.withUnsafeBufferPointer { dp in
                        t.withUnsafeBufferPointer { tp in
                            tensorBand(s.pointer, width: w, height: h, rows: rows, gradient: gp, derivative: dp, window: tp,
                                       withXY: withXY, jxx: j, jyy: j + n, jxy: j + 2 * n)
                        }
                    }
                }
                body(band, rows, j, j + n, j + 2 * n)
            }
        }
    }

    /// The largest Jxx + Jyy of a band (at least 0), eight lanes at a time: the same maximum as a
    /// running `max` over finite values.
    static func largestEnergy(_ jxx: UnsafePointer<Float>, _ jyy: UnsafePointer<Float>, count n: Int) -> Float {
        var m8 = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            let v = UnsafeRawPointer(jxx + i).loadUnaligned(as: SIMD8<Float>.self) + UnsafeRawPointer(jyy + i).loadUnaligned(as: SIMD8<Float>.self)
            m8.replace(with: v, where: v .> m8)
            i += 8
        }
        var m = m8.max()
        while i < n { m = max(m, jxx[i] + jyy[i]); i += 1 }
        return m
    }

    /// Orientation (degrees), coherency and energy of one tensor.
    @inline(__always)
    static func tensorValues(_ a: Double, _ b: Double, _ c: Double) -> (angle: Float, coherency: Float, energy: Float) {
        (angle(a, b, c), coherency(a, b, c), Float(a + b))
    }

    @inline(__always)
    static func angle(_ a: Double, _ b: Double, _ c: Double) -> Float {
        var t = 0.5 * atan2(2 * c, b - a) * 180 / .pi
        if t >= 90 { t -= 180 }
        return Float(t)
    }

    /// √((Jyy − Jxx)² + 4Jxy²) / (Jxx + Jyy + 0.001).
    @inline(__always)
    static func coherency(_ a: Double, _ b: Double, _ c: Double) -> Float {
        Float(((b - a) * (b - a) + 4 * c * c).squareRoot() / (a + b + 0.001))
    }

    /// Per-pixel orientation (degrees), coherency and energy maps (for figures; the histogram does
    /// not need them).
    public static func tensorMaps<S: GreySample>(_ image: Raster<S>, options: Options = Options()) -> Maps {
        let w = image.width, h = image.height
        var theta = [Float](repeating: 0, count: w * h), coh = theta, energy = theta
        theta.withUnsafeMutableBufferPointer { tp in
            coh.withUnsafeMutableBufferPointer { cp in
                energy.withUnsafeMutableBufferPointer { ep in
                    let tq = UnsafeSendable(tp.baseAddress!), cq = UnsafeSendable(cp.baseAddress!), eq = UnsafeSendable(ep.baseAddress!)
                    forEachTensorBand(image, options: options, withXY: true) { _, rows, jxx, jyy, jxy in
                        let base = rows.lowerBound * w
                        for i in 0..<(rows.count * w) {
                            let v = tensorValues(Double(jxx[i]), Double(jyy[i]), Double(jxy[i]))
                            tq.pointer[base + i] = v.angle
                            cq.pointer[base + i] = v.coherency
                            eq.pointer[base + i] = v.energy
                        }
                    }
                }
            }
        }
        return Maps(width: w, height: h, orientation: theta, coherency: coh, energy: energy)
    }

    /// The orientation histogram by the structure tensor, over `options.mask` when given.
    public static func structureTensor(_ grey: GreyLevels, options: Options = Options()) throws(SEMError) -> Result {
        switch grey {
        case .uint8(let r): try structureTensor(r, options: options)
        case .uint16(let r): try structureTensor(r, options: options)
        case .float(let r): try structureTensor(r, options: options)
        }
    }

    /// The histogram of the tensor's angles on grey levels of any stored type (rows read as Float).
    public static func structureTensor<S: GreySample>(_ image: Raster<S>, options: Options = Options()) throws(SEMError) -> Result {
        try check(image, options)
        if let mask = options.mask { return try maskedStructureTensor(image, mask: mask, options: options) }
        let w = image.width, h = image.height
        let bands = (h + tensorBandRows - 1) / tensorBandRows
        // Pass 1: the largest energy Jxx + Jyy.
        let bandMax = UnsafeMutablePointer<Float>.allocate(capacity: bands)
        defer { bandMax.deallocate() }
        bandMax.initialize(repeating: 0, count: bands)
        let bm = UnsafeSendable(bandMax)
        forEachTensorBand(image, options: options, withXY: false) { band, rows, jxx, jyy, _ in
            bm.pointer[band] = largestEnergy(jxx, jyy, count: rows.count * w)
        }
        let maxEnergy = Double((0..<bands).reduce(Float(0)) { max($0, bandMax[$1]) })
        guard maxEnergy > 0 else { throw .analysisFailed("orientation: the image is uniform (no gradient anywhere)") }
        // Pass 2: the gated histogram, per band, added in band order.
        let bins = options.bins, minCoherency = options.minCoherency, energyFloor = options.minEnergy * maxEnergy
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: bands * (bins + 2))
        defer { partial.deallocate() }
        partial.initialize(repeating: 0, count: bands * (bins + 2))
        let pp = UnsafeSendable(partial)
        forEachTensorBand(image, options: options, withXY: true) { band, rows, jxx, jyy, jxy in
            let hist = pp.pointer + band * (bins + 2)
            var counted = 0.0, cohSum = 0.0
            for i in 0..<(rows.count * w) {
                let a = Double(jxx[i]), b = Double(jyy[i]), c = Double(jxy[i])
                guard Double(Float(a + b)) >= energyFloor else { continue }
                let coherency = coherency(a, b, c)
                guard Double(coherency) >= minCoherency else { continue }
                hist[angleBin(a, b, c, bins: bins)] += 1
                counted += 1
                cohSum += Double(coherency)
            }
            hist[bins] = counted
            hist[bins + 1] = cohSum
        }
        return try summariseBands(partial, bands: bands, options: options, pixels: w * h)
    }

    /// Pixels of one band that pass the mask and the coherency test, in pixel order: their energy
    /// (gated once the whole image's largest energy is known), histogram bin and coherency. The
    /// buffers are sized by the band's mask count and owned by ``maskedStructureTensor``.
    struct Candidates {
        var energy: UnsafeMutablePointer<Float>? = nil
        var bin: UnsafeMutablePointer<UInt16>? = nil
        var coherency: UnsafeMutablePointer<Float>? = nil
        var count = 0

        func deallocate() { energy?.deallocate(); bin?.deallocate(); coherency?.deallocate() }
    }

    /// With a mask, one pass instead of two: each band finds its largest energy over all its pixels
    /// and keeps its candidates; the energy gate, which needs the largest energy of the whole image,
    /// is applied to the candidates afterwards. The per-pixel arithmetic and the order of every sum
    /// are the two-pass route's, so the result is identical; the candidates cost 10 bytes per mask
    /// pixel instead of a second computation of the tensor.
    static func maskedStructureTensor<S: GreySample>(_ image: Raster<S>, mask: BinaryMask, options: Options) throws(SEMError) -> Result {
        let w = image.width, h = image.height
        let bands = (h + tensorBandRows - 1) / tensorBandRows
        let bins = options.bins, minCoherency = options.minCoherency
        let bandMax = UnsafeMutablePointer<Float>.allocate(capacity: bands)
        let found = UnsafeMutablePointer<Candidates>.allocate(capacity: bands)
        found.initialize(repeating: Candidates(), count: bands)
        defer {
            for b in 0..<bands { found[b].deallocate() }
            bandMax.deallocate(); found.deinitialize(count: bands); found.deallocate()
        }
        let bm = UnsafeSendable(bandMax), fp = UnsafeSendable(found)
        mask.pixels.withUnsafeBufferPointer { mp in
            let mq = UnsafeSendable(UnsafeMutablePointer(mutating: mp.baseAddress!))
            forEachTensorBand(image, options: options, withXY: true) { band, rows, jxx, jyy, jxy in
                let n = rows.count * w
                bm.pointer[band] = largestEnergy(jxx, jyy, count: n)
                let maskRow = UnsafeRawPointer(mq.pointer + rows.lowerBound * w)
                // At most one candidate per mask pixel: the arrays are sized once and written through pointers.
                var capacity = 0
                for i in 0..<n { capacity &+= Int(maskRow.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0) }
                let energy = UnsafeMutablePointer<Float>.allocate(capacity: capacity), coh = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
                let binOf = UnsafeMutablePointer<UInt16>.allocate(capacity: capacity)
                var found = 0
                var i = 0
                while i < n {
                    // Eight background pixels of the mask at a time are passed over with one test.
                    if i & 7 == 0 && i + 8 <= n && maskRow.loadUnaligned(fromByteOffset: i, as: UInt64.self) == 0 { i += 8; continue }
                    defer { i += 1 }
                    guard maskRow.load(fromByteOffset: i, as: UInt8.self) != 0 else { continue }
                    let a = Double(jxx[i]), b = Double(jyy[i]), x = Double(jxy[i])
                    let coherency = coherency(a, b, x)
                    guard Double(coherency) >= minCoherency else { continue }
                    energy[found] = Float(a + b)
                    binOf[found] = UInt16(angleBin(a, b, x, bins: bins))
                    coh[found] = coherency
                    found += 1
                }
                fp.pointer[band] = Candidates(energy: energy, bin: binOf, coherency: coh, count: found)
            }
        }
        let maxEnergy = Double((0..<bands).reduce(Float(0)) { max($0, bandMax[$1]) })
        guard maxEnergy > 0 else { throw .analysisFailed("orientation: the image is uniform (no gradient anywhere)") }
        let energyFloor = options.minEnergy * maxEnergy
        let partial = UnsafeMutablePointer<Double>.allocate(capacity: bands * (bins + 2))
        defer { partial.deallocate() }
        partial.initialize(repeating: 0, count: bands * (bins + 2))
        for band in 0..<bands {
            let hist = partial + band * (bins + 2), c = found[band]
            var counted = 0.0, cohSum = 0.0
            if let energy = c.energy, let bin = c.bin, let coherency = c.coherency {
                for k in 0..<c.count where Double(energy[k]) >= energyFloor {
                    hist[Int(bin[k])] += 1
                    counted += 1
                    cohSum += Double(coherency[k])
                }
            }
            hist[bins] = counted
            hist[bins + 1] = cohSum
        }
        return try summariseBands(partial, bands: bands, options: options, pixels: mask.foregroundCount)
    }

    /// The histogram, counted pixels and coherency sum of every band (bins + 2 values each), added
    /// in band order; `pixels`: how many could have been counted.
    static func summariseBands(_ partial: UnsafePointer<Double>, bands: Int, options: Options, pixels: Int) throws(SEMError) -> Result {
        let bins = options.bins
        var hist = [Double](repeating: 0, count: bins)
        var counted = 0.0, cohSum = 0.0
        for band in 0..<bands {
            let p = partial + band * (bins + 2)
            for b in 0..<bins { hist[b] += p[b] }
            counted += p[bins]
            cohSum += p[bins + 1]
        }
        guard counted > 0 else { throw .analysisFailed("orientation: no pixel passes coherency ≥ \(options.minCoherency) and energy ≥ \(options.minEnergy) × maximum") }
        var r = summarise(hist, method: .structureTensor)
        r.meanCoherency = cohSum / counted
        r.countedFraction = counted / Double(pixels)
        return r
    }
}
