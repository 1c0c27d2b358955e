// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Errors from reading VAMAS (ISO 14976) files.
public enum VAMASError: InterphaseError, Equatable {
    /// The file could not be read.
    case unreadable(FileReadError)
    /// The file does not begin with the VAMAS format identifier (the line where it was expected).
    case notVAMAS(path: String, line: Int)
    /// The file ends at `line` where `expected` was due.
    case truncated(path: String, line: Int, expected: String)
    /// A field at `line` holds `found` where `expected` was due.
    case badValue(path: String, line: Int, expected: String, found: String)
    /// A feature of the format that is not read (`what` names it).
    case unsupported(path: String, line: Int, what: String)
    /// The block's values do not make a valid spectrum (the reason says why).
    case invalidSpectrum(path: String, block: String, reason: String)

    public var category: ErrorCategory { .unreadableInput }
    public var description: String {
        switch self {
        case .unreadable(let e): e.description
        case .notVAMAS(let p, let l): "\(p): line \(l): not a VAMAS file (expected \"VAMAS Surface Chemical Analysis Standard Data Transfer Format 1988 May 4\")"
        case .truncated(let p, let l, let e): "\(p): the file ends at line \(l) where \(e) was expected"
        case .badValue(let p, let l, let e, let f): "\(p): line \(l): expected \(e), found '\(f)'"
        case .unsupported(let p, let l, let w): "\(p): line \(l): \(w) is not supported"
        case .invalidSpectrum(let p, let b, let r): "\(p): block \(b): \(r)"
        }
    }
}

/// One VAMAS block (a spectral region) with the acquisition values a fit needs.
public struct VAMASBlock: Sendable {
    /// The block's abscissa and first corresponding variable.
    public var spectrum: Spectrum
    /// The block identifier.
    public var blockID: String
    /// The sample identifier.
    public var sampleID: String
    /// The technique (`XPS`, `AES`, ...).
    public var technique: String
    /// The species label (`F`).
    public var species: String
    /// The transition or charge-state label (`1s`).
    public var transition: String
    /// Source energy hν in eV.
    public var photonEnergy: Double
    /// Analyser pass energy (eV), when given.
    public var passEnergy: Double?
    /// The analyser work function as stored; never subtracted (BE = hν − KE).
    public var workFunction: Double?
    /// Dwell time per channel (s) and number of scans; counts/s = counts / (dwell × scans).
    public var dwell: Double?
    /// Number of scans, when given.
    public var scans: Int?
    /// Transmission function per channel, when the file stores it as a corresponding variable.
    public var transmission: [Double]?
    /// Values of the experiment's variables for this block (e.g. the ARXPS angle), by label.
    public var experimentalVariables: [(label: String, value: Double)]
    /// The block's comment lines.
    public var comments: [String]
    /// The block's additional numerical parameters, by label.
    public var additionalParameters: [String: Double]

    /// Counts per second: counts / (dwell × scans); nil when dwell or scans are not given.
    public func countsPerSecond() throws(SpectrumError) -> Spectrum? {
        guard spectrum.yKind == .counts, let dwell, dwell > 0, let scans, scans > 0 else { return nil }
        let k = 1 / (dwell * Double(scans))
        return try spectrum.replacingY(spectrum.y.map { $0 * k }, kind: .countsPerSecond,
                                       step: ProcessingStep("countsPerSecond", ["dwell_s": "\(dwell)", "scans": "\(scans)"]))
    }
}

/// Reads VAMAS files: NORM/SDP/MAP experiments, REGULAR and IRREGULAR scans, several corresponding
/// variables (intensity + transmission), experimental variables, block comments, `1e37` as "not
/// given", NUL bytes in labels, CRLF, blank lines before the header, and a missing
/// `end of experiment` (a warning). Field order: ISO 14976 (Dench, Hazell & Seah, SIA 13 (1988) 63)
/// as laid out in XPS.md §2.1.
///
///     let blocks = try VAMASReader().read("F1s.vms").blocks
///     let be = try blocks[0].spectrum.toBindingEnergy(photonEnergy: Energy(blocks[0].photonEnergy, .electronvolt))
public struct VAMASReader: Sendable {
    /// A reader.
    public init() {}

