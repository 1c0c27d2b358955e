// SPDX-License-Identifier: GPL-3.0-or-later

/// Errors from reading delimited text (CSV, TSV, whitespace) spectra.
public enum DelimitedTextError: InterphaseError, Equatable {
    /// The file could not be read.
    case unreadable(FileReadError)
    /// The file holds a byte that is not text, at offset `byte`.
    case notText(path: String, byte: Int)
    /// No line parsed as numbers; `lastText` is the last non-blank line (its number and text), which is where a reader would expect data.
    case noData(path: String, lines: Int, lastText: Int?, text: String?)
    /// A field at `line`, `column` is not a number.
    case notNumeric(path: String, line: Int, column: Int, text: String)
    /// A data line has a different number of columns from the first.
    case columnCount(path: String, line: Int, expected: Int, found: Int)
    /// A data line has fewer than two columns.
    case tooFewColumns(path: String, line: Int, found: Int)
    /// The columns read do not make a valid spectrum (the reason says why; `line` is the first data line).
    case invalidSpectrum(path: String, line: Int, reason: String)

    public var category: ErrorCategory { .unreadableInput }
    public var description: String {
        switch self {
        case .unreadable(let e): e.description
        case .notText(let p, let b): "\(p): not a text file (binary byte at byte \(b))"
        case .noData(let p, let n, let l, let t):
            l.map { "\(p): no numeric data rows in \(n) lines (line \($0): '\(t ?? "")' is not all numbers)" } ?? "\(p): empty (no data lines in the whole file)"
        case .notNumeric(let p, let l, let c, let t): "\(p): line \(l), column \(c): '\(t)' is not a number"
        case .columnCount(let p, let l, let e, let f): "\(p): line \(l) has \(f) columns, earlier rows have \(e)"
        case .tooFewColumns(let p, let l, let f): "\(p): line \(l) has \(f) column; a spectrum needs x and at least one y column"
        case .invalidSpectrum(let p, let l, let r): "\(p): line \(l): \(r)"
        }
    }
}

/// Reads two- or multi-column delimited text: comma, semicolon, tab or whitespace separated,
/// decimal point or decimal comma (`1234,5;0,87`), with optional header lines. The first column
/// is x; each further column becomes one ``Spectrum``. Header names such as `cm-1` or `eV` set
/// the axis kind; otherwise it is `.unknown` unless given.
///
///     let spectra = try DelimitedSpectrumReader().read("Spectra/IR.CSV")
public struct DelimitedSpectrumReader: Sendable {
    /// nil: inferred from header words (`cm-1`, `eV`, `nm`), else `.unknown`.
    public var xKind: AxisKind?
    /// nil: inferred from header words (absorbance, transmittance, reflectance, single beam,
    /// interferogram), else `.intensity`.
    public var yKind: IntensityKind?
    /// nil: the kind's default unit.
    public var yUnit: IntensityUnit?

    /// A reader that infers what is not given.
    public init(xKind: AxisKind? = nil, yKind: IntensityKind? = nil, yUnit: IntensityUnit? = nil) {
        self.xKind = xKind
        self.yKind = yKind
        self.yUnit = yUnit
    }

    /// Every y column of the file at `path`, each as a spectrum over the first column.
    public func read(_ path: String) throws(DelimitedTextError) -> [Spectrum] {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try parse(bytes, path: path)
    }

    enum Separator: String { case tab, semicolon, comma, whitespace }

