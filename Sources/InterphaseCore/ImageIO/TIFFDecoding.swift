// SPDX-License-Identifier: GPL-3.0-or-later
import _InterphaseShims
import Foundation

extension TIFFDocument {
    /// Decodes one page into pixels.
    ///
    /// - 1/2/4/8-bit gray → `.uint8` (sub-byte values scaled to 0–255); 16-bit → `.uint16`;
    ///   32-bit unsigned → `.uint32`; float32 → `.float32`; signed 8/16-bit → `.float32` (exact).
    /// - WhiteIsZero is honoured: integer samples become `max − v`, so bright means high signal.
    /// - Palette pages are looked up in their colormap: a gray colormap gives gray, any other RGB;
    ///   8-bit output when every entry is a multiple of 257 (an 8-bit map stored in 16 bits), else 16-bit.
    /// - Byte order (II/MM), compression, strips, tiles and planar-separate data are libtiff's job.
    public func decode(page: Int = 0) throws(TIFFError) -> AnyRaster {
        guard page >= 0, page < pages.count else { throw .noSuchPage(path: path, page: page, pages: pages.count) }
        let info = pages[page]
        let path = self.path
        let (w, h, bps, spp) = (info.width, info.height, info.bitsPerSample, info.samplesPerPixel)
        func unsupported(_ m: String) -> TIFFError { .unsupported(path: path, page: page, message: m) }
        guard w > 0, h > 0 else { throw unsupported("empty image \(w)x\(h)") }
        guard [1, 2, 4, 8, 16, 32].contains(bps) else { throw unsupported("\(bps) bits per sample is not supported") }
        switch info.photometric {
        case .whiteIsZero, .blackIsZero, .rgb, .palette: break
        default: throw unsupported("photometric interpretation \(info.photometric.name) is not supported")
        }
        guard spp >= 1, spp <= 16 else { throw unsupported("\(spp) samples per pixel is not supported") }
        // A corrupt header can claim any size: refuse what cannot be a real micrograph before allocating.
        let (pixels, overflow) = w.multipliedReportingOverflow(by: h)
        guard !overflow, pixels <= Self.maximumPixels, w <= 1 << 20, h <= 1 << 20 else {
            throw unsupported("\(w)x\(h) pixels exceeds the \(Self.maximumPixels)-pixel limit (corrupt header?)")
        }
        let rowBytes = info.planarSeparate ? w * spp * (bps / 8) : (w * spp * bps + 7) / 8
        guard rowBytes * h <= Self.maximumPixels * 16 else { throw unsupported("page data would need \(rowBytes * h) bytes") }
        var raw = [UInt8](repeating: 0, count: rowBytes * h)
        try Self.withOpen(bytes, path: path) { t throws(TIFFError) in
            try Self.select(t, page: page, path: path)
            var err = [CChar](repeating: 0, count: 512)
            let status = raw.withUnsafeMutableBufferPointer { ip_tiff_read_pixels(t, $0.baseAddress, $0.count, &err, err.count) }
            if status != 0 { throw .corrupt(path: path, location: .part("page \(page)"), message: Self.message(err)) }
        }
        if info.photometric == .palette {
            guard spp == 1, bps <= 16 else { throw unsupported("palette image with \(spp) samples of \(bps) bits") }
            var cmap = [UInt16](repeating: 0, count: 3 << bps)
            try Self.withOpen(bytes, path: path) { t throws(TIFFError) in
                try Self.select(t, page: page, path: path)
                var err = [CChar](repeating: 0, count: 512)
                let s = cmap.withUnsafeMutableBufferPointer { ip_tiff_colormap(t, $0.baseAddress, $0.count, &err, err.count) }
                if s != 0 { throw .corrupt(path: path, location: .part("page \(page) ColorMap"), message: Self.message(err)) }
            }
            let indices = try Self.unpackIndices(raw, width: w, height: h, bits: bps, rowBytes: rowBytes)
            return Self.applyPalette(indices, cmap: cmap, bits: bps, width: w, height: h)
        }
        guard let model = ColorModel(channels: spp) else {
            throw unsupported("\(spp) samples per pixel is not supported")
        }
        if info.photometric == .rgb && spp < 3 { throw unsupported("RGB photometric with \(spp) samples") }
        let invert = info.photometric == .whiteIsZero
        switch (bps, info.sampleFormat) {
        case (1, _), (2, _), (4, _):
            guard spp == 1 else { throw unsupported("\(bps)-bit samples with \(spp) channels") }
            var v = try Self.unpackIndices(raw, width: w, height: h, bits: bps, rowBytes: rowBytes)
            let maxV = (1 << bps) - 1
            for i in v.indices { let k = invert ? maxV - Int(v[i]) : Int(v[i]); v[i] = UInt8(k * 255 / maxV) }
            return .uint8(Raster(width: w, height: h, colorModel: .gray, samples: v))
        case (8, 2):
            let s = raw.map { Float(Int8(bitPattern: $0)) }
            return .float32(Raster(width: w, height: h, colorModel: model, samples: invert ? s.map { -$0 } : s))
        case (8, _):
            return .uint8(Raster(width: w, height: h, colorModel: model, samples: invert ? raw.map { 255 - $0 } : raw))
        case (16, 2):
            let s = Self.reinterpret(raw, as: Int16.self).map { Float($0) }
            return .float32(Raster(width: w, height: h, colorModel: model, samples: invert ? s.map { -$0 } : s))
        case (16, _):
            let s = Self.reinterpret(raw, as: UInt16.self)
            return .uint16(Raster(width: w, height: h, colorModel: model, samples: invert ? s.map { 65535 - $0 } : s))
        case (32, 3):
            if invert { throw unsupported("WhiteIsZero float samples have no defined maximum to invert against") }
            return .float32(Raster(width: w, height: h, colorModel: model, samples: Self.reinterpret(raw, as: Float.self)))
        case (32, 1), (32, 4):
            let s = Self.reinterpret(raw, as: UInt32.self)
            return .uint32(Raster(width: w, height: h, colorModel: model, samples: invert ? s.map { UInt32.max - $0 } : s))
        default:
            throw unsupported("\(bps)-bit \(info.sampleFormatName) samples are not supported")
        }
    }

