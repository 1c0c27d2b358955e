// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// A CasaXPS CSV export of one region with the analyst's fit: a short header
/// (`Characteristic Energy eV,1486.6,Acquisition Time s,2.8`), a column row
/// `BE_<region>, CPS_<region>, <component>_<region>..., Background_<region>, Envelope_<region>`,
/// then one row per channel. Component columns hold background + component, as CasaXPS draws
/// them; the export holds sampled curves only, not the line-shape parameters.
///
///     let casa = try CasaCSVExport.parse(bytes, path: "C1s.csv")
///     casa.region            // the measured spectrum, for fitting
///     casa.components        // the analyst's components, measured from their curves
public struct CasaCSVExport: Sendable {
    /// One exported component, measured from its curve above the exported background.
    public struct Component: Sendable, Codable, Hashable {
        /// The component's name as the analyst gave it.
        public var name: String
        /// Binding energy of the curve's maximum above the background (parabolic vertex).
        public var center: Double
        /// Full width at half maximum of the curve above the background (interpolated crossings).
        public var fwhm: Double
        /// Area above the exported background over the exported range (trapezoids, CPS·eV).
        public var areaInWindow: Double
        /// areaInWindow over the sum of all components' (the analyst's fraction within the window).
        public var fraction: Double
    }

    /// The export's path.
    public var path: String
    /// The region name from the column header (`C 1s 1`).
    public var regionName: String
    /// Photon energy (eV) from the header, when given.
    public var photonEnergy: Double?
    /// "Acquisition Time s" of the header: seconds per channel, so CPS × time = detected counts.
    public var acquisitionTime: Double?
    /// Ascending binding energies (eV).
    public var bindingEnergy: [Double]
    /// The measured spectrum (CPS column), ascending with ``bindingEnergy``.
    public var measured: [Double]
    /// The analyst's background, ascending with ``bindingEnergy``.
    public var background: [Double]
    /// The analyst's envelope (background plus every component), ascending.
    public var envelope: [Double]
    /// Each component's curve as exported (background included), ascending.
    public var componentCurves: [(name: String, values: [Double])]
    /// Each component measured from its curve (centre, FWHM, in-window area and fraction).
    public var components: [Component]

    /// True when the first lines hold a CasaXPS column row (`BE_…`, `CPS_…`/`Counts`, …,
    /// `Background_…`, `Envelope_…`).
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(8192), as: UTF8.self)
        return head.split(whereSeparator: \.isNewline).prefix(30).contains { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return cells.first?.hasPrefix("BE_") == true && cells.contains { $0.hasPrefix("Background_") } && cells.contains { $0.hasPrefix("Envelope_") }
        }
    }

    /// Parses a CasaXPS "Export to CSV" of one region; `path` names the file in errors.
    public static func parse(_ bytes: [UInt8], path: String) throws(XPSReadError) -> CasaCSVExport {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        func cells(_ line: String) -> [String] { line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
        guard let headerLine = lines.firstIndex(where: { l in
            let c = cells(l)
            return c.first?.hasPrefix("BE_") == true && c.contains { $0.hasPrefix("Background_") } && c.contains { $0.hasPrefix("Envelope_") }
        }) else { throw .malformed(path: path, at: .line(1), reason: "no CasaXPS column row (BE_…, CPS_…, Background_…, Envelope_…)") }
        var photon: Double? = nil, time: Double? = nil
        for l in lines[..<headerLine] {
            let c = cells(l)
            for (i, key) in c.enumerated() where i + 1 < c.count {
                if key.hasPrefix("Characteristic Energy") { photon = Double(c[i + 1]) }
                if key.hasPrefix("Acquisition Time") { time = Double(c[i + 1]) }
            }
        }
        let header = cells(lines[headerLine]).filter { !$0.isEmpty }
        let region = String(header[0].dropFirst(3))
        guard header.count >= 4, let bg = header.firstIndex(where: { $0.hasPrefix("Background_") }),
              let env = header.firstIndex(where: { $0.hasPrefix("Envelope_") }), bg >= 2 else {
            throw .malformed(path: path, at: .line(headerLine + 1), reason: "expected BE, CPS, components, Background, Envelope columns")
        }
        let suffix = "_" + region
        let componentColumns = Array(2..<bg)
        func name(_ h: String) -> String { h.hasSuffix(suffix) ? String(h.dropLast(suffix.count)) : h }
        var rows: [[Double]] = []
        for (k, l) in lines.enumerated().dropFirst(headerLine + 1) {
            let c = cells(l).prefix(header.count)
            if c.allSatisfy(\.isEmpty) { continue }
            let v = c.map { Double($0) }
            guard v.count == header.count, v.allSatisfy({ $0 != nil && $0!.isFinite }) else {
                throw .malformed(path: path, at: .line(k + 1), reason: "expected \(header.count) numbers, found '\(l.prefix(80))'")
            }
            rows.append(v.map { $0! })
        }
        guard rows.count >= 5 else { throw .malformed(path: path, at: .line(headerLine + 2), reason: "\(rows.count) data rows") }
        if rows[0][0] > rows[rows.count - 1][0] { rows.reverse() }
        let be = rows.map { $0[0] }
        for i in 1..<be.count where !(be[i] > be[i - 1]) {
            throw .malformed(path: path, at: .line(headerLine + 2), reason: "binding energy is not monotonic near \(be[i])")
        }
        let background = rows.map { $0[bg] }
        let curves = componentCurves(rows, columns: componentColumns, names: componentColumns.map { name(header[$0]) })
        var comps = curves.map { c in measure(name: c.name, be: be, above: zip(c.values, background).map { $0 - $1 }) }
        let total = comps.reduce(0) { $0 + $1.areaInWindow }
        for i in comps.indices { comps[i].fraction = total > 0 ? comps[i].areaInWindow / total : .nan }
        return CasaCSVExport(path: path, regionName: region, photonEnergy: photon, acquisitionTime: time, bindingEnergy: be,
                             measured: rows.map { $0[1] }, background: background, envelope: rows.map { $0[env] },
                             componentCurves: curves, components: comps)
    }

    static func componentCurves(_ rows: [[Double]], columns: [Int], names: [String]) -> [(name: String, values: [Double])] {
        zip(columns, names).map { c, n in (n, rows.map { $0[c] }) }
    }

    /// Centre, FWHM and in-window area of a sampled curve above its background.
    static func measure(name: String, be: [Double], above y: [Double]) -> Component {
        let k = y.indices.max { y[$0] < y[$1] }!
        var center = be[k]
        if k > 0 && k < y.count - 1, let v = ParabolaVertex.through(be[k - 1], be[k], be[k + 1], y[k - 1], y[k], y[k + 1]) { center = v.position }
        let half = y[k] / 2
        func crossing(_ step: Int) -> Double {
            var i = k
            while i + step >= 0 && i + step < y.count {
                if y[i + step] <= half { return be[i] + (be[i + step] - be[i]) * (y[i] - half) / (y[i] - y[i + step]) }
                i += step
            }
            return be[i]
        }
        var area = 0.0
        for i in 1..<y.count { area += 0.5 * (y[i] + y[i - 1]) * (be[i] - be[i - 1]) }
        return Component(name: name, center: center, fwhm: crossing(1) - crossing(-1), areaInWindow: area, fraction: .nan)
    }

    /// The channel-to-channel scatter of the measured spectrum over its Poisson expectation at
    /// ``acquisitionTime`` (σ from the median absolute second difference, √6 × 0.6745 for white
    /// noise, against √(CPS/t)/t·t). About 1 when CPS × t is the detected counts; far from 1 when the
    /// export was scaled (transmission-corrected or normalised CPS), so that Poisson weights in
    /// "counts" would be wrong in scale. nil without an acquisition time.
    public var poissonScatterRatio: Double? {
        guard let t = acquisitionTime, t > 0, measured.count >= 8 else { return nil }
        var d2: [Double] = []
        for i in 1..<(measured.count - 1) {
            let second: Double = measured[i + 1] - 2 * measured[i] + measured[i - 1]
            d2.append(abs(second))
        }
        let observed = Statistics.median(d2) / (6.0.squareRoot() * 0.6745)
        let expected = (Statistics.median(measured) / t).squareRoot()
        return expected > 0 ? observed / expected : nil
    }

    /// The measured spectrum as a region to fit: counts per second, with the acquisition time as
    /// the factor to detected counts when the header gives it.
    public func region() throws(XPSError) -> XPSRegion {
        try XPSRegion(name: regionName, bindingEnergy: bindingEnergy, intensity: measured, intensityKind: .countsPerSecond,
                      countsPerUnit: acquisitionTime, photonEnergy: photonEnergy, source: path,
                      provenance: [ProcessingStep("read", ["format": "CasaXPS CSV", "path": path, "column": "CPS_" + regionName])])
    }
}

