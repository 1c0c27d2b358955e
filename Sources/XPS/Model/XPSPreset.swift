// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Ready-made core-level models for SEI work, with physically bounded windows and widths and the
/// source of every binding energy (XPS.md §3.5). Optional components are dropped by model
/// selection when the data do not support them.
public struct XPSPreset: Sendable {
    /// The preset's name on the command line (`f1s-sei`).
    public var name: String
    /// One line on what it models.
    public var summary: String
    /// The binding-energy window (eV) a region must overlap for the preset to apply.
    public var window: ClosedRange<Double>
    /// The components, with their starting values, bounds and sources.
    public var components: [XPSComponent]
    /// Relative sensitivity factor of the core level (Scofield-based, Kratos/Thermo sets as in
    /// XPS.md §3.3), used by ``XPSQuantification``.
    public var element: String
    /// The relative sensitivity factor.
    public var sensitivityFactor: Double

    /// Every preset.
    public static let all: [XPSPreset] = [f1sSEI, c1s, o1s, li1s, s2p, n1s, p2p, au4f]

    /// The preset of that name (case-insensitive); nil when there is none.
    public static func named(_ name: String) -> XPSPreset? { all.first { $0.name == name.lowercased() } }

    /// The region cut to the preset's window when it extends more than 5 eV beyond it (a survey or
    /// a wide scan); narrow scans are kept whole so the background sees both ends.
    public func crop(_ r: XPSRegion) throws(XPSError) -> XPSRegion {
        guard r.bindingEnergy.first! < window.lowerBound - 5 || r.bindingEnergy.last! > window.upperBound + 5 else { return r }
        return try r.cropped(to: window)
    }

    static func component(_ name: String, _ center: Double, _ window: ClosedRange<Double>, fwhm: Double = 1.6,
                          widths: ClosedRange<Double> = 0.8...2.6, optional: Bool = true, state: String? = nil,
                          why: String) -> XPSComponent {
        var c = XPSComponent(name, shape: .glProduct(m: 0.3), center: center, centerRange: window, fwhm: fwhm, fwhmRange: widths)
        c.isOptional = optional
        c.chemicalState = state
        c.justification = why
        return c
    }

    /// F 1s of an SEI: LiF near 685 eV against LiₓPOᵧF_z / C–F near 686–688 eV and CF₂ (PVDF, PTFE-like)
    /// near 688–689.5 eV. GL(30) components, FWHM 0.8–2.6 eV.
    public static let f1sSEI = XPSPreset(
        name: "f1s-sei", summary: "F 1s: LiF, LixPOyFz / C-F, CF2", window: 680...695,
        components: [
            component("LiF", 685.2, 684.5...685.9,
                      why: "LiF 685.1 ± 0.1 eV (Biesinger standards); 685.5 ± 0.7 eV (NIST SRD 20)"),
            component("LixPOyFz/C-F", 686.8, 685.9...687.9,
                      why: "LixPOyFz ~686-688 eV (Ensling et al. 2009); C-F 686.3 eV on bare Cu (motivating paper)"),
            component("CF2", 688.6, 687.9...689.8,
                      why: "[CF2-CF2]n 688.6 eV (motivating paper); PVDF CF2 ~687.5-688 eV (Beamson & Briggs)"),
        ], element: "F", sensitivityFactor: 1.0)

