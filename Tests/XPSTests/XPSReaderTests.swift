// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import XPS

/// SPECS .xy, PHI .spe, Scienta text and CSV against the values in ../shared/fixtures/README.md.
@Suite("XPS readers")
struct XPSReaderTests {
    static func file(_ relative: String) throws -> XPSFile? {
        guard let p = TestData.shared("xps/" + relative) else { return nil }
        return try XPSFile(path: p)
    }

    @Test("SPECS .xy: two regions; the survey agrees with both VAMAS files within 0.5 cps", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func specsXY() throws {
        guard let xy = try Self.file("pynxtools-xps/MgFe2O4_small.xy"),
              let reg = try Self.file("pynxtools-xps/regular.vms"),
              let irr = try Self.file("pynxtools-xps/irregular.vms") else { return }
        #expect(xy.format == "SPECS xy" && xy.regions.count == 2)
        let survey = xy.regions[0], fe = xy.regions[1]
        #expect(survey.count == 1351 && survey.bindingEnergy.last == 1350 && survey.intensity.last == 15598.679)
        #expect(survey.intensityKind == .countsPerSecond && survey.countsPerUnit == 0.1 && survey.photonEnergy == 1486.61)
        #expect(fe.name == "Fe2p" && fe.count == 56 && fe.bindingEnergy.first == 695 && fe.bindingEnergy.last == 750)
        for other in [reg.regions[0], irr.regions[0]] {
            #expect(other.count == survey.count)
            var worst = 0.0
            for i in 0..<survey.count {
                #expect(abs(other.bindingEnergy[i] - survey.bindingEnergy[i]) < 1e-6)
                worst = max(worst, abs(other.intensity[i] - survey.intensity[i]))
            }
            #expect(worst <= 0.5, "max |Δ| \(worst) cps")
        }
        #expect(reg.regions[0].countsPerUnit == 0.1) // counts → cps with dwell 0.1 s, 1 scan
    }

    @Test("PHI .spe: header to EOFH, binary float32 tail; 1751 points 1400 → 0 eV, max at file index 1143", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func phiSPE() throws {
        guard let f = try Self.file("pynxtools-xps/SnO2_10nm.spe") else { return }
        #expect(f.format == "PHI spe" && f.regions.count == 1)
        let r = f.regions[0]
        #expect(r.count == 1751 && r.bindingEnergy.first == 0 && r.bindingEnergy.last == 1400)
        #expect(abs(r.intensity.last! - 54866.668) < 1e-3)
        let imax = r.intensity.indices.max { r.intensity[$0] < r.intensity[$1] }!
        #expect(1750 - imax == 1143 && abs(r.intensity[imax] - 417658.34) < 0.01)
        #expect(r.photonEnergy == 1486.6)
    }

    @Test("Scienta SES text: Ag 3d, 361 points 382 → 364 eV, hν 520", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func scienta() throws {
        guard let f = try Self.file("pynxtools-xps/Ag_0001.txt") else { return }
        #expect(f.format == "Scienta text" && f.regions.count == 1)
        let r = f.regions[0]
        #expect(r.name == "Ag3d" && r.count == 361 && r.photonEnergy == 520 && r.passEnergy == 50)
        #expect(abs(r.bindingEnergy.first! - 364) < 1e-9 && abs(r.bindingEnergy.last! - 382) < 1e-9)
        #expect(abs(r.bindingEnergy[1] - r.bindingEnergy[0] - 0.05) < 1e-9)
        #expect(r.countsPerUnit == nil) // ADC mode: not counts
    }

    @Test("two-column CSV: C 1s, 351 points 301.5 → 266.5 eV, maximum at 284.6", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func csv() throws {
        guard let f = try Self.file("LG4X/C1s_sample.csv") else { return }
        let r = f.regions[0]
        #expect(r.count == 351 && r.bindingEnergy.first == 266.5 && r.bindingEnergy.last == 301.5)
        let imax = r.intensity.indices.max { r.intensity[$0] < r.intensity[$1] }!
        #expect(abs(r.bindingEnergy[imax] - 284.6) < 1e-9)
    }

    @Test("malformed input: typed errors naming the file and place, at every truncation", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func malformed() throws {
        for name in ["pynxtools-xps/MgFe2O4_small.xy", "pynxtools-xps/SnO2_10nm.spe", "pynxtools-xps/Ag_0001.txt"] {
            guard let p = TestData.shared("xps/" + name) else { continue }
            let bytes = try readFileBytes(p)
            for cut in stride(from: 8, to: bytes.count, by: max(1, bytes.count / 97)) {
                do { _ = try XPSFile(bytes: Array(bytes.prefix(cut)), path: "cut.bin") }
                catch let e as InterphaseError { #expect(e.description.contains("cut.bin"), "\(e)") }
            }
        }
        let bad = Array("# Created by: SpecsLab Prodigy\n# Region: A\n# Cycle: 0, Curve: 0, Scan: 0\n1 2\nx y\n".utf8)
        #expect(throws: XPSReadError.malformed(path: "bad.xy", at: .line(5), reason: "expected two numbers (energy, intensity), found 'x y'")) {
            try SPECSXYReader().parse(bad, path: "bad.xy")
        }
        let spe = Array("SOFH\nSpectralRegDef: 1 1 Su1s 111 99999 -0.8 1400 0 1399 1 0.1 224 AREA\nEOFH\n".utf8) + [UInt8](repeating: 0, count: 8)
        #expect(throws: XPSReadError.self) { try PHISPEReader().parse(spe, path: "bad.spe") }
    }
}
