// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// A sample type grey levels are kept in: 8- and 16-bit images stay at their own width and are
/// read as Float row by row by the kernels that need it.
public protocol GreySample: RasterSample {
    /// The grey level as Float (exact for 8- and 16-bit samples).
    var floatValue: Float { get }
    /// `count` samples as Float into `dst`, eight at a time (a plain loop stays one scalar
    /// conversion per sample on the baseline x86-64 target).
    static func convert(_ src: UnsafePointer<Self>, to dst: UnsafeMutablePointer<Float>, count: Int)
}

extension UInt8: GreySample {
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public static func convert(_ src: UnsafePointer<UInt8>, to dst: UnsafeMutablePointer<Float>, count n: Int) {
        convertWhole(src, to: dst, count: n)
    }
}

extension UInt16: GreySample {
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public static func convert(_ src: UnsafePointer<UInt16>, to dst: UnsafeMutablePointer<Float>, count n: Int) {
        convertWhole(src, to: dst, count: n)
    }
}

/// Unsigned whole grey levels to Float, eight lanes at a time (widened to 32 bits, then converted).
@inlinable
func convertWhole<T: FixedWidthInteger & UnsignedInteger & SIMDScalar>(_ src: UnsafePointer<T>, to dst: UnsafeMutablePointer<Float>, count n: Int) {
    var x = 0
    while x + 8 <= n {
        let v = UnsafeRawPointer(src + x).loadUnaligned(as: SIMD8<T>.self)
        UnsafeMutableRawPointer(dst + x).storeBytes(of: SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: v)), as: SIMD8<Float>.self)
        x += 8
    }
    while x < n { dst[x] = Float(src[x]); x += 1 }
}

extension Float: GreySample {
    @inlinable public var floatValue: Float { self }
    @inlinable public static func convert(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count n: Int) {
        dst.update(from: src, count: n)
    }
}

/// The grey levels of a micrograph as the file stores them. An 8-bit grey image is a quarter of the
/// memory of its Float copy (16 MB against 64 MB at 4096²), so the fibre pipeline reads it directly:
/// the Gaussian, the Fourier window and the structure tensor convert each row as they copy it, and
/// the Float image is made only for the analyses that need it whole. Colour, grey-and-alpha and
/// 32-bit images are held as Float luminance (`Raster.grayFloat()`), as before.
public enum GreyLevels: Sendable {
    /// An 8-bit grey image, as stored.
    case uint8(Raster<UInt8>)
    /// A 16-bit grey image, as stored.
    case uint16(Raster<UInt16>)
    /// Float luminance (colour, grey-and-alpha and 32-bit images).
    case float(Raster<Float>)

    /// Single-channel 8- and 16-bit rasters are kept as they are; everything else becomes Float
    /// luminance, colour with Rec. 601 weights (0.299 R + 0.587 G + 0.114 B, ImageJ's weighted
    /// conversion).
    public init(_ raster: AnyRaster) {
        switch raster {
        case .uint8(let r) where r.colorModel == .gray: self = .uint8(r)
        case .uint16(let r) where r.colorModel == .gray: self = .uint16(r)
        default: self = .float(raster.grayFloat(weights: .rec601))
        }
    }

    /// Pixels per row.
    public var width: Int {
        switch self {
        case .uint8(let r): r.width
        case .uint16(let r): r.width
        case .float(let r): r.width
        }
    }

    /// Rows.
    public var height: Int {
        switch self {
        case .uint8(let r): r.height
        case .uint16(let r): r.height
        case .float(let r): r.height
        }
    }

    /// The grey levels as Float (the same values `Raster.grayFloat()` gives).
    public func float() -> Raster<Float> {
        switch self {
        case .uint8(let r): r.grayFloat()
        case .uint16(let r): r.grayFloat()
        case .float(let r): r
        }
    }

    /// The smallest and largest grey level (nil for an empty image), without making the Float image:
    /// the same values as the Float image's `min()` and `max()`.
    public var range: (lo: Float, hi: Float)? {
        let r: (lo: Float, hi: Float, integral: Bool)?
        switch self {
        case .uint8(let g): r = Threshold.rangeAndIntegrality(g.samples)
        case .uint16(let g): r = Threshold.rangeAndIntegrality(g.samples)
        case .float(let g): r = Threshold.rangeAndIntegrality(g.samples)
        }
        return r.map { ($0.lo, $0.hi) }
    }

    /// Rows `range` only (to drop a data bar).
    func rows(_ range: Range<Int>) -> GreyLevels {
        switch self {
        case .uint8(let r): .uint8(r.rows(range))
        case .uint16(let r): .uint16(r.rows(range))
        case .float(let r): .float(r.rows(range))
        }
    }
}

/// The Float image made from ``GreyLevels`` on first use and kept (shared by copies of the micrograph).
final class FloatImageCache: @unchecked Sendable {
    private let lock = NSLock()
    private var raster: Raster<Float>?

    init(_ raster: Raster<Float>? = nil) { self.raster = raster }

    func get(_ make: () -> Raster<Float>) -> Raster<Float> {
        lock.lock()
        defer { lock.unlock() }
        if let raster { return raster }
        let made = make()
        raster = made
        return made
    }
}
