// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// One reference band: where a species absorbs, by which vibration, and who says so.
public struct ReferenceBand: Sendable, Codable, Hashable {
    /// The species (`PMMA`, `β-PVDF`, `Li2CO3`).
    public var species: String
    /// The vibration (`ester C=O stretching`).
    public var mode: String
    /// Literature position (cm⁻¹).
    public var center: Double
    /// Half-width of the window in which an observed band may be this one (cm⁻¹); covers sampling
    /// mode shifts (ATR red-shift, KK) and matrix effects.
    public var tolerance: Double
    /// Crystalline phase or state where it matters (PVDF α/β/γ), else nil.
    public var phase: String?
    /// A marker band: its presence is what identifies the species (used for co-occurrence).
    public var isMarker: Bool
    /// The reference for the position.
    public var source: String

    /// The positions an observed band may take to be this one.
    public var window: ClosedRange<Double> { (center - tolerance)...(center + tolerance) }
}

/// What must also be observed before any band is assigned to a species: each requirement is met
/// when some observed band lies in one of its windows. A species is identified by its set of marker
/// bands, never by the position of one band (a polystyrene CH₂ band at 1452 cm⁻¹ is not Li₂CO₃).
public struct SpeciesEvidence: Sendable, Codable, Hashable {
    /// One marker that must be observed.
    public struct Requirement: Sendable, Codable, Hashable {
        /// How the reason for an unassigned band names it, e.g. "CO₃²⁻ bending at 870 cm⁻¹".
        public var name: String
        /// Where the marker may lie (cm⁻¹); any one window suffices.
        public var windows: [ClosedRange<Double>]
        /// The band must be at least this fraction of the strongest observed band (e.g. PMMA's ester
        /// C=O is one of its strongest bands; a weak overtone near 1730 cm⁻¹ is not it).
        public var minimumRelativeHeight: Double?
        /// The band must be at least this wide (FWHM, cm⁻¹): the carbonate ν₃ of solid Li₂CO₃ is a
        /// broad band, not the sharp ring or CH₂ band of an organic near 1450 cm⁻¹.
        public var minimumWidth: Double?
        /// A requirement named `name` met by a band in one of `windows`, with optional height and width conditions.
        public init(_ name: String, _ windows: [ClosedRange<Double>], minimumRelativeHeight: Double? = nil, minimumWidth: Double? = nil) {
            self.name = name
            self.windows = windows
            self.minimumRelativeHeight = minimumRelativeHeight
            self.minimumWidth = minimumWidth
        }
    }
    /// The species the requirements are for.
    public var species: String
    /// Every requirement must be met.
    public var requires: [Requirement]
    /// The requirements for `species`.
    public init(species: String, requires: [Requirement]) { self.species = species; self.requires = requires }
}

/// The reference bands for PMMA/PVDF coatings on lithium, their reaction products with lithium,
/// carbonate electrolytes and water.
///
/// Sources (each band names its own):
/// - XIONG: Xiong et al., Mater. Adv. 2 (2021) 4240 (the motivating paper; its assignments).
/// - WILLIS: Willis, Zichy & Hendra, Polymer 10 (1969) 737 (PMMA infrared and Raman).
/// - CAI: Cai et al., RSC Adv. 7 (2017) 15382 (α, β, γ phases of PVDF by FTIR).
/// - GREGORIO: Gregorio & Cestari, J. Polym. Sci. B 32 (1994) 859 (β fraction from 840/763 cm⁻¹).
/// - AURBACH: Aurbach et al., J. Electrochem. Soc. 134 (1987) 1611 (lithium alkyl carbonates, Li₂CO₃).
/// - XU: K. Xu, Chem. Rev. 104 (2004) 4303 (carbonate electrolytes, LiPF₆).
/// - NAKAMOTO: Nakamoto, Infrared and Raman Spectra of Inorganic and Coordination Compounds (octahedral XF₆ ions).
/// - WATER: Eisenberg & Kauzmann, The Structure and Properties of Water (1969).
public enum BandLibrary {
    static let xiong = "Xiong et al., Mater. Adv. 2 (2021) 4240"
    static let willis = "Willis, Zichy & Hendra, Polymer 10 (1969) 737"
    static let cai = "Cai et al., RSC Adv. 7 (2017) 15382"
    static let aurbach = "Aurbach et al., J. Electrochem. Soc. 134 (1987) 1611"
    static let xu = "K. Xu, Chem. Rev. 104 (2004) 4303"
    static let nakamoto = "Nakamoto, Infrared and Raman Spectra of Inorganic and Coordination Compounds, Part A, 6th ed. (2009)"
    static let water = "Eisenberg & Kauzmann, The Structure and Properties of Water (1969)"

