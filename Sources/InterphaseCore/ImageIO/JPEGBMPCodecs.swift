// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import _InterphaseShims
import CSTB

/// Errors of the JPEG and BMP decoders.
public enum ImageDecodeError: InterphaseError, Equatable {
    /// The data of `format` ("JPEG", "BMP") in `path` is damaged or truncated; the decoder's message says where.
    case corrupt(path: String, format: String, message: String)
    /// The file is valid but uses a variant that is not decoded (CMYK JPEG, for example).
    case unsupported(path: String, format: String, message: String)

    public var category: ErrorCategory {
        switch self {
        case .corrupt: .unreadableInput
        case .unsupported: .unreadableInput
        }
    }

    public var description: String {
        switch self {
        case .corrupt(let path, let format, let message): "\(path): not a readable \(format) file: \(message)"
        case .unsupported(let path, let format, let message): "\(path): an unsupported \(format) file: \(message)"
        }
    }
}

/// JPEG through libjpeg-turbo (Hitachi and JEOL instruments save micrographs as JPEG).
/// Greyscale JPEGs decode to one channel, YCbCr and RGB ones to RGB; CMYK is refused. Corrupt or
/// truncated data is an error, never an image partly filled with grey.
public enum JPEGCodec {
    /// Whether the bytes begin with the JPEG start-of-image marker (FF D8 FF).
    public static func hasSignature(_ bytes: [UInt8]) -> Bool { bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF }

    /// Decodes a whole JPEG into 8-bit grey or RGB samples.
    public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws(ImageDecodeError) -> AnyRaster {
        var info = ip_jpeg_info()
        var err = [CChar](repeating: 0, count: 512)
        func message() -> String { String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return try bytes.withUnsafeBufferPointer { (b) throws(ImageDecodeError) -> AnyRaster in
            var status: Int32 = 0
            guard let reader = ip_jpeg_open(b.baseAddress, b.count, &info, &status, &err, err.count) else {
                if status == 1 { throw .corrupt(path: path, format: "JPEG", message: "no JPEG start-of-image marker (FF D8 FF) at byte 0") }
                if status == 4 { throw .unsupported(path: path, format: "JPEG", message: message()) }
                throw .corrupt(path: path, format: "JPEG", message: message())
            }
            defer { ip_jpeg_close(reader) }
            let w = Int(info.width), h = Int(info.height), channels = Int(info.channels)
            guard let model = ColorModel(channels: channels), channels == 1 || channels == 3 else {
                throw .unsupported(path: path, format: "JPEG", message: "\(channels) output channels")
            }
            let (n, overflow) = w.multipliedReportingOverflow(by: h * channels)
            guard !overflow, n > 0, n <= 1 << 32 else {
                throw .unsupported(path: path, format: "JPEG", message: "\(w) × \(h) pixels is empty or too large")
            }
            var status2: Int32 = 0
            let samples = [UInt8](unsafeUninitializedCapacity: n) { buf, count in
                status2 = ip_jpeg_read(reader, buf.baseAddress!, &err, err.count)
                count = status2 == 0 ? n : 0
            }
            guard status2 == 0 else { throw .corrupt(path: path, format: "JPEG", message: message()) }
            return .uint8(Raster(width: w, height: h, colorModel: model, samples: samples)).greyIfNeutral()
        }
    }
}

/// Windows BMP through stb_image (Debian's libstb-dev). Palette, 16-, 24- and 32-bit files decode;
/// a file shorter than its header's pixel array is refused (stb_image would pad it with black).
public enum BMPCodec {
    /// Whether the bytes begin with the BMP signature "BM" and hold at least a file header.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool { bytes.count >= 26 && bytes[0] == 0x42 && bytes[1] == 0x4D }

    /// Decodes a whole BMP into 8-bit grey or RGB samples.
    public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws(ImageDecodeError) -> AnyRaster {
        func le32(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 | Int(bytes[o + 2]) << 16 | Int(bytes[o + 3]) << 24 }
        func le16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        guard hasSignature(bytes), bytes.count >= 30 else { throw .corrupt(path: path, format: "BMP", message: "no 'BM' signature and header at byte 0") }
        // The header says how many bytes the pixels take; check it before decoding.
        let offset = le32(10), headerSize = le32(14)
        if headerSize >= 40 {
            let width = Int(Int32(truncatingIfNeeded: le32(18))), height = abs(Int(Int32(truncatingIfNeeded: le32(22))))
            let bits = le16(28), compression = le32(30)
            if compression == 0 || compression == 3, width > 0, height > 0, bits > 0 {
                let stride = ((width * bits + 31) / 32) * 4
                let (need, overflow) = stride.multipliedReportingOverflow(by: height)
                if overflow || offset + need > bytes.count {
                    throw .corrupt(path: path, format: "BMP", message: "truncated: the header (byte 18) gives \(width) × \(height) pixels of \(bits) bits, \(overflow ? "too many" : String(offset + need)) bytes from the pixel offset \(offset), but the file has \(bytes.count)")
                }
            }
        }
        var w: Int32 = 0, h: Int32 = 0, comp: Int32 = 0
        let pixels: UnsafeMutablePointer<UInt8>? = bytes.withUnsafeBufferPointer { b in
            stbi_load_from_memory(b.baseAddress, Int32(clamping: b.count), &w, &h, &comp, 0)
        }
        guard let pixels else {
            let reason = stbi_failure_reason().map { String(cString: $0) } ?? "unknown"
            throw .corrupt(path: path, format: "BMP", message: "stb_image: \(reason)")
        }
        defer { stbi_image_free(pixels) }
        guard let model = ColorModel(channels: Int(comp)) else { throw .unsupported(path: path, format: "BMP", message: "\(comp) channels") }
        let n = Int(w) * Int(h) * Int(comp)
        let samples = Array(UnsafeBufferPointer(start: pixels, count: n))
        return .uint8(Raster(width: Int(w), height: Int(h), colorModel: model, samples: samples)).greyIfNeutral()
    }
}

extension AnyRaster {
    /// An 8-bit RGB(A) raster whose every pixel has R = G = B exactly (a grey-palette BMP) as one
    /// grey channel; anything else unchanged.
    func greyIfNeutral() -> AnyRaster {
        guard case .uint8(let r) = self, r.colorModel == .rgb || r.colorModel == .rgba else { return self }
        let c = r.colorModel.channels
        let neutral = r.samples.withUnsafeBufferPointer { s -> Bool in
            var i = 0
            while i < s.count { if s[i] != s[i + 1] || s[i] != s[i + 2] { return false }; i += c }
            return true
        }
        guard neutral else { return self }
        var grey = [UInt8](repeating: 0, count: r.width * r.height)
        r.samples.withUnsafeBufferPointer { s in for p in 0..<grey.count { grey[p] = s[p * c] } }
        return .uint8(Raster(width: r.width, height: r.height, colorModel: .gray, samples: grey))
    }
}
