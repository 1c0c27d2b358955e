// SPDX-License-Identifier: GPL-3.0-or-later
import Dispatch

/// A pixel sample type a ``Raster`` can hold.
public protocol RasterSample: Sendable, Hashable, Codable, BitwiseCopyable {
    /// Bits per sample as stored in a file.
    static var bitsPerSample: Int { get }
    /// Whether the sample is a floating-point value.
    static var isFloatingPoint: Bool { get }
    /// The largest value of an integer sample; 1 for floating point.
    static var fullScale: Double { get }
    /// The sample as a `Double`, in the sample's own scale (0...255 for `UInt8`).
    var doubleValue: Double { get }
    /// The sample nearest to `value`, clamped to the type's range (integers are rounded).
    init(clampingDouble value: Double)
}

extension UInt8: RasterSample {
    public static var bitsPerSample: Int { 8 }
    public static var isFloatingPoint: Bool { false }
    public static var fullScale: Double { 255 }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public init(clampingDouble v: Double) { self = v <= 0 ? 0 : v >= 255 ? 255 : UInt8(v.rounded()) }
}
extension UInt16: RasterSample {
    public static var bitsPerSample: Int { 16 }
    public static var isFloatingPoint: Bool { false }
    public static var fullScale: Double { 65535 }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public init(clampingDouble v: Double) { self = v <= 0 ? 0 : v >= 65535 ? 65535 : UInt16(v.rounded()) }
}
extension UInt32: RasterSample {
    public static var bitsPerSample: Int { 32 }
    public static var isFloatingPoint: Bool { false }
    public static var fullScale: Double { 4294967295 }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public init(clampingDouble v: Double) { self = v <= 0 ? 0 : v >= 4294967295 ? .max : UInt32(v.rounded()) }
}
extension Float: RasterSample {
    public static var bitsPerSample: Int { 32 }
    public static var isFloatingPoint: Bool { true }
    public static var fullScale: Double { 1 }
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public init(clampingDouble v: Double) { self = Float(v) }
}

/// How the channels of a raster are to be read.
public enum ColorModel: String, Sendable, Codable {
    /// Grey, grey with alpha, RGB, RGBA; channels are interleaved in that order.
    case gray, grayAlpha, rgb, rgba

    /// Samples per pixel: 1, 2, 3 or 4.
    public var channels: Int {
        switch self {
        case .gray: 1
        case .grayAlpha: 2
        case .rgb: 3
        case .rgba: 4
        }
    }

    /// The model with `channels` samples per pixel; nil for a count other than 1 to 4.
    public init?(channels: Int) {
        switch channels {
        case 1: self = .gray
        case 2: self = .grayAlpha
        case 3: self = .rgb
        case 4: self = .rgba
        default: return nil
        }
    }
}

/// A row-major pixel buffer with interleaved channels.
///
///     var r = Raster<UInt16>(width: 4, height: 3, colorModel: .gray)
///     r[2, 1] = 4095
public struct Raster<Sample: RasterSample>: Sendable, Equatable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// How the interleaved channels of a pixel are read.
    public let colorModel: ColorModel
    /// `height` rows of `width * channels` samples.
    public var samples: [Sample]

    /// Samples per pixel.
    public var channels: Int { colorModel.channels }

    /// A raster over `samples` (row-major, interleaved); their count must be `width × height × channels`.
    public init(width: Int, height: Int, colorModel: ColorModel = .gray, samples: [Sample]) {
        precondition(width >= 0 && height >= 0 && samples.count == width * height * colorModel.channels,
                     "Raster: \(samples.count) samples do not fill \(width)x\(height)x\(colorModel.channels)")
        self.width = width
        self.height = height
        self.colorModel = colorModel
        self.samples = samples
    }

    /// A raster with every sample set to `value`.
    public init(width: Int, height: Int, colorModel: ColorModel = .gray, repeating value: Sample) {
        self.init(width: width, height: height, colorModel: colorModel,
                  samples: [Sample](repeating: value, count: width * height * colorModel.channels))
    }

    /// The sample at column `x`, row `y`, channel `c` (row 0 is the top row).
    @inlinable
    public subscript(x: Int, y: Int, c: Int = 0) -> Sample {
        get { samples[(y * width + x) * colorModel.channels + c] }
        set { samples[(y * width + x) * colorModel.channels + c] = newValue }
    }

    /// Luminance as Float in the sample's own scale (Rec. 709 weights for colour unless told; alpha dropped).
    public func grayFloat(weights: LumaWeights = .rec709) -> Raster<Float> {
        let n = width * height
        let (wr, wg, wb) = weights.coefficients
        let ch = channels, model = colorModel
        // Every element is written below; large images convert in parallel chunks.
        let out = [Float](unsafeUninitializedCapacity: n) { dst, count in
            count = n
            guard n > 0 else { return }
            samples.withUnsafeBufferPointer { src in
                let s = UnsafeSendablePointer(src.baseAddress!), d = UnsafeSendablePointer(dst.baseAddress!)
                let chunks = n >= 1 << 18 ? Parallelism.chunks(n) : 1
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let range = (c * n / chunks)..<((c + 1) * n / chunks)
                    switch model {
                    case .gray, .grayAlpha:
                        for i in range { d.pointer[i] = Float(s.pointer[i &* ch].doubleValue) }
                    case .rgb, .rgba:
                        for i in range {
                            let b = i &* ch
                            d.pointer[i] = Float(wr * s.pointer[b].doubleValue + wg * s.pointer[b &+ 1].doubleValue
                                                 + wb * s.pointer[b &+ 2].doubleValue)
                        }
                    }
                }
            }
        }
        return Raster<Float>(width: width, height: height, colorModel: .gray, samples: out)
    }

    /// Rows `range` only (for example to drop a microscope's data bar).
    public func rows(_ range: Range<Int>) -> Raster<Sample> {
        let rowLen = width * channels
        return Raster(width: width, height: range.count, colorModel: colorModel,
                      samples: Array(samples[(range.lowerBound * rowLen)..<(range.upperBound * rowLen)]))
    }
}

