// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Reads PHI MultiPak `.spe` files (XPS.md §2.3): a text header from `SOFH` to `EOFH` with one
/// `SpectralRegDef:` line per region (`n n label Z points step start end … dwell passEnergy …`) and
/// `XraySource: Al 1486.6 mono`, then a binary little-endian tail: a 16-byte header, one 96-byte
/// table entry per region (int32; entry word 5 = points, word 19 = data bytes, word 20 = data offset
/// from the start of the tail), then float32 intensities in counts per second.
///
/// Only single-region files were available to verify the table layout; a multi-region file whose
/// table disagrees with its header is refused rather than guessed.
public struct PHISPEReader: Sendable {
    /// A reader.
    public init() {}

    /// Whether the bytes begin with `SOFH`.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array("SOFH".utf8)) }

    /// Every region of the file at `path`.
    public func read(_ path: String) throws(XPSReadError) -> [XPSRegion] {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try parse(bytes, path: path)
    }

    struct RegionDef { var label: String; var points: Int; var step: Double; var start: Double; var dwell: Double?; var pass: Double?; var line: Int }

    /// Every region of a file already in memory.
    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(XPSReadError) -> [XPSRegion] {
        guard Self.hasSignature(bytes) else { throw .malformed(path: path, at: .byte(0), reason: "not a PHI .spe file (no SOFH at the start)") }
        let marker = Array("EOFH".utf8)
        guard let eofh = (0..<max(0, min(bytes.count, 1 << 20) - 3)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(marker) }) else {
            throw .malformed(path: path, at: .wholeFile, reason: "no EOFH: the text header never ends")
        }
        var tail = eofh + 4
        while tail < bytes.count, bytes[tail] == 13 || bytes[tail] == 10 { tail += 1 }
        let header = TextLines.split(Array(bytes[0..<eofh]))
        var defs: [RegionDef] = []
        var hv: Double? = nil
        for (k, line) in header.enumerated() {
            if line.hasPrefix("XraySource:") {
                hv = line.split(separator: " ").compactMap { Double($0) }.first
            } else if line.hasPrefix("SpectralRegDef:") {
                let f = line.dropFirst("SpectralRegDef:".count).split(separator: " ")
                guard f.count >= 8, let points = Int(f[4]), let step = Double(f[5]), let start = Double(f[6]), points > 0, points < 50_000_000, step != 0 else {
                    throw .malformed(path: path, at: .line(k + 1), reason: "SpectralRegDef needs label, points, step and start: '\(line.prefix(80))'")
                }
                defs.append(RegionDef(label: String(f[2]), points: points, step: step, start: start,
                                      dwell: f.count > 10 ? Double(f[10]) : nil, pass: f.count > 11 ? Double(f[11]) : nil, line: k + 1))
            }
        }
        guard !defs.isEmpty else { throw .malformed(path: path, at: .wholeFile, reason: "no SpectralRegDef line in the header") }
        func int32(_ at: Int) throws(XPSReadError) -> Int {
            guard at >= 0, at + 4 <= bytes.count else { throw .malformed(path: path, at: .byte(at), reason: "the binary table is truncated") }
            return Int(Int32(bitPattern: UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24))
        }
        if header.contains(where: { $0.hasPrefix("FileType:") && $0.contains("DEPTHPRO") }) {
            throw .malformed(path: path, at: .byte(tail), reason: "a PHI MultiPak depth profile (FileType DEPTHPRO, .pro): its binary layout (one block per sputter cycle) could not be established from public documentation; export the profile from MultiPak as VAMAS (.npl/.vms), which Interphase reads")
        }
        let entrySize = try int32(tail + 8), headerSize = try int32(tail + 12)
        guard entrySize == 96, headerSize == 16 else {
            throw .malformed(path: path, at: .byte(tail + 8), reason: "unknown binary table layout (entry \(entrySize), header \(headerSize) bytes; expected 96 and 16)")
        }
        var regions: [XPSRegion] = []
        for (r, d) in defs.enumerated() {
            let entry = tail + headerSize + entrySize * r
            let points = try int32(entry + 20), size = try int32(entry + 76), offset = try int32(entry + 80)
            guard points == d.points, size == 4 * points else {
                throw .malformed(path: path, at: .byte(entry), reason: "region \(d.label): the table gives \(points) points and \(size) bytes, the header \(d.points) points")
            }
            let start = tail + offset
            guard offset >= 0, start + size <= bytes.count else {
                throw .malformed(path: path, at: .byte(max(start, 0)), reason: "region \(d.label): \(size) data bytes expected, the file ends at byte \(bytes.count)")
            }
            var y = [Double](repeating: 0, count: points)
            for i in 0..<points {
                let o = start + 4 * i
                let v = Float(bitPattern: UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24)
                guard v.isFinite else { throw .malformed(path: path, at: .byte(o), reason: "region \(d.label): non-finite intensity at point \(i)") }
                y[i] = Double(v)
            }
            let be = (0..<points).map { d.start + Double($0) * d.step }
            do {
                var region = try XPSRegion(name: d.label, bindingEnergy: be, intensity: y, intensityKind: .countsPerSecond,
                                           countsPerUnit: nil, photonEnergy: hv, passEnergy: d.pass, source: "\(path)#\(d.label)",
                                           provenance: [ProcessingStep("read", ["format": "PHI spe"])])
                region.name = d.label
                regions.append(region)
            } catch { throw .malformed(path: path, at: .line(d.line), reason: error.description) }
        }
        return regions
    }
}
