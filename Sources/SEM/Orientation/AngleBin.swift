// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The histogram bin of a structure tensor's angle without a libm `atan2` call per pixel, giving
/// exactly the bin of ``OrientationAnalysis/angle(_:_:_:)`` (the Float angle in degrees).
///
/// atan2(y, x) is reduced to atan(t), 0 ≤ t ≤ 1, by the octant symmetries, then to |u| ≤ √2 − 1 by
/// atan t = π/4 + atan((t − 1)/(t + 1)) for t > √2 − 1, where the Taylor series
/// u − u³/3 + u⁵/5 − … stopped after u²¹ is within |u|²³/23 < 7·10⁻¹¹ rad (alternating series
/// with decreasing terms). Halved and in degrees the angle is then within 10⁻⁸° of the exact one,
/// and the Float rounding of the exact angle moves it by at most 4·10⁻⁶° (half an ulp below 128).
/// So when the fast angle lies more than 2·10⁻⁵° from every bin edge (and from the ±90° wrap),
/// both fall in the same bin; otherwise, and for y = 0 or x = 0, the exact route decides. About
/// four pixels in 10⁵ take it.
extension OrientationAnalysis {
    @inline(__always)
    static func angleBin(_ a: Double, _ b: Double, _ c: Double, bins: Int) -> Int {
        let y = 2 * c, x = b - a
        guard y != 0 && x != 0 && y.isFinite && x.isFinite,
              let k = clearBin(0.5 * fastAtan2(y, x) * degreesPerRadian, bins, margin: 2e-5) else {
            return bin(Double(angle(a, b, c)), bins)
        }
        return k
    }

    /// 180/π, for approximate angles (a multiplication instead of a division; the margins absorb its rounding).
    @inline(__always) static var degreesPerRadian: Double { 57.295_779_513_082_320_876_8 }

    /// atan2(y, x) within 10⁻¹⁰ rad, for finite non-zero x and y (the octant reduction and series above).
    @inline(__always)
    static func fastAtan2(_ y: Double, _ x: Double) -> Double {
        let ax = abs(x), ay = abs(y)
        let swapped = ay > ax
        let t = swapped ? ax / ay : ay / ax
        var r = t > 0.414_213_562_373_095_03 ? 0.25 * Double.pi + atanSeries((t - 1) / (t + 1)) : atanSeries(t)
        if swapped { r = 0.5 * Double.pi - r }
        if x < 0 { r = Double.pi - r }
        return y < 0 ? -r : r
    }

    /// The bin of `degrees` among `bins` equal bins over [−90, 90) when it lies more than `margin`
    /// degrees from every bin edge (±90 included), else nil: then an approximate angle may not be
    /// trusted to fall in the exact angle's bin.
    @inline(__always)
    static func clearBin(_ degrees: Double, _ bins: Int, margin: Double) -> Int? {
        let position = (degrees + 90) / 180 * Double(bins)
        guard position > 0 && position < Double(bins) else { return nil }
        // Truncation is the floor here (no libm call on the baseline target).
        let k = Int(position), fraction = position - Double(k), m = margin * Double(bins) / 180
        return fraction > m && fraction < 1 - m ? k : nil
    }

    /// atan u for |u| ≤ √2 − 1: the Taylor series to u²¹, Horner in u².
    @inline(__always)
    static func atanSeries(_ u: Double) -> Double {
        let z = u * u
        var p = 1.0 / 21
        p = p * z - 1.0 / 19
        p = p * z + 1.0 / 17
        p = p * z - 1.0 / 15
        p = p * z + 1.0 / 13
        p = p * z - 1.0 / 11
        p = p * z + 1.0 / 9
        p = p * z - 1.0 / 7
        p = p * z + 1.0 / 5
        p = p * z - 1.0 / 3
        return u + u * z * p
    }
}