    /// C 1s: C–C/C–H (charge reference 284.8 eV), C–O, C=O, O–C=O, carbonate and the π–π* shake-up.
    /// The four chemical-shift components share one width.
    public static let c1s: XPSPreset = {
        var cc = component("C-C/C-H", 284.8, 284.3...285.3, fwhm: 1.2, widths: 0.6...2.2, optional: false,
                           why: "adventitious C-C/C-H, 284.8 eV by convention (ISO 19318; Thermo)")
        cc.chemicalState = "C 1s organic"
        var co = component("C-O", 286.2, 285.8...286.8, fwhm: 1.2, state: "C 1s organic", why: "C-O 286.0-286.2 eV (PET fixture; PMC7643152)")
        co.fwhmLink = .init("C-C/C-H", 1)
        var cdo = component("C=O", 287.9, 287.3...288.4, fwhm: 1.2, state: "C 1s organic", why: "C=O 287.6-288.3 eV (PMC7643152)")
        cdo.fwhmLink = .init("C-C/C-H", 1)
        var ocdo = component("O-C=O", 288.9, 288.5...289.4, fwhm: 1.2, state: "C 1s organic", why: "O-C=O 288.6-289.1 eV (PMC7643152)")
        ocdo.fwhmLink = .init("C-C/C-H", 1)
        let co3 = component("CO3", 290.0, 289.5...290.6, fwhm: 1.3, widths: 0.6...2.2, why: "Li2CO3 carbonate ~289.5-290.2 eV (XPS.md §3.5)")
        let pi = component("pi-pi*", 291.2, 290.6...291.9, fwhm: 2.0, widths: 1.0...4.0, why: "pi-pi* shake-up ~291 eV (Avantage hard-carbon fit)")
        let cf2 = component("CF2", 290.8, 290.3...291.4, fwhm: 1.2, widths: 0.6...2.2,
                            why: "CF2 of PVDF 290.8 eV and of PTFE 291.6-292 eV (Beamson & Briggs, High Resolution XPS of Organic Polymers, 1992)")
        let cf3 = component("CF3", 292.8, 292.0...293.6, fwhm: 1.2, widths: 0.6...2.2,
                            why: "CF3 ~292.8-293.0 eV (Beamson & Briggs 1992); CF3 of TFSI ~292.8 eV (Lovelock et al., Chem. Rev. 110 (2010) 5158)")
        return XPSPreset(name: "c1s", summary: "C 1s: C-C/C-H, C-O, C=O, O-C=O, CO3, pi-pi*, CF2, CF3", window: 280...296,
                         components: [cc, co, cdo, ocdo, co3, pi, cf2, cf3], element: "C", sensitivityFactor: 0.278)
    }()

    /// O 1s: Li₂O (lattice oxide), carbonate/hydroxide/phosphate, and organic C–O / C=O.
    public static let o1s = XPSPreset(
        name: "o1s", summary: "O 1s: Li2O, Li2CO3/LiOH, C-O organic", window: 524...540,
        components: [
            component("Li2O", 528.7, 528.0...529.5, fwhm: 1.4, why: "Li2O ~528.5-528.8 eV in SEI work (conflicts with 531.3 in one compilation: XPS.md §3.5)"),
            component("Li2CO3/LiOH", 531.5, 530.8...532.1, fwhm: 1.6, why: "Li2CO3 531.5, LiOH 531.2, Li3PO4 531.3 eV (xpsfitting.com)"),
            component("C-O", 533.0, 532.2...534.0, fwhm: 1.6, why: "organic C-O / ROLi ~532.5-533.5 eV"),
        ], element: "O", sensitivityFactor: 0.78)

    /// Li 1s: Li₂O, Li₂CO₃/LiOH and LiF (C 1s at 284.8 eV).
    public static let li1s = XPSPreset(
        name: "li1s", summary: "Li 1s: Li2O, Li2CO3, LiF", window: 50...60,
        components: [
            component("Li2O", 53.8, 53.0...54.4, fwhm: 1.3, widths: 0.8...2.4, why: "Li2O ~53.7 eV [unverified] (XPS.md §3.5)"),
            component("Li2CO3", 55.4, 54.8...55.8, fwhm: 1.3, widths: 0.8...2.4, why: "Li2CO3 55.4 eV (Thermo periodic table)"),
            component("LiF", 56.1, 55.8...56.8, fwhm: 1.3, widths: 0.8...2.4, why: "LiF 56.1 eV (Thermo periodic table)"),
        ], element: "Li", sensitivityFactor: 0.025)

    /// Spin–orbit doublets of a preset: higher-j line in `window`, partner `split` eV above with
    /// area × `ratio` and the same width.
    static func doublet(_ name: String, _ center: Double, _ window: ClosedRange<Double>, split: Double, ratio: Double,
                        labels: (String, String), fwhm: Double = 1.2, widths: ClosedRange<Double> = 0.6...2.6,
                        optional: Bool = true, why: String) -> [XPSComponent] {
        let d = XPSComponent.doublet(name, center: center, centerRange: window, splitting: split, ratio: ratio, fwhm: fwhm,
                                     fwhmRange: widths, labels: labels)
        var (a, b) = (d.main, d.partner)
        a.isOptional = optional
        b.isOptional = optional
        a.justification = why
        b.justification = why + "; spin-orbit partner"
        return [a, b]
    }

