// SPDX-License-Identifier: GPL-3.0-or-later
import _InterphaseShims

/// Single-page grey TIFFs through libtiff: 8-bit masks (PackBits) and 32-bit float maps
/// (uncompressed), for opening next to the original in Fiji/ImageJ.
///
/// With a pixel size the file carries it the way ImageJ writes it: XResolution/YResolution in
/// pixels per micron (ResolutionUnit none) and an `ImageJ=` description with `unit=micron`, which
/// Fiji and `SEMCalibration`'s ImageJ reader both take as the calibration. Without one the file has
/// no resolution tags, so nothing reads a print DPI as a length.
public enum TIFFWriter {
    /// The ImageJ description for a calibrated image (ImageJ's own TIFF convention).
    static func imageJDescription(extra: String?) -> String {
        "ImageJ=1.54f\nunit=micron\n" + (extra.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" } ?? "")
    }

    /// `pixelSizeNM`: (width, height) of a pixel in nanometres, or nil.
    public static func write(_ raster: Raster<UInt8>, to path: String, pixelSizeNM: (x: Double, y: Double)? = nil) throws(TIFFError) {
        guard raster.colorModel == .gray else { throw .cannotWrite(path: path, reason: "only single-channel grey images are written") }
        try write(raster.samples, width: raster.width, height: raster.height, bits: 8, isFloat: false, to: path, pixelSizeNM: pixelSizeNM)
    }

    public static func write(_ raster: Raster<Float>, to path: String, pixelSizeNM: (x: Double, y: Double)? = nil) throws(TIFFError) {
        guard raster.colorModel == .gray else { throw .cannotWrite(path: path, reason: "only single-channel grey images are written") }
        try write(raster.samples, width: raster.width, height: raster.height, bits: 32, isFloat: true, to: path, pixelSizeNM: pixelSizeNM)
    }

    static func write<T>(_ samples: [T], width: Int, height: Int, bits: Int, isFloat: Bool, to path: String,
                         pixelSizeNM: (x: Double, y: Double)?) throws(TIFFError) {
        guard width > 0, height > 0, samples.count == width * height else {
            throw .cannotWrite(path: path, reason: "\(samples.count) samples for \(width)×\(height)")
        }
        var err = [CChar](repeating: 0, count: 512)
        let perMicron = pixelSizeNM.map { (1000 / $0.x, 1000 / $0.y) }
        let description = perMicron == nil ? nil : imageJDescription(extra: nil)
        let rc = samples.withUnsafeBytes { pixels in
            withOptionalCString(description) { d in
                ip_tiff_write_grey(path, UInt32(width), UInt32(height), Int32(bits), isFloat ? 1 : 0, pixels.baseAddress,
                                   perMicron?.0 ?? 0, perMicron?.1 ?? 0, d, &err, err.count)
            }
        }
        guard rc == 0 else {
            let message = err.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw .cannotWrite(path: path, reason: message)
        }
    }

    static func withOptionalCString<R>(_ s: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let s else { return body(nil) }
        return s.withCString { body($0) }
    }
}
