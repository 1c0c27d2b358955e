// SPDX-License-Identifier: GPL-3.0-or-later
import ComplexModule
import RealModule
import InterphaseCore

/// Conversions of measured rasters into 8-bit images for display (never for analysis).
public enum DisplayImage {
    /// Linear stretch of a gray raster between two percentiles to 0–255.
    ///
    ///     let shown = DisplayImage.stretched(image.grayFloat(), lowPercentile: 0.5, highPercentile: 99.5)
    public static func stretched(_ r: Raster<Float>, lowPercentile: Double = 0.5, highPercentile: Double = 99.5) -> Raster<UInt8> {
        let sorted = r.samples.filter(\.isFinite).map(Double.init).sorted()
        guard !sorted.isEmpty else { return Raster(width: r.width, height: r.height, repeating: 0) }
        let lo = Statistics.quantile(sorted: sorted, lowPercentile / 100)
        var hi = Statistics.quantile(sorted: sorted, highPercentile / 100)
        if hi <= lo { hi = lo + 1 }
        let k = 255 / (hi - lo)
        return Raster(width: r.width, height: r.height, colorModel: .gray,
                      samples: r.samples.map { UInt8(clampingDouble: (Double($0) - lo) * k) })
    }

    /// log(1 + |F|²) of the 2-D FFT, zero frequency in the centre (what ImageJ's "FFT" shows).
    /// The mean is removed and a separable Hann window applied first, so neither the DC term nor
    /// the image borders (which act as a step and draw a bright cross) swamp the display.
    public static func logPowerSpectrum(_ r: Raster<Float>) throws(FFTError) -> Raster<Float> {
        let w = r.width, h = r.height
        let mean = r.samples.reduce(0, +) / Float(max(r.samples.count, 1))
        let hx = (0..<w).map { 0.5 - 0.5 * Float.cos(2 * Float.pi * Float($0) / Float(max(w - 1, 1))) }
        let hy = (0..<h).map { 0.5 - 0.5 * Float.cos(2 * Float.pi * Float($0) / Float(max(h - 1, 1))) }
        var windowed = [Float](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w { windowed[y * w + x] = (r.samples[y * w + x] - mean) * hx[x] * hy[y] } }
        let F = try FFT.forward2D(windowed, rows: h, columns: w)
        let hc = w / 2 + 1
        var out = [Float](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                // Centred frequency (ky, kx); negative kx come from Hermitian symmetry F(−k) = conj F(k).
                let ky = (y - h / 2 + h) % h, kx = x - w / 2
                let v: Complex<Float> = kx >= 0 ? F[ky * hc + kx] : F[((h - ky) % h) * hc + (-kx)]
                out[y * w + x] = Float.log(1 + v.lengthSquared)
            }
        }
        return Raster(width: w, height: h, colorModel: .gray, samples: out)
    }
}