/// The analyst's components (from a CasaXPS export) beside a refit's, matched by nearest centre.
/// In-window areas are compared with in-window areas: the export holds sampled curves over its
/// range only, so the refit's `areaInWindow` over the same range is the comparable quantity.
public struct CasaComparison: Sendable, Codable, Hashable {
    /// The analyst's component name.
    public var analyst: String
    /// The matched refit component's name; nil when none lies within the matching distance.
    public var refit: String?
    /// The analyst's centre (eV).
    public var analystCenter: Double
    /// The refit's centre (eV).
    public var refitCenter: Double?
    /// The analyst's FWHM (eV).
    public var analystFWHM: Double
    /// The refit's FWHM (eV).
    public var refitFWHM: Double?
    /// The analyst's area above the background over the export's range.
    public var analystAreaInWindow: Double
    /// The refit's area over the same range.
    public var refitAreaInWindow: Double?
    /// In-window fractions (each over its own fit's components).
    public var analystFraction: Double
    /// The refit's in-window fraction.
    public var refitFraction: Double?

    /// One entry per analyst component; a refit component is used once (nearest centre first, within
    /// `tolerance` eV). `refitWindow` is the refit's energy range: it must cover the export's for the
    /// in-window areas to compare.
    public static func compare(_ export: CasaCSVExport, with components: [XPSFitResult.Component],
                               tolerance: Double = 1.0) -> [CasaComparison] {
        let total = components.reduce(0) { $0 + $1.areaInWindow }
        var used = Set<Int>()
        var pairs: [(Int, Int, Double)] = []
        for (i, a) in export.components.enumerated() {
            for (j, b) in components.enumerated() { pairs.append((i, j, abs(a.center - b.center))) }
        }
        var match: [Int: Int] = [:]
        for (i, j, d) in pairs.sorted(by: { $0.2 < $1.2 }) where d <= tolerance && match[i] == nil && !used.contains(j) {
            match[i] = j
            used.insert(j)
        }
        return export.components.enumerated().map { i, a in
            let b = match[i].map { components[$0] }
            return CasaComparison(analyst: a.name, refit: b?.name, analystCenter: a.center, refitCenter: b?.center,
                                  analystFWHM: a.fwhm, refitFWHM: b?.fwhm, analystAreaInWindow: a.areaInWindow, refitAreaInWindow: b?.areaInWindow,
                                  analystFraction: a.fraction, refitFraction: b.map { total > 0 ? $0.areaInWindow / total : .nan })
        }
    }
}