/// A decoded image of whichever sample type the file held.
public enum AnyRaster: Sendable, Equatable {
    /// An image of 8-bit samples.
    case uint8(Raster<UInt8>)
    /// An image of 16-bit samples (most SEM TIFFs).
    case uint16(Raster<UInt16>)
    /// An image of 32-bit unsigned samples.
    case uint32(Raster<UInt32>)
    /// An image of 32-bit floating-point samples (ImageJ float images, diameter maps).
    case float32(Raster<Float>)

    /// Pixels per row.
    public var width: Int {
        switch self {
        case .uint8(let r): r.width
        case .uint16(let r): r.width
        case .uint32(let r): r.width
        case .float32(let r): r.width
        }
    }

    /// Rows.
    public var height: Int {
        switch self {
        case .uint8(let r): r.height
        case .uint16(let r): r.height
        case .uint32(let r): r.height
        case .float32(let r): r.height
        }
    }

    /// The channel layout of the decoded image.
    public var colorModel: ColorModel {
        switch self {
        case .uint8(let r): r.colorModel
        case .uint16(let r): r.colorModel
        case .uint32(let r): r.colorModel
        case .float32(let r): r.colorModel
        }
    }

    /// Bits per sample as decoded: 8, 16 or 32.
    public var bitsPerSample: Int {
        switch self {
        case .uint8: 8
        case .uint16: 16
        case .uint32, .float32: 32
        }
    }

    /// `"float"` for floating-point samples, `"uint"` otherwise (the TIFF SampleFormat names).
    public var sampleFormat: String {
        switch self {
        case .float32: "float"
        default: "uint"
        }
    }

    /// Luminance as Float, in the file's own sample scale.
    public func grayFloat(weights: LumaWeights = .rec709) -> Raster<Float> {
        switch self {
        case .uint8(let r): r.grayFloat(weights: weights)
        case .uint16(let r): r.grayFloat(weights: weights)
        case .uint32(let r): r.grayFloat(weights: weights)
        case .float32(let r): r.grayFloat(weights: weights)
        }
    }

    /// True for RGB and RGBA rasters.
    public var isColour: Bool {
        switch self {
        case .uint8(let r): r.colorModel == .rgb || r.colorModel == .rgba
        case .uint16(let r): r.colorModel == .rgb || r.colorModel == .rgba
        case .uint32(let r): r.colorModel == .rgb || r.colorModel == .rgba
        case .float32(let r): r.colorModel == .rgb || r.colorModel == .rgba
        }
    }
}

/// Weights of R, G and B in a luminance.
public enum LumaWeights: String, Sendable, Hashable, Codable {
    /// ITU-R BT.709 (sRGB primaries): 0.2126 R + 0.7152 G + 0.0722 B.
    case rec709
    /// ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B (ImageJ's "weighted" RGB conversion).
    case rec601

    /// The weights of R, G and B, summing to 1.
    public var coefficients: (Double, Double, Double) {
        switch self {
        case .rec709: (0.2126, 0.7152, 0.0722)
        case .rec601: (0.299, 0.587, 0.114)
        }
    }
}