    /// The built-in reference bands: PMMA, PVDF phases, SEI species, electrolyte salts and solvents, water, each with its source.
    public static let bands: [ReferenceBand] = [
        // PMMA
        .init(species: "PMMA", mode: "C=O stretching (ester)", center: 1726, tolerance: 10, phase: nil, isMarker: true, source: xiong),
        .init(species: "PMMA", mode: "C–O–C stretching", center: 1191, tolerance: 8, phase: nil, isMarker: true, source: xiong),
        .init(species: "PMMA", mode: "C–O–C stretching", center: 1148, tolerance: 8, phase: nil, isMarker: true, source: xiong),
        .init(species: "PMMA", mode: "C–O–C stretching (ester, coupled)", center: 1240, tolerance: 8, phase: nil, isMarker: false, source: willis),
        .init(species: "PMMA", mode: "O–CH₃ deformation", center: 1436, tolerance: 8, phase: nil, isMarker: false, source: willis),
        .init(species: "PMMA", mode: "CH₂ wagging / O–CH₃ rocking", center: 988, tolerance: 8, phase: nil, isMarker: false, source: xiong),
        .init(species: "PMMA", mode: "C–H stretching (CH₃)", center: 2950, tolerance: 15, phase: nil, isMarker: false, source: willis),
        .init(species: "PMMA", mode: "CH₂ rocking", center: 750, tolerance: 10, phase: nil, isMarker: false, source: willis),
        // PVDF
        .init(species: "PVDF", mode: "CH₂/CF₂ deformation", center: 1400, tolerance: 8, phase: nil, isMarker: true, source: xiong),
        .init(species: "PVDF", mode: "CF₂ stretching (amorphous/common)", center: 877, tolerance: 6, phase: nil, isMarker: true, source: xiong),
        .init(species: "PVDF", mode: "CF₂ stretching (merged with PMMA C–O after soaking)", center: 1171, tolerance: 8, phase: nil, isMarker: false, source: xiong),
        .init(species: "PVDF", mode: "CH₂ rocking / CF₂ stretching", center: 841, tolerance: 5, phase: "β", isMarker: true, source: cai),
        .init(species: "PVDF", mode: "CF₂ stretching", center: 1275, tolerance: 6, phase: "β", isMarker: true, source: cai),
        .init(species: "PVDF", mode: "CF₂ bending", center: 510, tolerance: 6, phase: "β", isMarker: false, source: cai),
        .init(species: "PVDF", mode: "CF₂ wagging", center: 490, tolerance: 6, phase: nil, isMarker: false, source: xiong),
        .init(species: "PVDF", mode: "CF₂ bending / skeletal", center: 763, tolerance: 5, phase: "α", isMarker: true, source: cai),
        .init(species: "PVDF", mode: "CF₂ bending", center: 614, tolerance: 5, phase: "α", isMarker: true, source: cai),
        .init(species: "PVDF", mode: "CH₂ rocking", center: 795, tolerance: 5, phase: "α", isMarker: false, source: cai),
        .init(species: "PVDF", mode: "CH₂ twisting", center: 975, tolerance: 5, phase: "α", isMarker: false, source: cai),
        .init(species: "PVDF", mode: "CF₂ stretching", center: 1234, tolerance: 5, phase: "γ", isMarker: true, source: cai),
        .init(species: "PVDF", mode: "CH₂ rocking", center: 833, tolerance: 4, phase: "γ", isMarker: false, source: cai),
        // PMMA–Li reaction products (after soaking / cycling)
        .init(species: "keto (reduced PMMA)", mode: "C=O stretching (keto)", center: 1640, tolerance: 10, phase: nil, isMarker: true, source: xiong),
        .init(species: "CH₃OLi", mode: "Li–O stretching", center: 510, tolerance: 10, phase: nil, isMarker: true, source: xiong),
        // SEI species from carbonate reduction
        .init(species: "ROCO₂Li", mode: "C=O asymmetric stretching", center: 1650, tolerance: 15, phase: nil, isMarker: true, source: aurbach),
        .init(species: "ROCO₂Li", mode: "C–O stretching", center: 1320, tolerance: 15, phase: nil, isMarker: true, source: aurbach),
        .init(species: "ROCO₂Li", mode: "C–O stretching", center: 1090, tolerance: 15, phase: nil, isMarker: false, source: aurbach),
        .init(species: "Li₂CO₃", mode: "CO₃²⁻ asymmetric stretching", center: 1450, tolerance: 30, phase: nil, isMarker: true, source: aurbach),
        .init(species: "Li₂CO₃", mode: "CO₃²⁻ out-of-plane bending", center: 870, tolerance: 8, phase: nil, isMarker: false, source: aurbach),
        // Carbonate electrolyte
        .init(species: "EC", mode: "C=O stretching (Fermi doublet)", center: 1800, tolerance: 12, phase: nil, isMarker: true, source: xu),
        .init(species: "EC", mode: "C=O stretching (Fermi doublet)", center: 1773, tolerance: 12, phase: nil, isMarker: true, source: xu),
        .init(species: "DMC", mode: "C=O stretching", center: 1752, tolerance: 10, phase: nil, isMarker: true, source: xu),
        .init(species: "DMC", mode: "O–C–O stretching", center: 1270, tolerance: 12, phase: nil, isMarker: true, source: xu),
        .init(species: "LiPF₆", mode: "P–F stretching (PF₆⁻, ν₃)", center: 840, tolerance: 8, phase: nil, isMarker: true, source: xu),
        .init(species: "LiPF₆", mode: "F–P–F bending (PF₆⁻, ν₄)", center: 558, tolerance: 10, phase: nil, isMarker: true, source: nakamoto),
        // Water
        .init(species: "water", mode: "O–H stretching", center: 3400, tolerance: 150, phase: nil, isMarker: true, source: water),
        .init(species: "water", mode: "H–O–H bending", center: 1640, tolerance: 15, phase: nil, isMarker: false, source: water),
    ]

