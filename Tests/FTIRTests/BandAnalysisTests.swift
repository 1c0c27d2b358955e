// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

/// Synthetic PMMA/PVDF coatings whose bands are known by construction (positions from the
/// motivating paper): pristine, and soaked in electrolyte (keto 1640 and Li–O 510 appear,
/// C–O 1148/1191 merge near 1171, C=O weakens).
enum CoatingSpectra {
    typealias Band = (c: Double, h: Double, w: Double, species: String)
    static let pristine: [Band] = [
        (1726, 1.0, 20, "PMMA"), (1436, 0.25, 18, "PMMA"), (1240, 0.35, 24, "PMMA"), (1191, 0.45, 22, "PMMA"),
        (1148, 0.55, 22, "PMMA"), (988, 0.15, 14, "PMMA"), (750, 0.12, 14, "PMMA"),
        (1400, 0.35, 16, "PVDF"), (1275, 0.3, 16, "PVDF"), (877, 0.3, 12, "PVDF"), (841, 0.28, 12, "PVDF"), (490, 0.15, 12, "PVDF"),
    ]
    static let soaked: [Band] = pristine.filter { ![1148, 1191, 1726].contains($0.c) } + [
        (1726, 0.7, 20, "PMMA"), (1171, 0.6, 30, "PVDF"), (1640, 0.3, 28, "keto (reduced PMMA)"), (510, 0.2, 12, "CH₃OLi"),
    ]

    static func spectrum(_ bands: [Band], seed: UInt64, noise: Double = 0.002) throws -> Spectrum {
        var rng = SplitMix64(seed: seed)
        let x = stride(from: 4000.0, through: 450, by: -0.964).map { $0 }
        let y = x.map { xi -> Double in
            var v = SyntheticFTIR.baseline(xi)
            for b in bands { v += PseudoVoigt(center: b.c, fwhm: b.w, fraction: 0.3, area: 1).value(at: xi) / PseudoVoigt(center: 0, fwhm: b.w, fraction: 0.3, area: 1).height * b.h }
            return v + noise * rng.normal()
        }
        return try Spectrum(name: "coating", x: x, y: y, xKind: .wavenumber, yKind: .absorbance)
    }
}

@Suite("Band fitting and assignment")
struct BandAnalysisTests {
    @Test("pristine and soaked coatings: every band found within 2 cm⁻¹ and assigned to its species",
          arguments: [("pristine", CoatingSpectra.pristine), ("soaked", CoatingSpectra.soaked)])
    func findsAndAssigns(state: String, bands: [CoatingSpectra.Band]) throws {
        let result = try BandAnalysis().run(try CoatingSpectra.spectrum(bands, seed: 7))
        for b in result.bands {
            print(String(format: "%@ %.2f ± %.2f cm⁻¹, FWHM %.1f, area %.3g: %@", state, b.band.position, b.band.positionError ?? .nan, b.band.fwhm, b.band.area, b.assignments.first?.species ?? "unassigned"))
        }
        for w in result.warnings { print("\(state) warning: \(w)") }
        for truth in bands {
            let found = try #require(result.bands.min { abs($0.band.position - truth.c) < abs($1.band.position - truth.c) }, "\(state): nothing near \(truth.c)")
            #expect(abs(found.band.position - truth.c) <= 2, "\(state): \(truth.c) found at \(found.band.position)")
            let species = found.assignments.map(\.species)
            if truth.c == 510 {
                // Li–O of CH₃OLi and β-PVDF CF₂ bending share 510 cm⁻¹: both must be offered, with the warning.
                #expect(species.contains("CH₃OLi") && species.contains("PVDF") && found.warnings.contains { $0.hasPrefix("510") })
            } else {
                #expect(species.first == truth.species, "\(state): \(truth.c) assigned to \(species.first ?? "nothing"), expected \(truth.species)")
            }
        }
        let spurious = result.bands.filter { b in !bands.contains { abs($0.c - b.band.position) <= 5 } }
        #expect(spurious.isEmpty, "\(state): spurious bands at \(spurious.map(\.band.position))")
        if state == "soaked" {
            let keto = result.bands.first { abs($0.band.position - 1640) < 3 }!
            #expect(keto.warnings.contains { $0.contains("water") })
        }
    }

    /// 300 seeded noise draws of one band: the ±1.96 SE intervals must cover the true values ~95 % of the time.
    @Test("fitted position, width, height and area carry honest standard errors")
    func coverage() throws {
        let truth = PseudoVoigt(center: 1726.3, fwhm: 18, fraction: 0.4, area: 20)
        let x = stride(from: 1660.0, through: 1790, by: 0.964).map { $0 }
        var hits = [0, 0, 0, 0]
        let draws = 300
        for seed in 0..<draws {
            var rng = SplitMix64(seed: UInt64(9000 + seed))
            let y = x.map { truth.value(at: $0) + 0.05 + 0.01 * rng.normal() }
            let peaks = PeakFinder(minimumProminence: 0.2).find(x: x, y: y)
            let band = try #require(try BandFitter().fit(x: x, y: y, peaks: peaks).bands.first)
            if abs(band.position - truth.center) < 1.96 * band.positionError! { hits[0] += 1 }
            if abs(band.fwhm - truth.fwhm) < 1.96 * band.fwhmError! { hits[1] += 1 }
            if abs(band.height - truth.height) < 1.96 * band.heightError! { hits[2] += 1 }
            if abs(band.area - truth.area) < 1.96 * band.areaError! { hits[3] += 1 }
        }
        for (k, name) in ["position", "FWHM", "height", "area"].enumerated() {
            #expect((0.91...0.99).contains(Double(hits[k]) / Double(draws)), "\(name) coverage \(hits[k])/\(draws)")
        }
    }

