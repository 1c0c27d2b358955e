// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

extension JCAMPReader {
    func number(_ records: [Record], _ label: String, path: String) throws(JCAMPError) -> Double? {
        guard let r = records.last(where: { $0.label == label }) else { return nil }
        let text = r.value.split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let v = Double(text.replacingOccurrences(of: ",", with: ".")), v.isFinite else {
            throw .badNumber(path: path, line: r.line, text: text, label: label)
        }
        return v
    }

    func decodeBlock(_ records: [Record], index: Int, path: String) throws(JCAMPError) -> JCAMPBlock {
        var labels: [String: String] = [:]
        for r in records where !Self.dataLabels.contains(r.label) { labels[r.label] = r.value }
        let title = labels["TITLE"] ?? "block \(index + 1)"
        let startLine = records.first?.line ?? 1
        var block = JCAMPBlock(title: title, labels: labels, spectrum: nil, peakTable: [], warnings: [], line: startLine)
        let xFactor = try number(records, "XFACTOR", path: path) ?? 1
        let yFactor = try number(records, "YFACTOR", path: path) ?? 1
        let (xKind, xUnit) = Self.xAxis(labels["XUNITS"])
        if let pt = records.first(where: { $0.label == "PEAKTABLE" }) {
            block.peakTable = try peakTable(pt, xFactor: xFactor, yFactor: yFactor, path: path)
        }
        var x: [Double] = [], y: [Double] = [], form = ""
        var dataLine = startLine
        if let xy = records.first(where: { $0.label == "XYDATA" }) {
            dataLine = xy.line
            let variables = xy.value.uppercased().filter { !" \t".contains($0) }
            guard variables.hasPrefix("(X++(") else {
                throw .unsupported(path: path, line: xy.line, what: "##XYDATA=\(xy.value) (only (X++(Y..Y)) is defined for XYDATA)")
            }
            if !variables.hasSuffix("))") { block.warnings.append("line \(xy.line): ##XYDATA= variable list is not closed: \(xy.value)") }
            // NPOINTS when declared (a little over, for Y-check repeats), else 2^24: far beyond any IR spectrum.
            let npoints = try number(records, "NPOINTS", path: path)
            if let v = npoints, !(v.isFinite && v >= 0 && v < 1e9 && v == v.rounded()) {
                throw .malformedData(path: path, line: xy.line, reason: "##NPOINTS=\(v) is not a point count")
            }
            let declaredPoints = npoints.map { Int($0) }
            var decoder = JCAMPYDecoder(limit: declaredPoints.map { $0 + xy.data.count + 16 } ?? (1 << 24))
            var compressed = false
            for (lineNo, bytes) in xy.data {
                let tokens: [JCAMPCompression.Token]
                switch JCAMPCompression.tokenize(bytes) {
                case .success(let t): tokens = t
                case .failure(let e): throw .malformedData(path: path, line: lineNo, reason: "column \(e.column): cannot decode '\(e.text)'")
                }
                compressed = compressed || JCAMPCompression.hasCompression(bytes)
                do { try decoder.add(tokens, line: lineNo) } catch {
                    switch error {
                    case .missingValue(let l): throw .unsupported(path: path, line: l, what: "a missing value '?'")
                    case .dupWithoutValue(let l): throw .malformedData(path: path, line: l, reason: "DUP or DIF with no preceding value")
                    case .noXValue(let l): throw .malformedData(path: path, line: l, reason: "the line does not start with an X check value")
                    case .tooManyValues(let l, let limit):
                        throw .malformedData(path: path, line: l, reason: "a DUP count makes more than \(limit) values"
                                             + (declaredPoints.map { " (##NPOINTS=\($0))" } ?? ""))
                    }
                }
            }
            for f in decoder.checkFailures {
                block.warnings.append("line \(f.line): DIF Y-check value \(f.found) does not repeat the previous line's last value \(f.expected)" + (f.line == xy.data.last?.line ? " (malformed last line)" : ""))
            }
            guard !decoder.values.isEmpty else { throw .malformedData(path: path, line: xy.line, reason: "##XYDATA holds no values") }
            guard let firstX = try number(records, "FIRSTX", path: path) else { throw .missingLabel(path: path, line: startLine, label: "FIRSTX", needed: "for the X axis of ##XYDATA") }
            guard let lastX = try number(records, "LASTX", path: path) else { throw .missingLabel(path: path, line: startLine, label: "LASTX", needed: "for the X axis of ##XYDATA") }
            let decoded = decoder.values.count
            let declared = declaredPoints
            if let declared, declared != decoded {
                if declared > decoded && !lenient {
                    throw .truncated(path: path, line: xy.data.last?.line ?? xy.line,
                                     reason: "##NPOINTS=\(declared) but only \(decoded) values were decoded in block '\(title)' (line \(startLine))")
                }
                block.warnings.append("##NPOINTS=\(declared) but \(decoded) values were decoded")
            }
            let n = declared ?? decoded
            let dx = n > 1 ? (lastX - firstX) / Double(n - 1) : 0
            x = (0..<decoded).map { firstX + Double($0) * dx }
            y = decoder.values.map { $0 * yFactor }
            // X check values against the FIRSTX/LASTX/NPOINTS grid (first and last data lines).
            let starts = decoder.lineStarts.filter { $0.index < decoded }
            for s in [starts.first, starts.last].compactMap({ $0 }) {
                let expected = x[s.index], found = s.x * xFactor
                if abs(found - expected) > 1.5 * abs(dx) + 1e-9 * abs(expected) {
                    block.warnings.append("line \(s.line): X check value \(found) is not at the grid position \(expected) from FIRSTX/LASTX/NPOINTS")
                }
            }
            form = compressed ? "ASDF (X++(Y..Y))" : "AFFN (X++(Y..Y))"
        } else if let xyp = records.first(where: { $0.label == "XYPOINTS" }) {
            dataLine = xyp.line
            let pairs = try affnValues(xyp, path: path)
            guard pairs.count >= 2, pairs.count % 2 == 0 else { throw .malformedData(path: path, line: xyp.line, reason: "##XYPOINTS holds \(pairs.count) numbers, not x,y pairs") }
            x = stride(from: 0, to: pairs.count, by: 2).map { pairs[$0] * xFactor }
            y = stride(from: 1, to: pairs.count, by: 2).map { pairs[$0] * yFactor }
            if let declared = try number(records, "NPOINTS", path: path).map({ Int($0) }), declared != x.count {
                if declared > x.count && !lenient {
                    throw .truncated(path: path, line: xyp.data.last?.line ?? xyp.line,
                                     reason: "##NPOINTS=\(declared) but only \(x.count) pairs were read in block '\(title)' (line \(startLine))")
                }
                block.warnings.append("##NPOINTS=\(declared) but \(x.count) pairs were read")
            }
            form = "AFFN (XY..XY)"
        } else {
            if records.contains(where: { $0.label == "NTUPLES" }) {
                block.warnings.append("##NTUPLES (multi-page) data is not supported; block skipped")
            }
            return block
        }
        if let firstY = try number(records, "FIRSTY", path: path) {
            let maxAbs = y.map(abs).max() ?? 0
            let tolerance = max(1e-4 * abs(firstY), 1e-5 * maxAbs, abs(yFactor))
            if abs(y[0] - firstY) > tolerance {
                block.warnings.append("##FIRSTY=\(firstY) but the first decoded Y is \(y[0]) (check ##YFACTOR=\(labels["YFACTOR"] ?? "1"))")
            }
        }
        let (yKind, yUnit) = Self.yAxis(labels["YUNITS"], values: y)
        var metadata = labels
        if !block.warnings.isEmpty { metadata["warnings"] = block.warnings.joined(separator: "\n") }
        do {
            block.spectrum = try Spectrum(name: title, x: x, y: y, xKind: xKind, xUnit: xUnit, yKind: yKind, yUnit: yUnit,
                                          metadata: metadata,
                                          provenance: [ProcessingStep("read", ["format": "JCAMP-DX", "path": path, "block": "\(index + 1)", "form": form])])
        } catch {
            throw .malformedData(path: path, line: dataLine, reason: error.description)
        }
        return block
    }

