// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import FTIR
import XPS
import SEM

/// Any spectrum file Interphase reads, identified by content: OPUS, OMNIC SPA, VAMAS (binding
/// energies), PHI .spe, SPECS .xy, SpecsLab XML, Scienta text, SPC,
/// JCAMP-DX, then delimited text. One entry per spectrum or block (OPUS blocks by their OPUS names).
///
///     let file = try SpectrumFile(path: "sample.0")
///     let ab = try file.spectrum(named: "AB")
public struct SpectrumFile: Sendable {
    /// The file as given (messages and records name it).
    public var path: String
    /// The format detected: "OPUS", "OMNIC SPA", "OMNIC SPG", "VAMAS", "SPC", "JCAMP-DX", the XPS
    /// reader's name for XPS files, or the kind of delimited text ("CSV", "TSV", "text columns").
    public var format: String
    /// Every spectrum or block the file holds, in file order.
    public var spectra: [Spectrum]
    /// Header/data disagreements per spectrum name (JCAMP-DX).
    public var warnings: [String: [String]]
    /// The members of a group file (OMNIC `.spg`), in order; nil for files that are not groups.
    /// They are also the first entries of ``spectra``, followed by their embedded interferograms.
    public var groupMembers: [Spectrum]?

    /// Reads a spectrum file of any supported format, detected by its content.
    /// - Parameters:
    ///   - path: the file.
    ///   - lenient: read truncated or inconsistent text files (a JCAMP-DX block without
    ///   `##END=`, fewer values than `##NPOINTS`) with warnings instead of refusing them. Binary
    ///   files (OPUS, OMNIC, SPC) whose declared sizes exceed the file are always refused.
    public init(path: String, lenient: Bool = false) throws {
        try self.init(bytes: try readFileBytes(path), path: path, lenient: lenient)
    }

    /// The same from bytes already in memory; `path` names the file in messages and decides nothing
    /// else (formats are detected by content).
    public init(bytes: [UInt8], path: String, lenient: Bool = false) throws {
        self.path = path
        warnings = [:]
        groupMembers = nil
        if OPUSReader.hasSignature(bytes) {
            format = "OPUS"
            spectra = try OPUSReader().parse(bytes, path: path).spectra
        } else if OMNICReader.hasSignature(bytes) {
            let group = try OMNICReader().parseGroup(bytes, path: path)
            let interferograms = group.members.flatMap { [$0.sampleInterferogram, $0.backgroundInterferogram].compactMap { $0 } }
            if group.members.count == 1 {
                format = "OMNIC SPA"
                spectra = [group.members[0].spectrum] + interferograms
            } else {
                format = "OMNIC SPG"
                var members = group.members.map(\.spectrum)
                // Names must tell members apart: a repeated title gets its member number.
                let repeated = Dictionary(grouping: members.map(\.name), by: { $0 }).filter { $0.value.count > 1 }
                for i in members.indices where repeated[members[i].name] != nil { members[i].name += " (member \(i + 1))" }
                groupMembers = members
                spectra = members + interferograms
            }
        } else if VAMASReader.hasSignature(bytes) {
            format = "VAMAS"
            let doc = try VAMASReader().parse(bytes, path: path)
            // XPS convention: binding energy = hν − KE (the work function is never subtracted).
            spectra = try doc.blocks.map { b in
                b.spectrum.xKind == .kineticEnergy && b.photonEnergy > 0
                    ? try b.spectrum.toBindingEnergy(photonEnergy: Energy(b.photonEnergy, .electronvolt)) : b.spectrum
            }
            if !doc.warnings.isEmpty, let first = spectra.first { warnings[first.name] = doc.warnings }
        } else if PHISPEReader.hasSignature(bytes) || SPECSXYReader.hasSignature(bytes) || SpecsLabXMLReader.hasSignature(bytes) || ScientaTextReader.hasSignature(bytes)
                    || ScientaIBWReader.hasSignature(bytes) || CasaCSVExport.hasSignature(bytes) {
            let file = try XPSFile(bytes: bytes, path: path)
            format = file.format
            spectra = try file.regions.map { try $0.spectrum() }
        } else if SPCReader.looksLikeSPC(bytes) {
            format = "SPC"
            spectra = try SPCReader().parse(bytes, path: path)
        } else if Self.looksLikeJCAMP(bytes) {
            format = "JCAMP-DX"
            let doc = try JCAMPReader(lenient: lenient).parse(bytes, path: path)
            spectra = doc.spectra
            for b in doc.blocks where !b.warnings.isEmpty { if let s = b.spectrum { warnings[s.name] = b.warnings } }
        } else {
            spectra = try DelimitedSpectrumReader().parse(bytes, path: path)
            // The separator the reader found in the data rows (a header's punctuation does not count).
            // Columns split at runs of white space are tab-separated text when the file has tabs
            // (an empty field between two tabs makes the reader split at white space).
            let separator = spectra.first?.provenance.first?.parameters["separator"]
            let tabs = bytes.prefix(65536).contains(UInt8(ascii: "\t"))
            format = switch separator {
            case "tab": "TSV"
            case "semicolon": "CSV (semicolon)"
            case "comma": "CSV"
            default: tabs ? "TSV" : "text columns"
            }
        }
    }

