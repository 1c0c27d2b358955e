// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Any XPS file Interphase reads, identified by content: VAMAS, PHI `.spe`, SPECS `.xy`, Scienta
/// text, else two-column delimited text (CasaXPS/Avantage exports, plain CSV) whose first column is
/// taken as binding energy unless its header says kinetic energy.
///
///     let file = try XPSFile(path: "F1s.vms")
///     let f1s = try file.region(block: nil, named: "F 1s")
public struct XPSFile: Sendable {
    /// The file as given (messages and records name it).
    public var path: String
    /// The format detected: "VAMAS", "PHI spe", "SpecsLab XML", "SPECS xy", "Scienta text",
    /// "Scienta Igor binary wave", "CasaXPS CSV" or "delimited text".
    public var format: String
    /// The regions (blocks) in file order.
    public var regions: [XPSRegion]
    /// What the reader noticed: declared scans missing, inconsistent headers.
    public var warnings: [String]
    /// VAMAS block comments (CasaXPS processing lives there), one list per region.
    public var comments: [[String]]
    /// The analyst's fit, when the file is a CasaXPS CSV export (its measured column is the region).
    public var casaExport: CasaCSVExport?

    /// Reads an XPS file of any supported format, detected by its content.
    public init(path: String) throws {
        try self.init(bytes: try readFileBytes(path), path: path)
    }

    /// The same from bytes already in memory; `path` names the file in messages.
    public init(bytes: [UInt8], path: String) throws {
        self.path = path
        warnings = []
        comments = []
        casaExport = nil
        if VAMASReader.hasSignature(bytes) {
            format = "VAMAS"
            let doc = try VAMASReader().parse(bytes, path: path)
            warnings = doc.warnings
            regions = try doc.blocks.enumerated().map { i, b in
                try XPSRegion(b, source: "\(path)#\(i + 1)")
            }
            comments = doc.blocks.map(\.comments)
        } else if PHISPEReader.hasSignature(bytes) {
            format = "PHI spe"
            regions = try PHISPEReader().parse(bytes, path: path)
        } else if SpecsLabXMLReader.hasSignature(bytes) {
            format = "SpecsLab XML"
            let doc = try SpecsLabXMLReader().parse(bytes, path: path)
            regions = doc.regions
            warnings = doc.warnings
        } else if SPECSXYReader.hasSignature(bytes) {
            format = "SPECS xy"
            regions = try SPECSXYReader().parse(bytes, path: path)
        } else if ScientaTextReader.hasSignature(bytes) {
            format = "Scienta text"
            regions = try ScientaTextReader().parse(bytes, path: path)
        } else if ScientaIBWReader.hasSignature(bytes) {
            format = "Scienta Igor binary wave"
            regions = try ScientaIBWReader().parse(bytes, path: path)
        } else if CasaCSVExport.hasSignature(bytes) {
            // The first intensity column is the spectrum; the others are the analyst's fit.
            format = "CasaXPS CSV"
            let export = try CasaCSVExport.parse(bytes, path: path)
            casaExport = export
            regions = [try export.region()]
            if export.acquisitionTime == nil { warnings.append("\(path): no Acquisition Time in the header: intensities in CPS cannot be turned into counts; fits use uniform weights") }
            if let r = export.poissonScatterRatio, r > 2 || r < 0.5 {
                warnings.append(String(format: "%@: the channel scatter is %.1f× the Poisson expectation for CPS × %g s: the export is not in detected counts (scaled or transmission-corrected CPS); weights keep their shape and the errors are scaled by the reduced χ²", path, r, export.acquisitionTime ?? 0))
            }
        } else {
            format = "delimited text"
            let spectra = try DelimitedSpectrumReader().parse(bytes, path: path)
            regions = []
            for s in spectra {
                var sp = s
                if s.xKind != .bindingEnergy && s.xKind != .kineticEnergy {
                    sp = try s.replacingX(s.x, kind: .bindingEnergy, unit: .electronvolt,
                                          step: ProcessingStep("assumeBindingEnergy", ["reason": "no axis label"]))
                    warnings.append("\(path): the first column has no energy label; it is taken as binding energy (eV)")
                }
                if sp.xKind == .kineticEnergy { throw XPSError.invalidData(path, "kinetic energies without a photon energy: export binding energies") }
                if s.yKind != .counts {
                    warnings.append("\(path): intensities are not marked as counts; fits use uniform weights")
                }
                var r = try XPSRegion(sp, source: path)
                // A column header ("Counts") says nothing about the region: name it after the file.
                if spectra.count == 1 {
                    let file = path.split(separator: "/").last.map(String.init) ?? path
                    r.name = file.split(separator: ".").count > 1 ? file.split(separator: ".").dropLast().joined(separator: ".") : file
                }
                regions.append(r)
            }
        }
        if comments.count != regions.count { comments = regions.map { _ in [] } }
    }

    /// Whether the bytes carry the signature of one of the XPS formats (delimited text excluded).
    public static func isXPSFormat(_ bytes: [UInt8]) -> Bool {
        VAMASReader.hasSignature(bytes) || PHISPEReader.hasSignature(bytes) || SPECSXYReader.hasSignature(bytes) || SpecsLabXMLReader.hasSignature(bytes) || ScientaTextReader.hasSignature(bytes)
            || CasaCSVExport.hasSignature(bytes) || ScientaIBWReader.hasSignature(bytes)
    }

    /// The region by 1-based block number or by name (case-insensitive; spaces ignored, so `F1s`
    /// finds `F 1s`); the only region when neither is given.
    public func region(block: Int?, named name: String?) throws(XPSError) -> XPSRegion {
        try regions[index(block: block, named: name)]
    }

    /// The 0-based index of the region ``region(block:named:)`` returns.
    public func index(block: Int?, named name: String?) throws(XPSError) -> Int {
        if let block {
            guard block >= 1 && block <= regions.count else {
                throw .invalidModel("\(path) has \(regions.count) block(s); there is no block \(block)")
            }
            return block - 1
        }
        if let name {
            func norm(_ s: String) -> String { s.lowercased().filter { !$0.isWhitespace } }
            guard let i = regions.firstIndex(where: { norm($0.name) == norm(name) }) else {
                throw .invalidModel("\(path) has no region named \(name); it has \(regions.map(\.name).joined(separator: ", "))")
            }
            return i
        }
        guard regions.count == 1 else {
            throw .severalRegions(path, regions.map(\.name))
        }
        return 0
    }
}