    @Test("PVDF β fraction from fitted 840/763 cm⁻¹ bands of a film with both phases")
    func betaFractionFromSpectrum() throws {
        // Heights 0.28 (β, 840) and 0.2 (α, 763): F(β) = 0.28 / (1.26·0.2 + 0.28) = 0.526. In the blend
        // PMMA's 750 band has no maximum of its own beside 763: it is found as a shoulder.
        let bands = CoatingSpectra.pristine + [(763, 0.2, 10, "PVDF")]
        let r = try BandAnalysis().run(try CoatingSpectra.spectrum(bands, seed: 3))
        #expect(r.bands.contains { abs($0.band.position - 750) < 2 } && r.bands.contains { abs($0.band.position - 763) < 2 })
        let f = try #require(r.pvdfBetaFraction)
        #expect(abs(f - 0.28 / (1.26 * 0.2 + 0.28)) < 0.01)
        #expect(try BandAnalysis().run(try CoatingSpectra.spectrum(CoatingSpectra.pristine, seed: 3)).pvdfBetaFraction == nil)
    }

    @Test("PVDF β fraction from 840/763 cm⁻¹ (Gregorio & Cestari)")
    func betaFraction() {
        #expect(BandAssigner.pvdfBetaFraction(absorbance840: 0.5, absorbance763: 0) == 1)
        #expect(BandAssigner.pvdfBetaFraction(absorbance840: 0, absorbance763: 0.3) == 0)
        #expect(abs(BandAssigner.pvdfBetaFraction(absorbance840: 0.63, absorbance763: 0.5)! - 0.63 / (1.26 * 0.5 + 0.63)) < 1e-15)
        #expect(BandAssigner.pvdfBetaFraction(absorbance840: 0, absorbance763: 0) == nil)
    }
}

@Suite("Comparison of states")
struct StateComparisonTests {
    @Test("soaked vs pristine: keto, Li–O and the merged C–O band appear; 1148/1191 disappear; the rest is unchanged")
    func soakedVersusPristine() throws {
        let a = try BandAnalysis().run(try CoatingSpectra.spectrum(CoatingSpectra.pristine, seed: 1)).bands
        let b = try BandAnalysis().run(try CoatingSpectra.spectrum(CoatingSpectra.soaked, seed: 2)).bands
        let changes = StateComparison().compare(reference: a, with: b)
        func status(near p: Double) -> BandChange? { changes.first { abs($0.position - p) < 3 } }
        #expect(status(near: 1640)?.status == .appeared && status(near: 510)?.status == .appeared && status(near: 1171)?.status == .appeared)
        #expect(status(near: 1148)?.status == .disappeared && status(near: 1191)?.status == .disappeared)
        #expect(status(near: 1171)?.notes.contains { $0.contains("merger of the 1148 and 1191") } == true)
        let co = try #require(status(near: 1726))
        #expect(co.status == .unchanged && abs(co.heightRatio! - 0.7) < 0.02)
        for p in [1436.0, 1400, 1275, 1240, 988, 877, 841, 750, 490] { #expect(status(near: p)?.status == .unchanged, "\(p)") }
        #expect(changes.count == CoatingSpectra.pristine.count + 3) // 12 reference bands + 3 new ones
    }

    @Test("a real shift is called shifted, with its size; noise-level differences are not")
    func shift() throws {
        var moved = CoatingSpectra.pristine
        moved[0] = (1720, 1.0, 20, "PMMA")
        let a = try BandAnalysis().run(try CoatingSpectra.spectrum(CoatingSpectra.pristine, seed: 1)).bands
        let b = try BandAnalysis().run(try CoatingSpectra.spectrum(moved, seed: 5)).bands
        let c = StateComparison().compare(reference: a, with: b)
        let co = try #require(c.first { abs($0.position - 1720) < 2 })
        #expect(co.status == .shifted && abs(co.shift! + 6) < 0.2)
        #expect(c.filter { $0.status == .shifted }.count == 1)
    }
}

@Suite("Band shapes")
struct BandShapeTests {
    @Test("Voigt, Gaussian and Lorentzian fitters recover a band of their own shape",
          arguments: [BandShape.voigt, .gaussian, .lorentzian, .pseudoVoigt])
    func recovers(shape: BandShape) throws {
        let truth: any LineShape = switch shape {
        case .voigt: Voigt(center: 1640.4, sigma: 6, gamma: 4, area: 15)
        case .gaussian: Gaussian(center: 1640.4, fwhm: 20, area: 15)
        case .lorentzian: Lorentzian(center: 1640.4, fwhm: 20, area: 15)
        case .pseudoVoigt: PseudoVoigt(center: 1640.4, fwhm: 20, fraction: 0.3, area: 15)
        }
        var rng = SplitMix64(seed: 12)
        let x = stride(from: 1540.0, through: 1740, by: 0.964).map { $0 }
        let y = x.map { truth.value(at: $0) + 0.02 + 0.002 * rng.normal() }
        let peaks = PeakFinder(minimumProminence: 0.1).find(x: x, y: y)
        let band = try #require(try BandFitter(shape: shape).fit(x: x, y: y, peaks: peaks).bands.first)
        #expect(abs(band.position - 1640.4) < 3 * band.positionError! + 1e-6)
        #expect(abs(band.fwhm - truth.fwhm) < 4 * band.fwhmError!, "\(shape): FWHM \(band.fwhm) ± \(band.fwhmError!) vs \(truth.fwhm)")
        #expect(abs(band.area - 15) < 4 * band.areaError!, "\(shape): area \(band.area) ± \(band.areaError!)")
        #expect(band.lorentzianFraction.isFinite)
        if shape == .voigt { #expect(abs(band.voigtSigma! - 6) < 1 && abs(band.voigtGamma! - 4) < 1) }
    }
}