    /// S 2p (split 1.18 eV, 2:1; Moulder et al., Handbook of X-ray Photoelectron Spectroscopy,
    /// 1992): Li₂S, thiolate / polysulfide, and sulfonyl (TFSI, FSI) or sulfate, which position alone
    /// cannot tell apart.
    public static let s2p = XPSPreset(
        name: "s2p", summary: "S 2p doublets: Li2S, thiolate/polysulfide, sulfonyl (TFSI) or sulfate", window: 156...174,
        components: doublet("Li2S ", 160.3, 159.6...161.0, split: 1.18, ratio: 0.5, labels: ("3/2", "1/2"),
                            why: "Li2S S 2p3/2 ~160.0-160.5 eV in Li-S and SEI studies [unverified compilation value]")
            + doublet("S-R ", 162.0, 161.3...162.9, split: 1.18, ratio: 0.5, labels: ("3/2", "1/2"),
                      why: "thiolate on Au 162.0 eV (Castner, Hinds & Grainger, Langmuir 12 (1996) 5083); bridging polysulfide ~162-163 eV")
            + doublet("SO2/SO4 ", 168.8, 167.8...169.8, split: 1.18, ratio: 0.5, labels: ("3/2", "1/2"),
                      why: "sulfonyl of TFSI ~168.8-169.0 eV (Lovelock et al., Chem. Rev. 110 (2010) 5158); sulfate 168.8-170 eV (Moulder et al. 1992): not separable by position"),
        element: "S", sensitivityFactor: 0.668)

    /// N 1s: nitride (Li₃N), imide anion N⁻ (TFSI, FSI), amine/C–N and quaternary N⁺ (cations of
    /// ionic liquids).
    public static let n1s = XPSPreset(
        name: "n1s", summary: "N 1s: Li3N, imide N- (TFSI), C-N, N+ (IL cation)", window: 392...408,
        components: [
            component("Li3N", 396.6, 395.8...397.4, fwhm: 1.3, widths: 0.7...2.4, why: "Li3N ~396.5-397.0 eV in SEI studies [unverified compilation value]"),
            component("N- (imide)", 399.3, 398.3...400.0, fwhm: 1.3, widths: 0.7...2.4,
                      why: "TFSI anion N 399.4-399.6 eV (Lovelock et al., Chem. Rev. 110 (2010) 5158)"),
            component("C-N", 400.5, 400.0...401.2, fwhm: 1.3, widths: 0.7...2.4, why: "amine / amide C-N 399.5-400.5 eV (Moulder et al. 1992)"),
            component("N+", 402.5, 401.6...403.2, fwhm: 1.3, widths: 0.7...2.4,
                      why: "pyrrolidinium / imidazolium N+ 401.9-402.6 eV (Lovelock et al., Chem. Rev. 110 (2010) 5158)"),
        ], element: "N", sensitivityFactor: 0.477)

    /// P 2p (split 0.84 eV, 2:1; Moulder et al. 1992): phosphate, LiₓPOᵧF_z and PF₆⁻ / LiPF₆.
    public static let p2p = XPSPreset(
        name: "p2p", summary: "P 2p doublets: phosphate, LixPOyFz, LiPF6", window: 128...142,
        components: doublet("PO4 ", 133.5, 132.8...134.2, split: 0.84, ratio: 0.5, labels: ("3/2", "1/2"),
                            why: "phosphate / Li3PO4 133.2-133.8 eV (Moulder et al. 1992)")
            + doublet("LixPOyFz ", 134.8, 134.2...135.8, split: 0.84, ratio: 0.5, labels: ("3/2", "1/2"),
                      why: "LixPOyFz ~134.5-135.5 eV (Ensling et al., J. Mater. Chem. 2009)")
            + doublet("LiPF6 ", 137.0, 136.2...137.8, split: 0.84, ratio: 0.5, labels: ("3/2", "1/2"),
                      why: "PF6- / LiPF6 136.5-137.5 eV (Ensling et al. 2009)"),
        element: "P", sensitivityFactor: 0.486)

