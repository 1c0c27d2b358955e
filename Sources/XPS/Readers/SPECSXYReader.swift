// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Reads SpecsLab Prodigy `.xy` exports (XPS.md §2.3): `#` metadata (export settings, then per
/// region `Region`, `Values/Curve`, `Dwell Time`, `Excitation Energy`, `Pass Energy`), then
/// `# Cycle: c, Curve: k, Scan: s` sections of two-column data. Scans of one cycle and curve are
/// combined (summed counts, or averaged counts per second with dwell × scans kept for Poisson
/// weights), giving one region per region, cycle and curve.
///
///     let regions = try SPECSXYReader().read("MgFe2O4.xy")
public struct SPECSXYReader: Sendable {
    /// A reader.
    public init() {}

    /// Whether the header names SpecsLab or its XY-Serializer export settings.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(512), as: UTF8.self)
        return head.hasPrefix("# Created by:") && head.contains("SpecsLab") || head.contains("XY-Serializer Export Settings")
    }

    /// Every region of the file at `path`.
    public func read(_ path: String) throws(XPSReadError) -> [XPSRegion] {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try parse(bytes, path: path)
    }

    struct Section {
        var region: String
        var cycle: Int
        var curve: Int
        var line: Int
        var x: [Double] = []
        var y: [Double] = []
    }

    /// Every region of a file already in memory.
    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(XPSReadError) -> [XPSRegion] {
        let lines = TextLines.split(bytes)
        var binding = true, perSecond = true
        var regionName = "", dwell: Double? = nil, hv: Double? = nil, pass: Double? = nil, expected: Int? = nil
        var meta: [String: (dwell: Double?, hv: Double?, pass: Double?, expected: Int?)] = [:]
        var sections: [Section] = []
        var current: Section? = nil
        func close() { if let c = current { sections.append(c) }; current = nil }
        for (k, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
                guard let colon = body.firstIndex(of: ":") else { continue }
                let key = body[..<colon].trimmingCharacters(in: .whitespaces)
                let value = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "Energy Axis": binding = value.lowercased().contains("binding")
                case "Count Rate": perSecond = value.lowercased().contains("second")
                case "Region":
                    close()
                    regionName = value; dwell = nil; hv = nil; pass = nil; expected = nil
                case "Dwell Time": dwell = Double(value)
                case "Excitation Energy": hv = Double(value)
                case "Pass Energy": pass = Double(value)
                case "Values/Curve": expected = Int(value)
                case "Cycle" where body.contains("Curve"):
                    close()
                    // "Cycle: 0, Curve: 0, Scan: 0"
                    var c = 0, cv = 0
                    for part in body.split(separator: ",") {
                        let kv = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                        if kv.count == 2, kv[0] == "Cycle" { c = Int(kv[1]) ?? 0 }
                        if kv.count == 2, kv[0] == "Curve" { cv = Int(kv[1]) ?? 0 }
                    }
                    guard !regionName.isEmpty else {
                        throw .malformed(path: path, at: .line(k + 1), reason: "a data section comes before any '# Region:' line")
                    }
                    meta[regionName] = (dwell, hv, pass, expected)
                    current = Section(region: regionName, cycle: c, curve: cv, line: k + 1)
                default: break
                }
                continue
            }
            guard current != nil else {
                throw .malformed(path: path, at: .line(k + 1), reason: "data before a '# Cycle: …, Curve: …' section")
            }
            guard let v = TextLines.numbers(Substring(line)), v.count >= 2 else {
                throw .malformed(path: path, at: .line(k + 1), reason: "expected two numbers (energy, intensity), found '\(line.prefix(60))'")
            }
            current!.x.append(v[0])
            current!.y.append(v[1])
        }
        close()
        guard !sections.isEmpty else { throw .malformed(path: path, at: .wholeFile, reason: "no '# Cycle: …, Curve: …' data sections: not a SpecsLab Prodigy .xy export") }

        // Combine the scans of each (region, cycle, curve) in file order.
        var order: [String] = []
        var groups: [String: [Section]] = [:]
        for s in sections {
            let key = "\(s.region)\u{1}\(s.cycle)\u{1}\(s.curve)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(s)
        }
        var regions: [XPSRegion] = []
        for key in order {
            let scans = groups[key]!, first = scans[0]
            let m = meta[first.region]!
            if let e = m.expected, e != first.x.count {
                throw .malformed(path: path, at: .line(first.line), reason: "region \(first.region) declares \(e) values per curve but this section has \(first.x.count)")
            }
            for s in scans.dropFirst() where s.x != first.x {
                throw .malformed(path: path, at: .line(s.line), reason: "scan of \(s.region) has a different energy axis from its first scan")
            }
            var y = [Double](repeating: 0, count: first.y.count)
            for s in scans { for i in y.indices { y[i] += s.y[i] } }
            if perSecond { for i in y.indices { y[i] /= Double(scans.count) } }
            let cpu: Double? = perSecond ? m.dwell.map { $0 * Double(scans.count) } : 1
            var be = first.x
            if !binding {
                guard let hv = m.hv else { throw .malformed(path: path, at: .line(first.line), reason: "kinetic-energy axis without an excitation energy") }
                be = be.map { hv - $0 }
            }
            let name = groups.keys.filter({ $0.hasPrefix(first.region + "\u{1}") }).count > 1
                ? "\(first.region) cycle \(first.cycle) curve \(first.curve)" : first.region
            do {
                var r = try XPSRegion(name: name, bindingEnergy: be, intensity: y, intensityKind: perSecond ? .countsPerSecond : .counts,
                                      countsPerUnit: cpu, photonEnergy: m.hv, passEnergy: m.pass, source: "\(path)#\(name)",
                                      provenance: [ProcessingStep("read", ["format": "SPECS xy", "scans": "\(scans.count)"])])
                r.name = name
                regions.append(r)
            } catch { throw .malformed(path: path, at: .line(first.line), reason: error.description) }
        }
        return regions
    }
}