    func affnValues(_ r: Record, path: String) throws(JCAMPError) -> [Double] {
        var v: [Double] = []
        for (lineNo, bytes) in r.data {
            switch JCAMPCompression.tokenize(bytes) {
            case .success(let tokens):
                for t in tokens {
                    guard case .value(let d) = t else { throw .malformedData(path: path, line: lineNo, reason: "compressed values in an (XY..XY) table") }
                    v.append(d)
                }
            case .failure(let e):
                throw .malformedData(path: path, line: lineNo, reason: "column \(e.column): cannot decode '\(e.text)'")
            }
        }
        return v
    }

    func peakTable(_ r: Record, xFactor: Double, yFactor: Double, path: String) throws(JCAMPError) -> [JCAMPPeak] {
        let v = try affnValues(r, path: path)
        let width = r.value.uppercased().contains("XYW") ? 3 : 2
        guard v.count % width == 0 else { throw .malformedData(path: path, line: r.line, reason: "peak table of \(v.count) numbers is not a multiple of \(width)") }
        return stride(from: 0, to: v.count, by: width).map { i in
            JCAMPPeak(x: v[i] * xFactor, y: v[i + 1] * yFactor, width: width == 3 ? v[i + 2] * xFactor : nil)
        }
    }

    static func xAxis(_ units: String?) -> (AxisKind, AxisUnit) {
        switch normalise(Substring(units ?? "")) {
        case "1CM", "CM1", "CM-1": (.wavenumber, .reciprocalCentimetre)
        case "MICROMETERS", "MICRONS", "UM": (.wavelength, .micrometre)
        case "NANOMETERS", "NM": (.wavelength, .nanometre)
        case "SECONDS": (.time, .second)
        default: (.unknown, .arbitrary)
        }
    }

    /// Transmittance and reflectance are fractions unless the values run above 1.5 (then percent).
    static func yAxis(_ units: String?, values: [Double]) -> (IntensityKind, IntensityUnit) {
        let u = normalise(Substring(units ?? ""))
        let percent = (values.max() ?? 0) > 1.5
        if u.hasPrefix("TRANSMITTANCE") || u == "%T" || u.contains("TRANSMISSION") { return (.transmittance, percent ? .percent : .fraction) }
        if u.hasPrefix("REFLECTANCE") { return (.reflectance, percent ? .percent : .fraction) }
        if u.hasPrefix("ABSORBANCE") { return (.absorbance, .absorbanceUnits) }
        if u.hasPrefix("KUBELKA") { return (.kubelkaMunk, .arbitrary) }
        if u == "COUNTS" { return (.counts, .counts) }
        return (.intensity, .arbitrary)
    }
}
