// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Atomic percentages from several core-level regions: each region's area above a Shirley
/// background (no component fit), its element from the region name, its relative sensitivity
/// factor from the preset of that core level or the user's table, then ``XPSQuantification``
/// (A / (RSF · T · KE^x), errors propagated from counting statistics). The errors are counting
/// statistics only: the area-above-Shirley method itself is good to about 1 at.% on synthetic lines
/// of known composition (tails beyond the region, end-point levels), and sensitivity factors
/// carry their own 10–20 % (XPS.md §3.3).
///
///     let q = try RegionQuantification().quantify([c1s, o1s, f1s])
public struct RegionQuantification: Sendable {
    /// Sensitivity factors by element symbol, overriding the presets' (e.g. ["F": 1.0]).
    public var sensitivityFactors: [String: Double] = [:]
    /// Mean-free-path exponent x in KE^x (0: none; ~0.6–0.75 for inorganic solids).
    public var mfpExponent: Double = 0
    /// Channels averaged at each end of the Shirley background.
    public var endPoints = 3
    /// The command's defaults: preset sensitivity factors, no mean-free-path correction.
    public init() {}

    /// One region's line of the table.
    public struct Line: Sendable, Codable, Hashable {
        /// The region's name ("F 1s").
        public var region: String
        /// The element symbol read from it ("F").
        public var element: String
        /// The area above the Shirley background (intensity × eV).
        public var area: Double
        /// Its counting-statistics error (nil without counts).
        public var areaError: Double?
        /// The relative sensitivity factor used.
        public var sensitivityFactor: Double
        /// Where it came from: "preset NAME" (the core level's preset) or "given" (the user's table).
        public var sensitivitySource: String
        /// The line's kinetic energy (eV), when the mean-free-path correction needs it.
        public var kineticEnergy: Double?
        /// The atomic percentage.
        public var atomicPercent: Double
        /// Its propagated counting-statistics error (nil without counts).
        public var atomicPercentError: Double?
    }

    /// The element of a region named like `F 1s`, `C1s`, `O 1s 2`, `Au4f`, `S 2p`.
    public static func element(of name: String) -> String? {
        let letters = name.trimmingCharacters(in: .whitespaces).prefix { $0.isLetter }
        guard let first = letters.first, first.isUppercase else { return nil }
        // One capital and at most one lower-case letter, before the shell's digit.
        let symbol = String(letters.prefix(2).enumerated().filter { $0.offset == 0 || $0.element.isLowercase }.map(\.element))
        let rest = name.dropFirst(symbol.count).trimmingCharacters(in: .whitespaces)
        guard rest.first?.isNumber == true else { return nil }
        return symbol
    }

    /// A sensitivity factor as the command writes it, `ELEMENT=VALUE` (e.g. `F=1.0`, value
    /// positive); nil when the text is not one.
    public static func sensitivityFactor(text: String) -> (element: String, value: Double)? {
        let p = text.split(separator: "=", omittingEmptySubsequences: false)
        guard p.count == 2, !p[0].isEmpty, let v = Double(p[1]), v > 0, v.isFinite else { return nil }
        return (String(p[0]), v)
    }

    /// The record of `interphase xps quantify --json`: the table, the exponent and the files read.
    public struct Report: Sendable, Codable, Hashable {
        /// One line per region.
        public var lines: [Line]
        /// The mean-free-path exponent used.
        public var mfpExponent: Double
        /// The files, in the order given.
        public var files: [String]
    }

    /// The command's record for the regions of `paths` (all, or those named in `regions`).
    public func report(paths: [String], regions names: [String] = []) throws -> Report {
        Report(lines: try quantify(paths: paths, regions: names), mfpExponent: mfpExponent, files: paths)
    }

    /// The regions of several files as `interphase xps quantify` takes them: every region of each
    /// file, or only those named in `regions` (case and spaces ignored: 'F 1s' = 'f1s').
    public func quantify(paths: [String], regions names: [String] = []) throws -> [Line] {
        func key(_ s: String) -> String { s.lowercased().filter { !$0.isWhitespace } }
        var chosen: [XPSRegion] = []
        for path in paths {
            let doc = try XPSFile(path: path)
            if names.isEmpty { chosen += doc.regions; continue }
            for name in names where doc.regions.contains(where: { key($0.name) == key(name) }) {
                chosen.append(try doc.region(block: nil, named: name))
            }
        }
        return try quantify(chosen)
    }

    /// The table for regions already read, one line per region.
    public func quantify(_ regions: [XPSRegion]) throws(XPSError) -> [Line] {
        guard regions.count >= 2 else { throw .invalidModel("quantification needs at least two regions") }
        var lines: [XPSQuantification.Line] = []
        var meta: [(String, String, Double, String, Double?)] = []
        for r in regions {
            guard let element = Self.element(of: r.name) else {
                throw .invalidModel("\(r.source): cannot tell the element of region '\(r.name)' (name regions like 'F 1s')")
            }
            let rsf: Double, source: String
            if let given = sensitivityFactors[element] {
                rsf = given; source = "given"
            } else if let preset = XPSPreset.all.first(where: { $0.element == element }) {
                rsf = preset.sensitivityFactor; source = "preset \(preset.name)"
            } else {
                throw .invalidModel("no sensitivity factor for \(element) (region \(r.name)): give one (\(element)=VALUE)")
            }
            let spectrum = try r.spectrum()
            let background: [Double]
            do { background = try ShirleyBackground(endPoints: endPoints).background(of: spectrum) }
            catch { throw .invalidData(r.source, "Shirley background: \(error)") }
            var area = 0.0, variance = 0.0
            let e = r.bindingEnergy, y = r.intensity
            for i in 1..<e.count {
                let h = e[i] - e[i - 1]
                area += 0.5 * ((y[i] - background[i]) + (y[i - 1] - background[i - 1])) * h
            }
            // Counting statistics: var(y_i) = y_i / countsPerUnit; trapezoid weights h/2 + h/2.
            var known = false
            if let cpu = r.countsPerUnit, cpu > 0 {
                known = true
                for i in e.indices {
                    let left = i > 0 ? e[i] - e[i - 1] : 0, right = i + 1 < e.count ? e[i + 1] - e[i] : 0
                    let w = 0.5 * (left + right)
                    variance += w * w * max(y[i], 0) / cpu
                }
            }
            guard area > 0 else { throw .invalidData(r.source, "region \(r.name) has no area above its Shirley background") }
            // Kinetic energy at the area-weighted centre, for the mean-free-path term.
            var ke: Double? = nil
            if let hv = r.photonEnergy {
                var m = 0.0, s = 0.0
                for i in e.indices { let v = max(y[i] - background[i], 0); m += v * e[i]; s += v }
                if s > 0 { ke = hv - m / s }
            }
            lines.append(XPSQuantification.Line(element: element, area: area, areaError: known ? variance.squareRoot() : nil,
                                                sensitivityFactor: rsf, kineticEnergy: ke))
            meta.append((r.name, element, area, source, ke))
        }
        let fractions = try XPSQuantification.atomicFractions(lines, mfpExponent: mfpExponent)
        return zip(lines, zip(meta, fractions)).map { l, mf in
            let (m, f) = mf
            return Line(region: m.0, element: m.1, area: l.area, areaError: l.areaError, sensitivityFactor: l.sensitivityFactor,
                        sensitivitySource: m.3, kineticEnergy: m.4, atomicPercent: 100 * f.fraction, atomicPercentError: f.error.map { 100 * $0 })
        }
    }
}
