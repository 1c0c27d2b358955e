// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Reads Scienta SES text exports (XPS.md §2.3): INI-like `[Region n]`, `[Info n]` (Excitation
/// Energy, Pass Energy, Energy Scale, Number of Sweeps, Step Time in ms, Detector mode) and
/// `[Data n]` two-column sections. A kinetic scale is converted with the excitation energy. Pulse
/// counting data are counts (Poisson weights); ADC-mode data are an analogue intensity and get
/// uniform weights.
public struct ScientaTextReader: Sendable {
    /// A reader.
    public init() {}

    /// Whether the file begins with a Scienta SES `[Info]` section that gives the number of regions.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(256), as: UTF8.self)
        return head.hasPrefix("[Info]") && head.contains("Number of Regions")
    }

    /// Every region of the file at `path`.
    public func read(_ path: String) throws(XPSReadError) -> [XPSRegion] {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try parse(bytes, path: path)
    }

    /// Every region of a file already in memory.
    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(XPSReadError) -> [XPSRegion] {
        let lines = TextLines.split(bytes)
        var sections: [(name: String, line: Int, body: [(Int, Substring)])] = []
        for (k, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") && line.hasSuffix("]") {
                sections.append((String(line.dropFirst().dropLast()), k + 1, []))
            } else if !line.isEmpty {
                guard !sections.isEmpty else { throw .malformed(path: path, at: .line(k + 1), reason: "text before the first [section]") }
                sections[sections.count - 1].body.append((k + 1, Substring(line)))
            }
        }
        func keyValues(_ name: String) -> [String: String] {
            var d: [String: String] = [:]
            for (_, l) in sections.first(where: { $0.name == name })?.body ?? [] {
                if let eq = l.firstIndex(of: "=") { d[String(l[..<eq])] = String(l[l.index(after: eq)...]) }
            }
            return d
        }
        guard let count = keyValues("Info")["Number of Regions"].flatMap({ Int($0) }), count > 0 else {
            throw .malformed(path: path, at: .line(1), reason: "[Info] has no 'Number of Regions'")
        }
        var regions: [XPSRegion] = []
        for n in 1...count {
            let info = keyValues("Info \(n)")
            guard let data = sections.first(where: { $0.name == "Data \(n)" }) else {
                throw .malformed(path: path, at: .wholeFile, reason: "no [Data \(n)] section for region \(n) of \(count)")
            }
            var x: [Double] = [], y: [Double] = []
            for (line, l) in data.body {
                guard let v = TextLines.numbers(l), v.count >= 2 else {
                    throw .malformed(path: path, at: .line(line), reason: "expected energy and intensity, found '\(l.prefix(60))'")
                }
                x.append(v[0]); y.append(v[1])
            }
            if let size = keyValues("Region \(n)")["Dimension 1 size"].flatMap({ Int($0) }), size != x.count {
                throw .malformed(path: path, at: .line(data.line), reason: "region \(n) declares \(size) points, [Data \(n)] has \(x.count)")
            }
            var merged = info
            if merged["Region Name"] == nil { merged["Region Name"] = keyValues("Region \(n)")["Region Name"] }
            regions.append(try Self.region(info: merged, energies: x, intensity: y, path: path, fallbackName: "Region \(n)",
                                           location: .line(data.line), provenance: []))
        }
        return regions
    }

    /// A region from SES parameters (`[Info n]` of a text export, or an Igor wave's note) and
    /// the energies as stored: a kinetic scale is converted with the excitation energy; pulse
    /// counting gives counts (Poisson weights), ADC mode an analogue intensity (uniform weights).
    static func region(info: [String: String], energies x: [Double], intensity y: [Double], path: String, fallbackName: String,
                       location: FileLocation, provenance: [ProcessingStep]) throws(XPSReadError) -> XPSRegion {
        let hv = info["Excitation Energy"].flatMap(Double.init)
        var be = x
        if info["Energy Scale"]?.lowercased() == "kinetic" {
            guard let hv else { throw .malformed(path: path, at: location, reason: "kinetic energies without an Excitation Energy") }
            be = x.map { hv - $0 }
        }
        let pulseCounting = info["DetectorMode"].map { $0.lowercased().contains("pulse") } ?? false
        let name = info["Region Name"] ?? fallbackName
        do {
            var r = try XPSRegion(name: name, bindingEnergy: be, intensity: y, intensityKind: pulseCounting ? .counts : .intensity,
                                  countsPerUnit: pulseCounting ? 1 : nil, photonEnergy: hv,
                                  passEnergy: info["Pass Energy"].flatMap(Double.init), source: "\(path)#\(name)",
                                  provenance: (provenance.isEmpty ? [ProcessingStep("read", ["format": "Scienta SES text"])] : provenance)
                                    + [ProcessingStep("detector", ["mode": info["DetectorMode"] ?? "?"])])
            r.name = name
            return r
        } catch { throw .malformed(path: path, at: location, reason: error.description) }
    }
}
