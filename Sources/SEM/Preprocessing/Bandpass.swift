// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import ComplexModule

/// ImageJ's "FFT Bandpass Filter" (ij/plugin/filter/FFTFilter.java, after Joachim Walter; SEM.md
/// §2.6), through FFTW's real transforms instead of the Hartley transform (equivalent for a real,
/// symmetric mask). The image is padded to the smallest power of two i ≥ 1.5·max(w, h), centred and
/// tiled with mirror copies so that nothing wraps round; each frequency (j, k) is multiplied by
/// (1 − exp(−(j²+k²)·sL²))·exp(−(j²+k²)·sS²) with sL = 2·large/i and sS = 2·small/i; stripes along
/// one axis are suppressed by (1 − exp(−k²·t²)) (or j²), t = (100 − tolerance)/100, with the axis
/// line itself set to 0. ImageJ then stretches the result for display; here the image's mean is kept
/// instead, so grey levels stay comparable and thresholds still apply.
public enum Bandpass {
    /// No stripe suppression, or suppression of horizontal or vertical stripes.
    public enum Stripes: String, Sendable, CaseIterable {
        /// No stripe suppression.
        case none
        /// Suppress horizontal stripes (scan-line noise).
        case horizontal
        /// Suppress vertical stripes.
        case vertical
    }

    /// The image with structures larger than `largeStructures` and smaller than `smallStructures` pixels filtered out, and stripes suppressed as asked.
    public static func filter(_ image: Raster<Float>, largeStructures: Double = 40, smallStructures: Double = 3,
                              stripes: Stripes = .none, tolerance: Double = 5) throws(SEMError) -> Raster<Float> {
        let w = image.width, h = image.height
        guard w >= 2, h >= 2 else { throw .invalidRequest("bandpass: the image is \(w)×\(h), too small") }
        guard largeStructures > smallStructures, smallStructures >= 0 else {
            throw .invalidRequest("bandpass: large structures (\(largeStructures) px) must exceed small structures (\(smallStructures) px)")
        }
        guard (0...100).contains(tolerance) else { throw .invalidRequest("bandpass: tolerance must be 0–100 %") }
        var n = 2
        while Double(n) < 1.5 * Double(max(w, h)) { n *= 2 }
        let mean = image.samples.reduce(0.0) { $0 + Double($1) } / Double(w * h)
        // Centred, mirror-tiled padding.
        let x0 = (n - w) / 2, y0 = (n - h) / 2
        func mirror(_ i: Int, _ len: Int) -> Int {
            let period = 2 * len
            var m = i % period
            if m < 0 { m += period }
            return m < len ? m : period - 1 - m
        }
        var padded = [Double](repeating: 0, count: n * n)
        image.samples.withUnsafeBufferPointer { src in
            for y in 0..<n {
                let sy = mirror(y - y0, h) * w
                for x in 0..<n { padded[y * n + x] = Double(src[sy + mirror(x - x0, w)]) - mean }
            }
        }
        var spectrum: [Complex<Double>]
        do { spectrum = try FFT.forward2D(padded, rows: n, columns: n) }
        catch { throw .analysisFailed("bandpass FFT: \(error)") }
        let half = n / 2 + 1
        let sL = 2 * largeStructures / Double(n), sS = 2 * smallStructures / Double(n)
        let t = (100 - tolerance) / 100
        for r in 0..<n {
            let j = Double(r <= n / 2 ? r : r - n)
            for c in 0..<half {
                let k = Double(c)
                let q = j * j + k * k
                let passLarge: Double = 1 - Foundation.exp(-q * sL * sL)
                var factor: Double = passLarge * Foundation.exp(-q * sS * sS)
                switch stripes {
                case .none: break
                // Horizontal stripes vary along y only: their energy sits on the k = 0 column.
                case .horizontal: factor *= c == 0 ? 0 : 1 - Foundation.exp(-(k * k) * (t * t))
                case .vertical: factor *= r == 0 ? 0 : 1 - Foundation.exp(-(j * j) * (t * t))
                }
                let v = spectrum[r * half + c]
                spectrum[r * half + c] = Complex(v.real * factor, v.imaginary * factor)
            }
        }
        let back: [Double]
        do { back = try FFT.inverse2D(spectrum, rows: n, columns: n) }
        catch { throw .analysisFailed("bandpass inverse FFT: \(error)") }
        var out = [Float](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w { out[y * w + x] = Float(back[(y + y0) * n + x + x0] + mean) } }
        return Raster(width: w, height: h, colorModel: .gray, samples: out)
    }
}