    /// The marker sets that identify each species (sources as for ``bands``).
    public static let evidence: [SpeciesEvidence] = [
        .init(species: "PMMA", requires: [.init("strong ester C=O stretching near 1726 cm⁻¹", [1716...1736], minimumRelativeHeight: 0.1),
                                           .init("C–O–C stretching at 1148/1191 cm⁻¹ or the merged band near 1171 cm⁻¹", [1140...1199])]),
        .init(species: "PVDF", requires: [.init("CF₂ stretching at 877 cm⁻¹ or CH₂/CF₂ deformation at 1400 cm⁻¹", [871...883, 1392...1408]),
                                           .init("a phase marker (α 763/614, β 841/1275, γ 1234 cm⁻¹)", [758...768, 609...619, 836...846, 1269...1281, 1229...1239])]),
        .init(species: "Li₂CO₃", requires: [.init("broad CO₃²⁻ asymmetric stretching band 1420–1500 cm⁻¹ (FWHM ≥ 25 cm⁻¹)", [1420...1500], minimumWidth: 25),
                                              .init("CO₃²⁻ out-of-plane bending at 870 cm⁻¹", [860...874])]),
        .init(species: "keto (reduced PMMA)", requires: [.init("strong PMMA ester C=O near 1726 cm⁻¹", [1716...1736], minimumRelativeHeight: 0.1)]),
        .init(species: "CH₃OLi", requires: [.init("strong PMMA ester C=O near 1726 cm⁻¹ (CH₃OLi as a PMMA–Li product)", [1716...1736], minimumRelativeHeight: 0.1)]),
        .init(species: "ROCO₂Li", requires: [.init("C=O asymmetric stretching near 1650 cm⁻¹", [1635...1665]),
                                               .init("C–O stretching near 1320 cm⁻¹", [1305...1335])]),
        .init(species: "EC", requires: [.init("C=O Fermi doublet member near 1800 cm⁻¹", [1788...1812]),
                                          .init("C=O Fermi doublet member near 1773 cm⁻¹", [1761...1785])]),
        .init(species: "DMC", requires: [.init("C=O stretching near 1752 cm⁻¹", [1742...1762]),
                                           .init("O–C–O stretching near 1270 cm⁻¹", [1258...1282])]),
        .init(species: "LiPF₆", requires: [.init("strong P–F stretching of PF₆⁻ near 840 cm⁻¹", [832...848], minimumRelativeHeight: 0.1),
                                             .init("F–P–F bending of PF₆⁻ near 558 cm⁻¹", [548...568])]),
        .init(species: "water", requires: [.init("O–H stretching near 3400 cm⁻¹", [3250...3550]),
                                             .init("H–O–H bending near 1640 cm⁻¹", [1625...1655])]),
    ]

