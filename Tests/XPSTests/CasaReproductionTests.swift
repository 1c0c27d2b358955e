// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import XPS

/// CasaXPS's per-channel export of the FeO Fe 2p fit (FeO_analyzed_lineshapes_cols.txt) against
/// curves computed from the parameters CasaXPS stored in FeO_analyzed.vms.
@Suite("CasaXPS reproduction")
struct CasaReproductionTests {
    struct Columns { var be: [Double]; var components: [[Double]]; var background: [Double] }

    static func columns() throws -> Columns? {
        guard let p = TestData.shared("xps/pynxtools-xps/FeO_analyzed_lineshapes_cols.txt") else { return nil }
        var c = Columns(be: [], components: [[], [], [], []], background: [])
        for line in try String(contentsOfFile: p, encoding: .utf8).split(whereSeparator: \.isNewline) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard f.count >= 16, let be = f[9], let bg = f[15] else { continue }
            c.be.append(be)
            c.background.append(bg)
            for k in 0..<4 { c.components[k].append((f[11 + k] ?? .nan) - bg) }
        }
        return c
    }

    static func casa() throws -> CasaProcessing? {
        guard let p = TestData.shared("xps/pynxtools-xps/FeO_analyzed.vms") else { return nil }
        let b = try VAMASReader().read(p).blocks[0]
        return try CasaProcessing(comments: b.comments, photonEnergy: b.photonEnergy, abscissaIsKinetic: true, source: p)
    }

    @Test("the CASA comment lines parse to the stored region and components", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func parse() throws {
        guard let casa = try Self.casa() else { return }
        #expect(casa.regions.count == 1 && casa.components.count == 4)
        let r = casa.regions[0]
        #expect(r.background == "U 3 Tougaard" && Array(r.parameters.prefix(3)) == [335.44588, 551, 436] && r.averageWidth == 2)
        #expect(abs(r.low - (1486.61 - 786.7632)) < 1e-9 && abs(r.high - (1486.61 - 737.52081)) < 1e-9)
        #expect(casa.components[1].shape == .glSum(m: 0.3) && casa.components[1].center.lower < casa.components[1].center.upper)
        #expect(casa.components[0].shape == .lf(alpha: 0.54, beta: 10, w: 80, m: 100, n: 6))
    }

    @Test("SGL(30) components match CasaXPS channel by channel within 1 % of their height", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func sglPerChannel() throws {
        guard let cols = try Self.columns(), let casa = try Self.casa() else { return }
        for (k, comp) in casa.components.enumerated() {
            guard case .glSum = comp.shape, let shape = comp.shape else { continue }
            let f = comp.fwhm.value, h = comp.area.value / (f * shape.unitArea)
            var worst = 0.0, height = 0.0
            for i in cols.be.indices {
                let ours = h * shape.profile((cols.be[i] - comp.center.value) / f).value
                worst = max(worst, abs(ours - cols.components[k][i]))
                height = max(height, cols.components[k][i])
            }
            print(String(format: "CasaXPS %@ at %.3f eV: max residual %.2f cps = %.3f %% of its height", comp.shapeText, comp.center.value, worst, 100 * worst / height))
            #expect(worst < 0.01 * height)
        }
    }
}
