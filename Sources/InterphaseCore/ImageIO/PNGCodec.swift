// SPDX-License-Identifier: GPL-3.0-or-later
import _InterphaseShims
import Foundation

/// Errors from reading or writing PNG files.
public enum PNGError: InterphaseError, Equatable {
    /// The file could not be read.
    case unreadable(FileReadError)
    /// The bytes do not begin with the PNG signature.
    case notPNG(path: String)
    /// libpng found damaged or truncated data.
    case corrupt(path: String, message: String)
    /// A valid PNG of a kind that is not decoded.
    case unsupported(path: String, message: String)
    /// The encoded image could not be written to `path`.
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
    /// Decodes PNG bytes. `path` only names the source in errors. The pixels are decoded straight
    /// into the returned raster's storage (no intermediate copy).
    public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws(PNGError) -> AnyRaster {
        var header = ip_png_decoded()
        var err = [CChar](repeating: 0, count: 512)
        func message() -> String { String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return try bytes.withUnsafeBufferPointer { (b) throws(PNGError) -> AnyRaster in
            var status: Int32 = 0
            guard let reader = ip_png_open(b.baseAddress, b.count, &header, &status, &err, err.count) else {
                if status == 1 { throw .notPNG(path: path) }
                if status == 4 { throw .unsupported(path: path, message: message()) }
                throw .corrupt(path: path, message: message())
            }
            defer { ip_png_close(reader) }
            let w = Int(header.width), h = Int(header.height)
            guard let model = ColorModel(channels: Int(header.channels)) else {
                throw .unsupported(path: path, message: "unsupported channel count \(header.channels)")
            }
            let n = w * h * model.channels
            guard n > 0 else { throw .corrupt(path: path, message: "the header at byte 16 gives an empty image (\(w) × \(h) pixels)") }
            guard header.byte_count == n * Int(header.bit_depth / 8) else {
                throw .unsupported(path: path, message: "unexpected row size \(header.row_bytes) bytes for \(w) pixels of \(model.channels) × \(header.bit_depth) bits")
            }
            var status2: Int32 = 0
            if header.bit_depth == 16 {
                let samples = [UInt16](unsafeUninitializedCapacity: n) { buf, count in
                    HugePages.advise(buf)
                    status2 = ip_png_read(reader, UnsafeMutableRawPointer(buf.baseAddress!).assumingMemoryBound(to: UInt8.self), &err, err.count)
                    count = status2 == 0 ? n : 0
                }
                guard status2 == 0 else { throw .corrupt(path: path, message: message()) }
                return .uint16(Raster(width: w, height: h, colorModel: model, samples: samples))
            }
            let samples = [UInt8](unsafeUninitializedCapacity: n) { buf, count in
                HugePages.advise(buf)
                status2 = ip_png_read(reader, buf.baseAddress!, &err, err.count)
                count = status2 == 0 ? n : 0
            }
            guard status2 == 0 else { throw .corrupt(path: path, message: message()) }
            return .uint8(Raster(width: w, height: h, colorModel: model, samples: samples))
        }
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

    /// Encodes an 8-bit raster as PNG and writes it to `path`.
    public static func write(_ raster: Raster<UInt8>, to path: String) throws(PNGError) {
        try writeBytes(try encode(raster), to: path)
    }

    /// Encodes a 16-bit raster as PNG and writes it to `path`.
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