    /// Regions where one observed band has several physically different explanations.
    public static let knownOverlaps: [(window: ClosedRange<Double>, note: String)] = [
        (500...520, "510 cm⁻¹: Li–O of CH₃OLi or β-PVDF CF₂ bending; check 840 + 1275 (β-PVDF) against 1640 (keto)"),
        (1625...1655, "1640 cm⁻¹: keto C=O of reduced PMMA or H–O–H bending of water; check O–H stretching near 3400"),
        (833...848, "841 cm⁻¹: β-PVDF, γ-PVDF (833), CH₂ rocking, or PF₆⁻ of LiPF₆ (840); check 1275 and 1234"),
        (1160...1180, "1171 cm⁻¹: merged PMMA C–O (1148/1191) and PVDF CF₂ stretching; the two cannot be separated by position alone"),
        (1435...1465, "1436–1450 cm⁻¹: PMMA O–CH₃ deformation or Li₂CO₃ carbonate (broad)"),
    ]
}

/// Errors of loading a user's band library.
public enum BandLibraryError: InterphaseError {
    /// The library file could not be read.
    case unreadable(FileReadError)
    /// The file is not a band library (the reason says why).
    case invalid(path: String, reason: String)

    public var category: ErrorCategory {
        switch self {
        case .unreadable: .unreadableInput
        case .invalid: .invalidRequest
        }
    }
    public var description: String {
        switch self {
        case .unreadable(let e): e.description
        case .invalid(let p, let r): "\(p): not a band library: \(r)"
        }
    }
}

/// A band library: reference bands and the marker sets that identify species.
public struct BandLibraryFile: Sendable, Codable {
    /// The reference bands.
    public var bands: [ReferenceBand]
    /// The marker sets; species without one are assigned by position alone.
    public var evidence: [SpeciesEvidence]

    /// A library of `bands` and `evidence`.
    public init(bands: [ReferenceBand], evidence: [SpeciesEvidence] = []) {
        self.bands = bands
        self.evidence = evidence
    }

    /// The built-in library (compiled in, so that it is found however the library is loaded).
    public static let builtIn = BandLibraryFile(bands: BandLibrary.bands, evidence: BandLibrary.evidence)

    /// Reads a JSON library: either an array of bands (the schema of ``ReferenceBand``: species,
    /// mode, center, tolerance, phase, isMarker, source) or an object `{"bands": [...],
    /// "evidence": [...]}` (``SpeciesEvidence``: species, requires [{name, windows [[lo, hi]],
    /// minimumRelativeHeight}]).
    public static func load(_ path: String) throws(BandLibraryError) -> BandLibraryFile {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        let data = Data(bytes)
        let decoder = JSONDecoder()
        if let bands = try? decoder.decode([ReferenceBand].self, from: data) { return try validated(BandLibraryFile(bands: bands), path) }
        do {
            return try validated(try decoder.decode(BandLibraryFile.self, from: data), path)
        } catch let e as BandLibraryError {
            throw e
        } catch {
            throw .invalid(path: path, reason: "expected an array of bands or {\"bands\": [...], \"evidence\": [...]} (\(error))")
        }
    }

    static func validated(_ file: BandLibraryFile, _ path: String) throws(BandLibraryError) -> BandLibraryFile {
        guard !file.bands.isEmpty else { throw .invalid(path: path, reason: "no bands") }
        for b in file.bands where !(b.center.isFinite && b.tolerance.isFinite && b.tolerance > 0) {
            throw .invalid(path: path, reason: "band \(b.species) \(b.mode): center and a positive tolerance are required")
        }
        return file
    }
}

extension BandLibraryFile {
    enum CodingKeys: String, CodingKey { case bands, evidence }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        bands = try c.decode([ReferenceBand].self, forKey: .bands)
        evidence = try c.decodeIfPresent([SpeciesEvidence].self, forKey: .evidence) ?? []
    }
}

extension ReferenceBand {
    enum CodingKeys: String, CodingKey { case species, mode, center, tolerance, phase, isMarker, source }
    /// Decodes a band; `phase` may be absent, `isMarker` defaults to true and `source` to "user library".
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(species: try c.decode(String.self, forKey: .species), mode: try c.decodeIfPresent(String.self, forKey: .mode) ?? "",
                  center: try c.decode(Double.self, forKey: .center), tolerance: try c.decode(Double.self, forKey: .tolerance),
                  phase: try c.decodeIfPresent(String.self, forKey: .phase), isMarker: try c.decodeIfPresent(Bool.self, forKey: .isMarker) ?? true,
                  source: try c.decodeIfPresent(String.self, forKey: .source) ?? "user library")
    }
}
