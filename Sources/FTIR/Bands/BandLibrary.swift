// SPDX-License-Identifier: GPL-3.0-or-later

/// One reference band: where a species absorbs, by which vibration, and who says so.
public struct ReferenceBand: Sendable, Codable, Hashable {
    public var species: String
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
    public var source: String

    public var window: ClosedRange<Double> { (center - tolerance)...(center + tolerance) }
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
/// - WATER: Eisenberg & Kauzmann, The Structure and Properties of Water (1969).
public enum BandLibrary {
    static let xiong = "Xiong et al., Mater. Adv. 2 (2021) 4240"
    static let willis = "Willis, Zichy & Hendra, Polymer 10 (1969) 737"
    static let cai = "Cai et al., RSC Adv. 7 (2017) 15382"
    static let aurbach = "Aurbach et al., J. Electrochem. Soc. 134 (1987) 1611"
    static let xu = "K. Xu, Chem. Rev. 104 (2004) 4303"
    static let water = "Eisenberg & Kauzmann, The Structure and Properties of Water (1969)"

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
        .init(species: "LiPF₆", mode: "P–F stretching (PF₆⁻)", center: 840, tolerance: 8, phase: nil, isMarker: true, source: xu),
        // Water
        .init(species: "water", mode: "O–H stretching", center: 3400, tolerance: 150, phase: nil, isMarker: true, source: water),
        .init(species: "water", mode: "H–O–H bending", center: 1640, tolerance: 15, phase: nil, isMarker: false, source: water),
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
