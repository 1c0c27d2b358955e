// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

/// A transmittance trace given as absorbance is warned about, on real recordings (each file's own
/// kind is the reference) and on synthetic spectra converted by Beer–Lambert.
@Suite("transmittance given as absorbance")
struct IntensityKindCheckTests {
    /// The absorbance and transmittance spectra among the fixtures, by the kind their files declare.
    static func fixtureSpectra() throws -> [(String, Spectrum)] {
        var out: [(String, Spectrum)] = []
        let root = URL(fileURLWithPath: TestData.sharedFixtures + "/ftir")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for url in files.sorted(by: { $0.path < $1.path }) {
            let path = url.path, ext = url.pathExtension.lowercased()
            var spectra: [Spectrum] = []
            switch ext {
            case "spc": spectra = (try? SPCReader().read(path)) ?? []
            case "jdx", "dx": spectra = (try? JCAMPReader().read(path).spectra) ?? []
            case "spa": spectra = (try? OMNICReader().read(path)).map { [$0.spectrum] } ?? []
            case "0000", "0001", "0002": spectra = (try? OPUSReader().read(path).blocks.map(\.spectrum)) ?? []
            default: continue
            }
            for s in spectra where s.yKind == .absorbance || s.yKind == .transmittance { out.append((url.lastPathComponent, s)) }
        }
        return out
    }

    @Test("real recordings: no absorbance spectrum is taken for transmittance; every transmittance spectrum with bands is, given as absorbance",
          .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func realRecordings() throws {
        let spectra = try Self.fixtureSpectra()
        let absorbance = spectra.filter { $0.1.yKind == .absorbance }, transmittance = spectra.filter { $0.1.yKind == .transmittance }
        #expect(absorbance.count >= 10 && transmittance.count >= 5, "\(absorbance.count) absorbance, \(transmittance.count) transmittance spectra")
        for (file, s) in absorbance {
            #expect(IntensityKindCheck.transmittanceWarning(s.y, kind: .absorbance) == nil,
                    "\(file) \(s.name): median at \(IntensityKindCheck.medianPosition(s.y).map { $0.position } ?? .nan)")
        }
        // A transmittance trace whose bands span at least 5 % of its range (one test file varies by
        // 3 % only, noise around a flat line).
        var caught = 0
        for (file, s) in transmittance {
            guard let (_, lo, hi) = IntensityKindCheck.medianPosition(s.y), (hi - lo) / hi > 0.05 else { continue }
            #expect(IntensityKindCheck.transmittanceWarning(s.y, kind: .absorbance) != nil, "\(file) \(s.name)")
            caught += 1
        }
        #expect(caught >= 5)
    }

    @Test("synthetic: bands on a sloped baseline with noise stay absorbance; the same as %T or a fraction warn, and the band route says so")
    func synthetic() throws {
        let x = stride(from: 4000.0, through: 400.0, by: -1.0).map { $0 }
        var rng = SplitMix64(seed: 7)
        let a = x.map { v -> Double in
            let bands = [(2950.0, 18.0, 0.35), (1726.0, 9.0, 0.9), (1640.0, 12.0, 0.25), (1171.0, 16.0, 0.6), (840.0, 10.0, 0.3)]
            return 0.03 + 0.00002 * (4000 - v) + bands.reduce(0.0) { $0 + $1.2 * exp(-pow((v - $1.0) / $1.1, 2)) }
        }
        let noisy = a.map { $0 + 0.002 * SyntheticMat.gaussian(&rng) }
        #expect(IntensityKindCheck.transmittanceWarning(noisy, kind: .absorbance) == nil)
        // Absorbance on a raised baseline with an over-compensated CO₂ doublet dipping four times
        // deeper than its strongest band rises: its median lies at ~77 % of its range, still absorbance.
        let dipped = x.map { v -> Double in
            0.5 + 0.1 * exp(-pow((v - 1726) / 10, 2)) + 0.05 * exp(-pow((v - 1171) / 15, 2)) + 0.03 * exp(-pow((v - 2950) / 20, 2))
                - 0.4 * exp(-pow((v - 2360) / 8, 2)) - 0.32 * exp(-pow((v - 2340) / 8, 2))
        }.map { $0 + 0.002 * SyntheticMat.gaussian(&rng) }
        let position = try #require(IntensityKindCheck.medianPosition(dipped)).position
        #expect(position > 0.7 && position < 0.85, "\(position)")
        #expect(IntensityKindCheck.transmittanceWarning(dipped, kind: .absorbance) == nil)
        let percent = a.map { 100 * pow(10, -$0) + 0.05 * SyntheticMat.gaussian(&rng) }
        let fraction = percent.map { $0 / 100 }
        #expect(IntensityKindCheck.transmittanceWarning(percent, kind: .absorbance) != nil)
        #expect(IntensityKindCheck.transmittanceWarning(fraction, kind: .intensity) != nil)
        // Declared correctly, the same trace is converted and not warned about.
        #expect(IntensityKindCheck.transmittanceWarning(fraction, kind: .transmittance) == nil)
        let given = try Spectrum(name: "given", x: x, y: fraction, xKind: .wavenumber, yKind: .absorbance)
        #expect(try BandAnalysis().run(given).warnings.contains { $0.contains("looks like transmittance") })
        let declared = try Spectrum(name: "declared", x: x, y: fraction, xKind: .wavenumber, yKind: .transmittance, yUnit: .fraction)
        let r = try BandAnalysis().run(declared)
        #expect(!r.warnings.contains { $0.contains("looks like transmittance") })
        for c in [1726.0, 1171.0] { #expect(r.bands.contains { abs($0.band.position - c) < 2 }, "\(c) cm⁻¹ in \(r.bands.map(\.band.position))") }
    }
}
