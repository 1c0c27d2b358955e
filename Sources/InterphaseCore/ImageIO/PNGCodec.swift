// SPDX-License-Identifier: GPL-3.0-or-later
import _InterphaseShims
import Foundation

/// Errors from reading or writing PNG files.
public enum PNGError: InterphaseError, Equatable {
    case unreadable(FileReadError)
    case notPNG(path: String)
    case corrupt(path: String, message: String)
    case unsupported(path: String, message: String)
    case cannotWrite(path: String, reason: String)

    public var category: ErrorCategory {
        switch self {
        case .cannotWrite, .unsupported: .invalidRequest
        default: .unreadableInput
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let e): e.description
        case .notPNG(let p): "\(p): not a PNG file (the 8-byte signature at byte 0 is missing)"
        case .corrupt(let p, let m): "\(p): corrupt or truncated PNG: \(m)"
        case .unsupported(let p, let m): "\(p): \(m)"
        case .cannotWrite(let p, let r): "\(p): cannot write: \(r)"
        }
    }
}

/// PNG reading and writing through libpng (8- and 16-bit gray, gray+alpha, RGB, RGBA).
/// Palette images are expanded to RGB(A), gray below 8 bits to 8 bits, and 16-bit samples are
/// delivered native-endian. No colour chunks are added on writing: samples are stored as given.
///
///     let image = try PNGCodec.read("Images/mask.png")
///     try PNGCodec.write(raster16, to: "out.png")
public enum PNGCodec {
    /// Decodes PNG bytes. `path` only names the source in errors.
    public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws(PNGError) -> AnyRaster {
        var decoded = ip_png_decoded()
        var err = [CChar](repeating: 0, count: 512)
        let status = bytes.withUnsafeBufferPointer { b in
            ip_png_decode(b.baseAddress, b.count, &decoded, &err, err.count)
        }
        guard status == 0 else {
            let msg = String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if status == 1 { throw .notPNG(path: path) }
            if status == 4 { throw .unsupported(path: path, message: msg) }
            throw .corrupt(path: path, message: msg)
        }
        defer { ip_png_free(&decoded) }
        let w = Int(decoded.width), h = Int(decoded.height)
        guard let model = ColorModel(channels: Int(decoded.channels)) else {
            throw .unsupported(path: path, message: "unsupported channel count \(decoded.channels)")
        }
        let n = w * h * model.channels
        if decoded.bit_depth == 16 {
            let samples = [UInt16](unsafeUninitializedCapacity: n) { buf, count in
                memcpy(buf.baseAddress!, decoded.pixels, n * 2)
                count = n
            }
            return .uint16(Raster(width: w, height: h, colorModel: model, samples: samples))
        }
        let samples = [UInt8](UnsafeBufferPointer(start: decoded.pixels, count: n))
        return .uint8(Raster(width: w, height: h, colorModel: model, samples: samples))
    }

    /// Reads and decodes a PNG file.
    public static func read(_ path: String) throws(PNGError) -> AnyRaster {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try decode(bytes, path: path)
    }

    /// Encodes an 8-bit raster.
    public static func encode(_ raster: Raster<UInt8>) throws(PNGError) -> [UInt8] {
        try encode(raw: raster.samples, width: raster.width, height: raster.height, bitDepth: 8, channels: raster.channels)
    }

    /// Encodes a 16-bit raster (stored big-endian in the file, as PNG requires).
    public static func encode(_ raster: Raster<UInt16>) throws(PNGError) -> [UInt8] {
        try encode(raw: raster.samples, width: raster.width, height: raster.height, bitDepth: 16, channels: raster.channels)
    }

    static func encode<S>(raw: [S], width: Int, height: Int, bitDepth: Int, channels: Int) throws(PNGError) -> [UInt8] {
        guard width > 0, height > 0 else { throw .unsupported(path: "<memory>", message: "cannot encode an empty \(width)x\(height) image") }
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var err = [CChar](repeating: 0, count: 512)
        let status = raw.withUnsafeBytes { b in
            ip_png_encode(b.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt32(width), UInt32(height),
                          Int32(bitDepth), Int32(channels), &out, &size, &err, err.count)
        }
        guard status == 0, let out else {
            throw .unsupported(path: "<memory>", message: String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { ip_buffer_free(out) }
        return [UInt8](UnsafeBufferPointer(start: out, count: size))
    }

    public static func write(_ raster: Raster<UInt8>, to path: String) throws(PNGError) {
        try writeBytes(try encode(raster), to: path)
    }

    public static func write(_ raster: Raster<UInt16>, to path: String) throws(PNGError) {
        try writeBytes(try encode(raster), to: path)
    }

    static func writeBytes(_ bytes: [UInt8], to path: String) throws(PNGError) {
        do { try Data(bytes).write(to: URL(fileURLWithPath: path)) } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    /// True when `bytes` start with the PNG signature.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    }
}