    /// The same for text already in memory.
    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(DelimitedTextError) -> [Spectrum] {
        if let i = bytes.prefix(65536).firstIndex(where: { $0 == 0 || ($0 < 9) || ($0 > 13 && $0 < 32 && $0 != 27) }) {
            throw .notText(path: path, byte: i)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        var header: [String] = []
        var lastHeaderLine: Int? = nil
        var rows: [[Double]] = []
        var rowLines: [Int] = []
        var separator: Separator? = nil
        var decimalComma = false
        var width = 0
        for (k, rawLine) in lines.enumerated() {
            let lineNo = k + 1
            let line = rawLine.trimmingCharacters(in: " \t")
            if line.isEmpty { continue }
            if separator == nil {
                guard let (sep, comma) = Self.detect(line) else {
                    header.append(String(line))
                    lastHeaderLine = lineNo
                    continue
                }
                separator = sep
                decimalComma = comma
            }
            let fields = Self.split(line, separator!)
            if rows.isEmpty {
                width = fields.count
                if width < 2 { throw .tooFewColumns(path: path, line: lineNo, found: width) }
            }
            if fields.count != width {
                throw .columnCount(path: path, line: lineNo, expected: width, found: fields.count)
            }
            var row: [Double] = []
            row.reserveCapacity(width)
            for (c, f) in fields.enumerated() {
                guard let v = Self.number(f, decimalComma: decimalComma), v.isFinite else {
                    throw .notNumeric(path: path, line: lineNo, column: c + 1, text: String(f.prefix(40)))
                }
                row.append(v)
            }
            rows.append(row)
            rowLines.append(lineNo)
        }
        guard !rows.isEmpty else {
            throw .noData(path: path, lines: lines.count, lastText: lastHeaderLine, text: header.last.map { String($0.prefix(40)) })
        }
        // Interphase's own CSV (`SpectrumWriter.csv`): "# NAME" then "# x: LABEL; y: LABEL". The
        // second is a units line, not column names; the first names the spectrum.
        let ownLayout = header.count >= 2 && header[header.count - 1].hasPrefix("# x: ") && header[header.count - 1].contains("; y: ")
        let names = ownLayout ? [] : Self.columnNames(header.last, width: width)
        let title = ownLayout ? String(header[header.count - 2].dropFirst()).trimmingCharacters(in: .whitespaces) : ""
        let headerText = header.joined(separator: " ").lowercased()
        let kind: AxisKind = xKind ?? Self.axisKind(fromHeader: headerText)
        let (inferredY, inferredUnit) = Self.intensityKind(fromHeader: headerText, values: rows.map { $0[min(1, width - 1)] })
        let yKind = self.yKind ?? inferredY
        let yUnit = self.yUnit ?? (self.yKind == nil ? inferredUnit : nil)
        let xUnit: AxisUnit = kind == .unknown ? .arbitrary : kind.defaultUnit
        let x = rows.map { $0[0] }
        var spectra: [Spectrum] = []
        let base = title.isEmpty ? path.split(separator: "/").last.map(String.init) ?? path : title
        for c in 1..<width {
            let name = names.count == width ? names[c] : (width > 2 ? "\(base) column \(c + 1)" : base)
            do {
                spectra.append(try Spectrum(name: name, x: x, y: rows.map { $0[c] }, xKind: kind, xUnit: xUnit,
                                            yKind: yKind, yUnit: yUnit,
                                            metadata: header.isEmpty ? [:] : ["header": header.joined(separator: "\n")],
                                            provenance: [ProcessingStep("read", ["format": "delimited text", "path": path,
                                                                                 "decimalComma": "\(decimalComma)",
                                                                                 "separator": separator?.rawValue ?? "whitespace"])]))
            } catch {
                let line: Int = switch error {
                case .notMonotonic(let i), .nonFiniteValue(_, let i): rowLines[min(i, rowLines.count - 1)]
                default: rowLines[0]
                }
                throw .invalidSpectrum(path: path, line: line, reason: error.description)
            }
        }
        return spectra
    }

    static func columnNames(_ line: String?, width: Int) -> [String] {
        guard let line else { return [] }
        let sub = Substring(line)
        let separators: [Separator] = sub.contains("\t") ? [.tab] : sub.contains(";") ? [.semicolon] : sub.contains(",") ? [.comma, .whitespace] : [.whitespace]
        guard let fields = separators.map({ split(sub, $0) }).first(where: { $0.count == width }) else { return [] }
        return fields.map { String($0.trimmingCharacters(in: " \"'")) }
    }

    static func intensityKind(fromHeader h: String, values: [Double]) -> (IntensityKind, IntensityUnit?) {
        let percent = (values.max() ?? 0) > 1.5
        if h.contains("absorbance") { return (.absorbance, nil) }
        if h.contains("transmittance") || h.contains("%t") { return (.transmittance, percent ? .percent : .fraction) }
        if h.contains("reflectance") { return (.reflectance, percent ? .percent : .fraction) }
        if h.contains("single beam") { return (.singleBeam, nil) }
        if h.contains("interferogram") { return (.interferogram, nil) }
        if h.contains("cps") || h.contains("counts/s") || h.contains("counts per second") || h.contains("c/s") { return (.countsPerSecond, nil) }
        if h.contains("counts") { return (.counts, nil) }
        return (.intensity, nil)
    }

    static func axisKind(fromHeader h: String) -> AxisKind {
        if h.contains("cm-1") || h.contains("cm⁻¹") || h.contains("wavenumber") || h.contains("1/cm") { return .wavenumber }
        if h.contains("binding") || h.hasPrefix("be") && !h.hasPrefix("bea") { return .bindingEnergy }
        if h.contains("kinetic") || h.hasPrefix("ke") && h.count <= 8 { return .kineticEnergy }
        return .unknown
    }

    /// The first layout under which every field of `line` is a number, trying the unambiguous
    /// ones first: tab, semicolon, comma (decimal point), then whitespace with a decimal point or a
    /// decimal comma. Nil for a header line.
    static func detect(_ line: Substring) -> (Separator, Bool)? {
        let candidates: [(Separator, Bool)] = [(.tab, false), (.tab, true), (.semicolon, false), (.semicolon, true),
                                               (.comma, false), (.whitespace, false), (.whitespace, true)]
        for (sep, comma) in candidates {
            if sep == .tab && !line.contains("\t") { continue }
            if sep == .semicolon && !line.contains(";") { continue }
            if sep == .comma && !line.contains(",") { continue }
            let fields = split(line, sep)
            if fields.count >= 2 && fields.allSatisfy({ number($0, decimalComma: comma) != nil }) { return (sep, comma) }
        }
        // A lone number is data with too few columns, not a header: let the caller say so.
        return number(line, decimalComma: false) != nil ? (.whitespace, false) : nil
    }

    static func split(_ line: Substring, _ sep: Separator) -> [Substring] {
        switch sep {
        case .tab: line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " ") }
        case .semicolon: line.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " \t") }
        case .comma: line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " \t") }
        case .whitespace: line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        }
    }

    static func number(_ s: Substring, decimalComma: Bool) -> Double? {
        if s.isEmpty { return nil }
        if decimalComma { return Double(s.replacingOccurrences(of: ",", with: ".")) }
        return Double(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return s
    }

    func replacingOccurrences(of a: Character, with b: Character) -> String {
        String(map { $0 == a ? b : $0 })
    }
}