    /// The blocks of a file and what the reader noticed.
    public struct Document: Sendable {
        /// The file's path.
        public var path: String
        /// The blocks in file order.
        public var blocks: [VAMASBlock]
        /// Findings such as a missing `end of experiment`.
        public var warnings: [String]
        /// Each block's spectrum.
        public var spectra: [Spectrum] { blocks.map(\.spectrum) }
    }

    static let magic = "VAMAS Surface Chemical Analysis Standard Data Transfer Format 1988 May 4"

    /// Whether the file begins with the VAMAS format identifier (after any blank lines).
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(400), as: UTF8.self)
        // Split on any newline: "\r\n" is a single Character in Swift.
        return head.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) }
            .map { $0.trimmingWhitespace == magic } ?? false
    }

    /// The blocks of the file at `path`.
    public func read(_ path: String) throws(VAMASError) -> Document {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try parse(bytes, path: path)
    }

    struct Cursor {
        var lines: [String]
        var i = 0
        let path: String
        var line: Int { i + 1 }
        mutating func text(_ what: String) throws(VAMASError) -> String {
            guard i < lines.count else { throw .truncated(path: path, line: lines.count, expected: what) }
            defer { i += 1 }
            return lines[i]
        }
        mutating func int(_ what: String) throws(VAMASError) -> Int {
            let t = try text(what).trimmingWhitespace
            guard let v = Int(t) else { throw .badValue(path: path, line: i, expected: what, found: t) }
            return v
        }
        mutating func double(_ what: String) throws(VAMASError) -> Double {
            let t = try text(what).trimmingWhitespace
            guard let v = Double(t), v.isFinite else { throw .badValue(path: path, line: i, expected: what, found: t) }
            return v
        }
        /// A number where `1e37` means "not given".
        mutating func optional(_ what: String) throws(VAMASError) -> Double? {
            let v = try double(what)
            return abs(v) >= 9.9e36 ? nil : v
        }
        mutating func skip(_ n: Int, _ what: String) throws(VAMASError) {
            guard n >= 0, i + n <= lines.count else { throw .truncated(path: path, line: lines.count, expected: what) }
            i += n
        }
    }

    /// The blocks of a file already in memory.
    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(VAMASError) -> Document {
        let text = String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var c = Cursor(lines: [], path: path)
        // Blank lines before the header are allowed (Kratos AXIS Supra exports).
        let start = lines.firstIndex { !$0.trimmingWhitespace.isEmpty } ?? 0
        guard start < lines.count, lines[start].trimmingWhitespace == Self.magic else { throw .notVAMAS(path: path, line: start + 1) }
        lines = Array(lines[start...])
        c = Cursor(lines: lines, i: 1, path: path)
        try c.skip(4, "institution, instrument, operator and experiment id")
        let comments = try c.int("the number of experiment comment lines")
        try c.skip(comments, "experiment comment lines")
        let mode = try c.text("the experiment mode").trimmingWhitespace
        guard ["MAP", "MAPDP", "MAPSV", "MAPSVDP", "NORM", "SDP", "SDPSV", "SEM", "NOEXP"].contains(mode) else {
            throw .badValue(path: path, line: c.i, expected: "an experiment mode (NORM, MAP, SDP, ...)", found: mode)
        }
        let scanMode = try c.text("the scan mode").trimmingWhitespace
        guard scanMode == "REGULAR" || scanMode == "IRREGULAR" else {
            throw .unsupported(path: path, line: c.i, what: "scan mode \(scanMode)")
        }
        if ["MAP", "MAPDP", "NORM", "SDP"].contains(mode) { _ = try c.int("the number of spectral regions") }
        if ["MAP", "MAPDP"].contains(mode) { try c.skip(3, "analysis positions and discrete coordinates") }
        let nVariables = try c.int("the number of experimental variables")
        var variableLabels: [String] = []
        for _ in 0..<max(nVariables, 0) {
            variableLabels.append(try c.text("an experimental variable label").trimmingWhitespace)
            _ = try c.text("an experimental variable unit")
        }
        let inclusion = try c.int("the parameter inclusion list length")
        if inclusion != 0 { throw .unsupported(path: path, line: c.i, what: "a block parameter inclusion/exclusion list (\(inclusion) entries)") }
        let manual = try c.int("the number of manually entered items")
        try c.skip(manual, "manually entered items")
        let futureExperiment = try c.int("the number of future experiment entries")
        try c.skip(futureExperiment, "future experiment entries")
        let futureBlock = try c.int("the number of future block entries")
        let nBlocks = try c.int("the number of blocks")
        guard nBlocks >= 0, nBlocks < 100_000 else { throw .badValue(path: path, line: c.i, expected: "a block count", found: "\(nBlocks)") }
        var blocks: [VAMASBlock] = []
        for b in 0..<nBlocks {
            blocks.append(try block(&c, index: b, mode: mode, regular: scanMode == "REGULAR", variableLabels: variableLabels, futureBlock: futureBlock))
        }
        var warnings: [String] = []
        let rest = c.i < lines.count ? lines[c.i...].map(\.trimmingWhitespace).filter { !$0.isEmpty } : []
        if rest.first?.lowercased() != "end of experiment" {
            warnings.append(rest.isEmpty ? "no 'end of experiment' line: the file may be truncated" : "unexpected content after the last block at line \(c.line)")
        }
        return Document(path: path, blocks: blocks, warnings: warnings)
    }

    static let ionTechniques: Set<String> = ["FABMS", "FABMS energy spec", "ISS", "SIMS", "SIMS energy spec", "SNMS", "SNMS energy spec"]
    static let electronTechniques: Set<String> = ["AES diff", "AES dir", "EDX", "ELS", "UPS", "XPS", "XRF"]

    func block(_ c: inout Cursor, index: Int, mode: String, regular: Bool, variableLabels: [String], futureBlock: Int) throws(VAMASError) -> VAMASBlock {
        let blockLine = c.line
        let blockID = try c.text("a block id").trimmingWhitespace
        let sampleID = try c.text("a sample id").trimmingWhitespace
        try c.skip(7, "the block date and time")
        let nComments = try c.int("the number of block comment lines")
        var comments: [String] = []
        for _ in 0..<max(nComments, 0) { comments.append(try c.text("a block comment line")) }
        let technique = try c.text("the technique").trimmingWhitespace
        if ["MAP", "MAPDP"].contains(mode) { try c.skip(2, "the block x, y coordinates") }
        var variables: [(String, Double)] = []
        for label in variableLabels { variables.append((label, try c.double("an experimental variable value"))) }
        _ = try c.text("the source label")
        if ["MAPDP", "MAPSVDP", "SDP", "SDPSV"].contains(mode) || Self.ionTechniques.contains(technique) { try c.skip(3, "sputtering ion fields") }
        let hv = try c.double("the source energy")
        try c.skip(3, "source strength and beam widths")
        if ["MAP", "MAPDP", "MAPSV", "MAPSVDP", "SEM"].contains(mode) { try c.skip(2, "the field of view") }
        if ["MAPSV", "MAPSVDP", "SEM"].contains(mode) { try c.skip(6, "line-scan coordinates") }
        try c.skip(2, "source polar and azimuth angles")
        _ = try c.text("the analyser mode")
        let passEnergy = try c.optional("the pass energy")
        if technique == "AES diff" { try c.skip(1, "the differential width") }
        _ = try c.text("the magnification")
        let workFunction = try c.optional("the analyser work function")
        try c.skip(5, "target bias, analysis widths and take-off angles")
        let species = try c.text("the species label").trimmingWhitespace
        let transition = try c.text("the transition label").trimmingWhitespace
        _ = try c.text("the charge of the detected particle")
        var abscissa: (label: String, start: Double, step: Double)? = nil
        if regular {
            let label = try c.text("the abscissa label").trimmingWhitespace
            _ = try c.text("the abscissa unit")
            abscissa = (label, try c.double("the abscissa start"), try c.double("the abscissa increment"))
        }
        let ncv = try c.int("the number of corresponding variables")
        guard ncv >= 1, ncv <= 100 else { throw .badValue(path: c.path, line: c.i, expected: "1 to 100 corresponding variables", found: "\(ncv)") }
        var cvLabels: [(String, String)] = []
        for _ in 0..<ncv { cvLabels.append((try c.text("a corresponding variable label").trimmingWhitespace, try c.text("a corresponding variable unit").trimmingWhitespace)) }
        _ = try c.text("the signal mode")
        let dwell = try c.optional("the signal collection time")
        let scans = try c.optional("the number of scans").map { Int($0) }
        _ = try c.text("the signal time correction")
        if Self.electronTechniques.contains(technique) && ["MAPDP", "MAPSVDP", "SDP", "SDPSV"].contains(mode) { try c.skip(7, "sputter source fields") }
        try c.skip(3, "sample tilt and rotation")
        let nAdditional = try c.int("the number of additional numeric parameters")
        var additional: [String: Double] = [:]
        for _ in 0..<max(nAdditional, 0) {
            let label = try c.text("an additional parameter label").trimmingWhitespace
            _ = try c.text("an additional parameter unit")
            additional[label] = try c.optional("an additional parameter value")
        }
        try c.skip(futureBlock, "future block entries")
        let nValues = try c.int("the number of ordinate values")
        guard nValues >= ncv, nValues % ncv == 0, nValues < 100_000_000 else {
            throw .badValue(path: c.path, line: c.i, expected: "a multiple of \(ncv) ordinate values", found: "\(nValues)")
        }
        try c.skip(2 * ncv, "corresponding variable minima and maxima")
        // One value per line: a count the rest of the file cannot hold is refused before allocating.
        guard nValues <= c.lines.count - c.i else {
            throw .truncated(path: c.path, line: c.lines.count, expected: "\(nValues) ordinate values (the block declares them; only \(c.lines.count - c.i) lines remain)")
        }
        var values = [Double](repeating: 0, count: nValues)
        for k in 0..<nValues { values[k] = try c.double("ordinate value \(k + 1) of \(nValues)") }
        let n = nValues / ncv
        func column(_ j: Int) -> [Double] { (0..<n).map { values[$0 * ncv + j] } }
        var x: [Double], yColumn: Int, xLabel: String
        if let abscissa {
            x = (0..<n).map { abscissa.start + Double($0) * abscissa.step }
            yColumn = 0
            xLabel = abscissa.label
        } else {
            guard ncv >= 2 else { throw .invalidSpectrum(path: c.path, block: blockID, reason: "an IRREGULAR block needs the abscissa and an ordinate") }
            x = column(0)
            yColumn = 1
            xLabel = cvLabels[0].0
        }
        let transmission = cvLabels.indices.first { $0 != yColumn && cvLabels[$0].0.lowercased().contains("transmission") }.map(column)
        let lx = xLabel.lowercased()
        let xKind: AxisKind = lx.contains("kinetic") ? .kineticEnergy : lx.contains("binding") ? .bindingEnergy : .unknown
        let (yl, yu) = (cvLabels[yColumn].0.lowercased(), cvLabels[yColumn].1.lowercased())
        let yKind: IntensityKind = yu == "c/s" || yl.contains("per second") || yl.contains("cps") ? .countsPerSecond : .counts
        let name = [species, transition].filter { !$0.isEmpty }.joined(separator: " ").isEmpty ? blockID : [species, transition].filter { !$0.isEmpty }.joined(separator: " ")
        var metadata: [String: String] = ["blockID": blockID, "sampleID": sampleID, "technique": technique, "photonEnergy_eV": "\(hv)",
                                          "species": species, "transition": transition, "line": "\(blockLine)"]
        if let passEnergy { metadata["passEnergy_eV"] = "\(passEnergy)" }
        if let workFunction { metadata["workFunction_eV"] = "\(workFunction)" }
        if let dwell { metadata["dwell_s"] = "\(dwell)" }
        if let scans { metadata["scans"] = "\(scans)" }
        for (l, v) in variables { metadata["variable." + l] = "\(v)" }
        let spectrum: Spectrum
        do {
            spectrum = try Spectrum(name: name, x: x, y: column(yColumn), xKind: xKind, xUnit: xKind == .unknown ? .arbitrary : .electronvolt,
                                    yKind: yKind, metadata: metadata,
                                    provenance: [ProcessingStep("read", ["format": "VAMAS", "path": c.path, "block": "\(index + 1)"])])
        } catch { throw .invalidSpectrum(path: c.path, block: blockID, reason: error.description) }
        return VAMASBlock(spectrum: spectrum, blockID: blockID, sampleID: sampleID, technique: technique, species: species, transition: transition,
                          photonEnergy: hv, passEnergy: passEnergy, workFunction: workFunction, dwell: dwell, scans: scans,
                          transmission: transmission, experimentalVariables: variables, comments: comments, additionalParameters: additional)
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

extension Substring {
    var trimmingWhitespace: String { String(self).trimmingWhitespace }
}
