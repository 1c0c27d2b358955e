// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// An Igor Pro binary wave (`.ibw`, versions 2 and 5), as Scienta SES writes its regions: the
/// layout of WaveMetrics Technical Note 003 (BinHeader, WaveHeader, data, then the formula, the
/// wave note and units). Either byte order; the version field tells which.
public struct IgorBinaryWave: Sendable {
    /// The file's version: 2 or 5.
    public var version: Int
    /// The wave's name.
    public var name: String
    /// Points per dimension (a 1-D wave has one entry).
    public var dimensions: [Int]
    /// Scale of each dimension: x = delta · index + offset.
    public var delta: [Double]
    /// The offset of each dimension's scale.
    public var offset: [Double]
    /// The unit of the values.
    public var dataUnits: String
    /// The unit of each dimension's scale.
    public var dimensionUnits: [String]
    /// Values in storage order (the first dimension varies fastest, Igor's column-major order).
    public var values: [Double]
    /// The wave note (Scienta: the region's acquisition parameters).
    public var note: String

    /// Whether the first two bytes hold version 2 or 5 in either byte order.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 64 else { return false }
        let le = Int(bytes[0]) | Int(bytes[1]) << 8, be = Int(bytes[0]) << 8 | Int(bytes[1])
        return [2, 5].contains(le) || [2, 5].contains(be)
            ? (try? parse(bytes, path: "")) != nil : false
    }

    struct Reader {
        let b: [UInt8]
        let little: Bool
        let path: String
        func need(_ o: Int, _ n: Int) throws(XPSReadError) {
            guard o >= 0, n >= 0, o <= b.count - n else {
                throw .malformed(path: path, at: .byte(o), reason: "truncated: \(n) bytes needed, the file has \(b.count)")
            }
        }
        func uint(_ o: Int, _ n: Int) throws(XPSReadError) -> UInt64 {
            try need(o, n)
            var v: UInt64 = 0
            for i in 0..<n { v |= UInt64(b[o + (little ? i : n - 1 - i)]) << (8 * UInt64(i)) }
            return v
        }
        func i16(_ o: Int) throws(XPSReadError) -> Int { Int(Int16(truncatingIfNeeded: try uint(o, 2))) }
        func i32(_ o: Int) throws(XPSReadError) -> Int { Int(Int32(truncatingIfNeeded: try uint(o, 4))) }
        func f64(_ o: Int) throws(XPSReadError) -> Double { Double(bitPattern: try uint(o, 8)) }
        func text(_ o: Int, _ n: Int) throws(XPSReadError) -> String {
            try need(o, n)
            return String(decoding: b[o..<(o + n)].prefix { $0 != 0 }, as: UTF8.self)
        }
        /// Values of Igor number type `type` (TN003: 2 float32, 4 float64, 8 int8, 0x10 int16,
        /// 0x20 int32, +0x40 unsigned; complex (bit 1) is refused).
        func values(_ o: Int, count: Int, type: Int) throws(XPSReadError) -> [Double] {
            guard type & 1 == 0 else { throw .malformed(path: path, at: .byte(o), reason: "complex waves are not spectra") }
            let unsigned = type & 0x40 != 0
            let size: Int
            switch type & 0x3E {
            case 2: size = 4
            case 4: size = 8
            case 8: size = 1
            case 0x10: size = 2
            case 0x20: size = 4
            default: throw .malformed(path: path, at: .byte(o), reason: "unknown Igor number type \(type)")
            }
            try need(o, size * count)
            var out = [Double](repeating: 0, count: count)
            for i in 0..<count {
                let raw = try uint(o + size * i, size)
                switch (type & 0x3E, unsigned) {
                case (2, _): out[i] = Double(Float(bitPattern: UInt32(raw)))
                case (4, _): out[i] = Double(bitPattern: raw)
                case (_, true): out[i] = Double(raw)
                default:
                    let shift = UInt64(64 - 8 * size)
                    out[i] = Double(Int64(bitPattern: raw << shift) >> Int64(shift))
                }
            }
            return out
        }
    }

    /// Parses a version 2 or 5 wave; `path` names the file in errors.
    public static func parse(_ bytes: [UInt8], path: String) throws(XPSReadError) -> IgorBinaryWave {
        guard bytes.count >= 16 else { throw .malformed(path: path, at: .byte(0), reason: "too short for an Igor binary wave") }
        let le = Int(bytes[0]) | Int(bytes[1]) << 8
        let little = [2, 5].contains(le)
        let r = Reader(b: bytes, little: little, path: path)
        let version = try r.i16(0)
        switch version {
        case 2:
            // BinHeader2 (16 bytes), WaveHeader2 (data at byte 110 of it), then the note.
            let wfmSize = try r.i32(2), noteSize = try r.i32(6)
            let w = 16
            let type = try r.i16(w)
            let name = try r.text(w + 6, 20)
            let dataUnits = try r.text(w + 34, 4), xUnits = try r.text(w + 38, 4)
            let n = try r.i32(w + 42)
            let hsA = try r.f64(w + 48), hsB = try r.f64(w + 56)
            guard n >= 1, n <= 1 << 26 else { throw .malformed(path: path, at: .byte(w + 42), reason: "\(n) points") }
            let values = try r.values(w + 110, count: n, type: type)
            // wfmSize counts WaveHeader2 (126 bytes, with 16 bytes of data in it) and the rest of the data.
            let noteAt = 16 + wfmSize
            try r.need(noteAt, max(noteSize, 0))
            let note = noteSize > 0 ? String(decoding: bytes[noteAt..<(noteAt + noteSize)], as: UTF8.self) : ""
            return IgorBinaryWave(version: 2, name: name, dimensions: [n], delta: [hsA], offset: [hsB], dataUnits: dataUnits,
                                  dimensionUnits: [xUnits], values: values, note: note)
        case 5:
            // BinHeader5 (64 bytes), WaveHeader5 (320 bytes), data, formula, note.
            let wfmSize = try r.i32(4), formulaSize = try r.i32(8), noteSize = try r.i32(12)
            let w = 64
            let n = try r.i32(w + 12)
            let type = try r.i16(w + 16)
            let name = try r.text(w + 28, 32)
            var dims: [Int] = []
            for k in 0..<4 { let d = try r.i32(w + 68 + 4 * k); if d > 0 { dims.append(d) } else { break } }
            // The product of the dimensions must be the point count (checked without overflow).
            var product = 1, overflow = false
            for d in dims where !overflow { (product, overflow) = product.multipliedReportingOverflow(by: d) }
            guard n >= 1, n <= 1 << 26, !dims.isEmpty, !overflow, product == n else {
                throw .malformed(path: path, at: .byte(w + 12), reason: "\(n) points but dimensions \(dims)")
            }
            var delta: [Double] = [], offset: [Double] = [], units: [String] = []
            for k in dims.indices {
                delta.append(try r.f64(w + 84 + 8 * k))
                offset.append(try r.f64(w + 116 + 8 * k))
                units.append(try r.text(w + 152 + 4 * k, 4))
            }
            let dataUnits = try r.text(w + 148, 4)
            let values = try r.values(w + 320, count: n, type: type)
            let dataBytes = wfmSize - 320
            let noteAt = 64 + 320 + dataBytes + formulaSize
            try r.need(noteAt, max(noteSize, 0))
            let note = noteSize > 0 ? String(decoding: bytes[noteAt..<(noteAt + noteSize)], as: UTF8.self) : ""
            return IgorBinaryWave(version: 5, name: name, dimensions: dims, delta: delta, offset: offset, dataUnits: dataUnits,
                                  dimensionUnits: units, values: values, note: note)
        default:
            throw .malformed(path: path, at: .byte(0), reason: "Igor binary wave version \(version) is not supported (2 and 5 are)")
        }
    }

    /// `key=value` lines of the note (CR, LF or CRLF separated; `[section]` lines skipped).
    public var noteValues: [String: String] {
        var d: [String: String] = [:]
        for line in note.split(whereSeparator: { $0 == "\r" || $0 == "\n" }) {
            guard let eq = line.firstIndex(of: "="), !line.hasPrefix("[") else { continue }
            d[String(line[..<eq]).trimmingCharacters(in: .whitespaces)] = String(line[line.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        }
        return d
    }
}

/// Scienta SES regions saved as Igor binary waves: the first dimension is the energy scale, the
/// note holds the region's parameters (as in the SES text export's `[Info n]`). Several slices
/// (a second dimension) are summed, and the sum is recorded.
public struct ScientaIBWReader: Sendable {
    /// A reader.
    public init() {}

    /// Whether the bytes are an Igor wave whose note is a Scienta region's.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        guard IgorBinaryWave.hasSignature(bytes), let w = try? IgorBinaryWave.parse(bytes, path: "") else { return false }
        return w.note.contains("Energy Scale=") || w.note.contains("[SES]")
    }

    /// The region the wave holds.
    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(XPSReadError) -> [XPSRegion] {
        let w = try IgorBinaryWave.parse(bytes, path: path)
        let info = w.noteValues
        let n = w.dimensions[0]
        let slices = w.dimensions.count > 1 ? w.dimensions.dropFirst().reduce(1, *) : 1
        var y = [Double](repeating: 0, count: n)
        for s in 0..<slices { for i in 0..<n { y[i] += w.values[s * n + i] } }
        let x = (0..<n).map { w.offset[0] + w.delta[0] * Double($0) }
        var steps = [ProcessingStep("read", ["format": "Scienta SES Igor binary wave v\(w.version)", "wave": w.name])]
        if slices > 1 { steps.append(ProcessingStep("sumSlices", ["slices": "\(slices)"])) }
        return [try ScientaTextReader.region(info: info, energies: x, intensity: y, path: path, fallbackName: w.name,
                                             location: .part("wave \(w.name)"), provenance: steps)]
    }
}