    /// Au 4f (split 3.67 eV, 4:3): the metal, the usual substrate and energy reference at
    /// 84.0 eV (ISO 15472). Its asymmetric tail is not modelled by GL(30): a second, broad doublet
    /// would take it and be mistaken for Au(I); give an LA shape with `--doublet` when it matters.
    public static let au4f = XPSPreset(
        name: "au4f", summary: "Au 4f doublet: Au(0)", window: 80...93,
        components: doublet("Au(0) ", 84.0, 83.6...84.4, split: 3.67, ratio: 0.75, labels: ("7/2", "5/2"), fwhm: 0.9, widths: 0.4...2.0,
                            optional: false, why: "metallic Au 4f7/2 83.96 eV (ISO 15472 reference); 4f5/2 3.67 eV above (Moulder et al. 1992)"),
        element: "Au", sensitivityFactor: 6.25)
}

/// Atomic fractions from core-level areas: n_i ∝ A_i / (RSF_i · T_i · KE_i^x), with T the
/// transmission and x the mean-free-path exponent (CasaXPS "Area/(RSF*T*MFP)", XPS.md §3.3).
public enum XPSQuantification {
    /// One core level's area and what it is divided by.
    public struct Line: Sendable, Hashable, Codable {
        /// The element the line belongs to.
        public var element: String
        /// The fitted area above the background.
        public var area: Double
        /// Its standard error, when known (propagated to the atomic fraction).
        public var areaError: Double?
        /// The relative sensitivity factor.
        public var sensitivityFactor: Double
        /// The analyser transmission at the line's kinetic energy (1 when the intensity is already corrected).
        public var transmission: Double
        /// The line's kinetic energy (eV), for the mean-free-path factor.
        public var kineticEnergy: Double?
        /// A line with its area and factors.
        public init(element: String, area: Double, areaError: Double? = nil, sensitivityFactor: Double,
                    transmission: Double = 1, kineticEnergy: Double? = nil) {
            self.element = element
            self.area = area
            self.areaError = areaError
            self.sensitivityFactor = sensitivityFactor
            self.transmission = transmission
            self.kineticEnergy = kineticEnergy
        }
    }

    /// Atomic fractions (summing to 1) with one-sigma errors propagated from the area errors.
    public static func atomicFractions(_ lines: [Line], mfpExponent: Double = 0) throws(XPSError) -> [(element: String, fraction: Double, error: Double?)] {
        guard !lines.isEmpty else { throw .invalidModel("no lines to quantify") }
        var corrected: [Double] = []
        for l in lines {
            guard l.sensitivityFactor > 0, l.transmission > 0 else { throw .invalidModel("\(l.element): sensitivity factor and transmission must be positive") }
            var mfp = 1.0
            if mfpExponent != 0 {
                guard let ke = l.kineticEnergy, ke > 0 else { throw .invalidModel("\(l.element): a mean-free-path exponent needs the kinetic energy") }
                mfp = Foundation.pow(ke, mfpExponent)
            }
            corrected.append(l.area / (l.sensitivityFactor * l.transmission * mfp))
        }
        let total = corrected.reduce(0, +)
        guard total > 0 else { throw .invalidModel("the corrected areas sum to zero") }
        return lines.indices.map { i in
            let f = corrected[i] / total
            // σ_f² = Σ_k (∂f/∂A_k σ_k)²; ∂f_i/∂c_k = (δ_ik − f_i)/S, c_k = A_k/(RSF…).
            var v = 0.0, known = true
            for k in lines.indices {
                guard let e = lines[k].areaError else { known = false; break }
                let ck = e * corrected[k] / max(lines[k].area, 1e-300)
                let d = ((i == k ? 1 : 0) - f) / total
                v += d * d * ck * ck
            }
            return (lines[i].element, f, known ? v.squareRoot() : nil)
        }
    }
}