    /// One spectrum, as ``spectrum(named:)``, except that a group without a name is refused rather
    /// than read as its first member.
    public func singleSpectrum(named name: String?) throws -> Spectrum {
        if name == nil, let members = groupMembers { throw SpectrumFileError.groupNeedsMember(path: path, members: members.count) }
        return try spectrum(named: name)
    }

    /// A text file whose first non-blank characters are a `##` labelled data record.
    public static func looksLikeJCAMP(_ bytes: [UInt8]) -> Bool {
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < bytes.count, [9, 10, 13, 32].contains(bytes[i]) { i += 1 }
        return i + 1 < bytes.count && bytes[i] == UInt8(ascii: "#") && bytes[i + 1] == UInt8(ascii: "#")
    }

    /// True for content this type can read (used to route `info` between images and spectra).
    public static func isSpectrumFormat(_ bytes: [UInt8]) -> Bool {
        OPUSReader.hasSignature(bytes) || OMNICReader.hasSignature(bytes) || XPSFile.isXPSFormat(bytes) || SPCReader.looksLikeSPC(bytes) || looksLikeJCAMP(bytes)
    }

    /// The spectrum named `name` (an OPUS block name such as AB or ScSm, a JCAMP-DX title, a group
    /// member's title) or numbered `name` (1-based, in the order ``spectra`` lists them: a group's
    /// members first), or the default one: AB for OPUS when present, else the first.
    public func spectrum(named name: String?) throws -> Spectrum {
        if let name {
            if let s = spectra.first(where: { $0.name == name }) { return s }
            if let k = Int(name.trimmingCharacters(in: .whitespaces)) {
                guard k >= 1, k <= spectra.count else { throw SpectrumFileError.noSuchIndex(path: path, index: k, count: spectra.count) }
                return spectra[k - 1]
            }
            throw SpectrumFileError.noSuchSpectrum(path: path, name: name, available: spectra.map(\.name))
        }
        if format == "OPUS", let ab = spectra.first(where: { $0.name == "AB" }) { return ab }
        return spectra[0]
    }
}

/// Errors of choosing a spectrum inside a file.
public enum SpectrumFileError: InterphaseError, Equatable {
    /// No spectrum of that name; `available` lists the names the file holds.
    case noSuchSpectrum(path: String, name: String, available: [String])
    /// A 1-based index beyond the file's `count` spectra.
    case noSuchIndex(path: String, index: Int, count: Int)
    /// A group file (OMNIC `.spg`) of several members, read where one spectrum is needed.
    case groupNeedsMember(path: String, members: Int)

    public var category: ErrorCategory { .invalidRequest }
    public var description: String {
        switch self {
        case .noSuchSpectrum(let p, let n, let a): "\(p): no spectrum or block named \(n); it has \(a.joined(separator: ", "))"
        case .noSuchIndex(let p, let k, let n): "\(p): no spectrum number \(k); the file holds \(n) (numbered from 1)"
        case .groupNeedsMember(let p, let n): "\(p): an OMNIC group of \(n) spectra; choose one member (a number from 1 to \(n), or its title: --block)"
        }
    }
}