    /// The largest page decoded (1 Gpx, e.g. 32768²); larger claims are treated as corrupt headers.
    public static let maximumPixels = 1 << 30

    static func reinterpret<T: BitwiseCopyable>(_ raw: [UInt8], as: T.Type) -> [T] {
        let n = raw.count / MemoryLayout<T>.size
        return [T](unsafeUninitializedCapacity: n) { buf, count in
            _ = raw.withUnsafeBytes { src in memcpy(buf.baseAddress!, src.baseAddress!, n * MemoryLayout<T>.size) }
            count = n
        }
    }

    /// One index per pixel from 1/2/4/8/16-bit packed rows (MSB first, rows padded to whole bytes).
    static func unpackIndices(_ raw: [UInt8], width w: Int, height h: Int, bits: Int, rowBytes: Int) throws(TIFFError) -> [UInt8] {
        if bits == 8 { return raw }
        var out = [UInt8](repeating: 0, count: w * h)
        let mask = (1 << bits) - 1
        for y in 0..<h {
            for x in 0..<w {
                let bit = x * bits
                let byte = raw[y * rowBytes + bit / 8]
                let shift = 8 - bits - (bit % 8)
                out[y * w + x] = UInt8((Int(byte) >> shift) & mask)
            }
        }
        return out
    }

    static func applyPalette(_ indices: [UInt8], cmap: [UInt16], bits: Int, width w: Int, height h: Int) -> AnyRaster {
        let n = 1 << bits
        let r = Array(cmap[0..<n]), g = Array(cmap[n..<(2 * n)]), b = Array(cmap[(2 * n)..<(3 * n)])
        let gray = (0..<n).allSatisfy { r[$0] == g[$0] && g[$0] == b[$0] }
        let eightBit = cmap.allSatisfy { $0 % 257 == 0 }
        if gray {
            if eightBit { return .uint8(Raster(width: w, height: h, colorModel: .gray, samples: indices.map { UInt8(r[Int($0)] / 257) })) }
            return .uint16(Raster(width: w, height: h, colorModel: .gray, samples: indices.map { r[Int($0)] }))
        }
        if eightBit {
            var s = [UInt8](repeating: 0, count: w * h * 3)
            for (i, k) in indices.enumerated() { s[3 * i] = UInt8(r[Int(k)] / 257); s[3 * i + 1] = UInt8(g[Int(k)] / 257); s[3 * i + 2] = UInt8(b[Int(k)] / 257) }
            return .uint8(Raster(width: w, height: h, colorModel: .rgb, samples: s))
        }
        var s = [UInt16](repeating: 0, count: w * h * 3)
        for (i, k) in indices.enumerated() { s[3 * i] = r[Int(k)]; s[3 * i + 1] = g[Int(k)]; s[3 * i + 2] = b[Int(k)] }
        return .uint16(Raster(width: w, height: h, colorModel: .rgb, samples: s))
    }
}
