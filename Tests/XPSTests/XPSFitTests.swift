// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import XPS

@Suite struct XPSFitTests {
    /// Components started away from the truth (shifted 0.2-0.3 eV, widths 1.5) within the preset windows.
    static func model(_ count: Int) -> [XPSComponent] {
        let all = XPSPreset.f1sSEI.components
        if count == 3 { return all }
        var other = all[1]
        other.centerRange = 686.5...688.5
        other.center = 687.5
        return [all[0], other]
    }

    struct Summary { var bias: Double; var rmse: Double; var coverage: Double; var meanSigma: Double }

    static func run(_ truth: SyntheticF1s, components: [XPSComponent], seeds: Range<UInt64>,
                    background: XPSBackgroundChoice = .active) throws -> Summary {
        var options = XPSFitOptions()
        options.background = background
        let fitter = XPSFitter(options: options)
        var errors: [Double] = [], sigmas: [Double] = [], covered = 0
        for seed in seeds {
            let r = try fitter.fit(try truth.region(seed: seed), components: components)
            let f = try #require(r.lifFraction)
            errors.append(f.value - truth.lifFraction)
            sigmas.append(f.uncertainty)
            if f.ci95.lowerBound <= truth.lifFraction && truth.lifFraction <= f.ci95.upperBound { covered += 1 }
        }
        let n = Double(errors.count)
        return Summary(bias: errors.reduce(0, +) / n, rmse: (errors.map { $0 * $0 }.reduce(0, +) / n).squareRoot(),
                       coverage: Double(covered) / n, meanSigma: sigmas.reduce(0, +) / n)
    }

    @Test func twoComponentLiFFractionIsUnbiasedWithHonestInterval() throws {
        let s = try Self.run(.twoComponents, components: Self.model(2), seeds: 1001..<1201)
        print("F1s-2 active: bias \(s.bias) RMSE \(s.rmse) coverage \(s.coverage) mean sigma \(s.meanSigma)")
        #expect(abs(s.bias) <= 0.01)
        #expect(s.coverage >= 0.90 && s.coverage <= 0.99)
        #expect(s.rmse < 0.02)
    }

    @Test func threeSeparatedComponentsAreUnbiased() throws {
        let s = try Self.run(.threeSeparated, components: Self.model(3), seeds: 1001..<1201)
        print("F1s-3 separated active: bias \(s.bias) RMSE \(s.rmse) coverage \(s.coverage) mean sigma \(s.meanSigma)")
        #expect(abs(s.bias) <= 0.01)
        #expect(s.coverage >= 0.90 && s.coverage <= 0.99)
    }

    @Test func threeComponentOverlapWidensTheInterval() throws {
        let two = try Self.run(.twoComponents, components: Self.model(2), seeds: 2001..<2041)
        let s = try Self.run(.threeComponents, components: Self.model(3), seeds: 1001..<1201)
        print("F1s-3 overlapping active: bias \(s.bias) RMSE \(s.rmse) coverage \(s.coverage) mean sigma \(s.meanSigma)")
        // PEERS.md: lmfit with the same active model gives bias -0.0136, std 0.075 here. Reproduce, not beat.
        #expect(abs(s.bias) <= 0.03)
        #expect(s.coverage >= 0.88 && s.coverage <= 0.99)
        // LiF 1.2 eV from its neighbour is ill-conditioned (PEERS.md: std 0.06-0.075): the interval says so.
        #expect(s.meanSigma > 3 * two.meanSigma)
    }

    @Test func staticShirleyIsCloseButBiased() throws {
        // PEERS.md: a subtracted Shirley misplaces ~1.5 % of the fraction on F1s-2; the active form does not.
        let s = try Self.run(.twoComponents, components: Self.model(2), seeds: 1001..<1041, background: .shirley)
        print("F1s-2 static Shirley: bias \(s.bias) RMSE \(s.rmse)")
        #expect(abs(s.bias) < 0.05)
    }

    @Test func modelSelectionDropsAnUnsupportedComponent() throws {
        var options = XPSFitOptions()
        options.selectComponents = true
        let r = try XPSFitter(options: options).fit(try SyntheticF1s.twoComponents.region(seed: 7),
                                                   components: XPSPreset.f1sSEI.components)
        #expect(r.components.count == 2)
        #expect(r.selection.contains { $0.component == "CF2" && !$0.kept })
        let r3 = try XPSFitter(options: options).fit(try SyntheticF1s.threeComponents.region(seed: 7),
                                                    components: XPSPreset.f1sSEI.components)
        #expect(r3.components.count == 3)
    }

    @Test func monteCarloIntervalAgreesWithCovariance() throws {
        var options = XPSFitOptions()
        options.monteCarlo = 120
        let region = try SyntheticF1s.twoComponents.region(seed: 11)
        let mc = try XPSFitter(options: options).fit(region, components: Self.model(2))
        let cov = try XPSFitter().fit(region, components: Self.model(2))
        let a = try #require(mc.lifFraction), b = try #require(cov.lifFraction)
        #expect(a.method == .monteCarlo && b.method == .covariance)
        #expect(a.value == b.value)
        #expect(a.uncertainty > 0.6 * b.uncertainty && a.uncertainty < 1.6 * b.uncertainty)
        // The same seed gives the same replicas whatever the scheduling.
        let again = try XPSFitter(options: options).fit(region, components: Self.model(2))
        #expect(again.lifFraction == a)
    }

    @Test func recoversPositionsAndWidthsOnNoiseFreeData() throws {
        let truth = SyntheticF1s.threeComponents
        let region = try XPSRegion(name: "F 1s", bindingEnergy: truth.energies, intensity: truth.expected(),
                                   intensityKind: .counts, countsPerUnit: 1, source: "exact")
        let r = try XPSFitter().fit(region, components: Self.model(3))
        for (c, t) in zip(r.components, truth.lines) {
            #expect(abs(c.center - t.center) < 2e-3)
            #expect(abs(c.fwhm - t.fwhm) < 2e-3)
            #expect(abs(c.area / (truth.totalArea * t.areaShare) - 1) < 2e-3)
        }
        #expect(abs(try #require(r.lifFraction).value - 0.45) < 1e-3)
    }

    @Test func badModelsAreRefusedClearly() throws {
        let region = try SyntheticF1s.twoComponents.region(seed: 1)
        var c = Self.model(2)
        c[1].name = "LiF"
        #expect(throws: XPSError.self) { try XPSFitter().fit(region, components: c) }
        var d = Self.model(2)
        d[1].areaLink = .init("Nope", 0.5)
        #expect(throws: XPSError.self) { try XPSFitter().fit(region, components: d) }
        var e = Self.model(2)
        e[0].shape = .ds(alpha: 0.1, n: 20)
        #expect(throws: XPSError.unsupportedShape("DS(0.1,20)")) { try XPSFitter().fit(region, components: e) }
    }

    @Test func quantificationByConstruction() throws {
        // Equal atoms of C and O: areas proportional to the RSFs give 50/50.
        let q = try XPSQuantification.atomicFractions([
            .init(element: "C", area: 0.278 * 1000, areaError: 10, sensitivityFactor: 0.278),
            .init(element: "O", area: 0.78 * 1000, areaError: 10, sensitivityFactor: 0.78),
        ])
        #expect(abs(q[0].fraction - 0.5) < 1e-12 && abs(q[1].fraction - 0.5) < 1e-12)
        #expect((q[0].error ?? 0) > 0)
    }
}

@Suite struct XPSPeakModelTests {
    @Test(arguments: [true, false]) func analyticJacobianMatchesFiniteDifferences(active: Bool) {
        let shapes: [XPSLineShape] = [.glProduct(m: 0.3), .glSum(m: 0.4), .la(alpha: 1.2, beta: 2.5, m: 0), .voigt(lorentzFraction: 0.35)]
        var p = [685.1, 1.7, 3000, 687.0, 1.5, 1500, 688.63, 1.9, 1000, 690.2, 1.6, 800]
        if active { p += [300, 4, 0.06] }
        #expect(Self.worstJacobianError(shapes, p, active: active) < 1e-4)
    }

    /// The largest relative difference between the analytic Jacobian and central differences.
    static func worstJacobianError(_ shapes: [XPSLineShape], _ p: [Double], active: Bool) -> Double {
        let x = stride(from: 680.0, through: 695.0, by: 0.05).map { $0 }
        let model = XPSPeakModel(x: x, shapes: shapes, fixedBackground: active ? nil : x.map { _ in 100 }, active: active)
        let m = x.count, n = p.count
        var jac = [Double](repeating: 0, count: m * n)
        p.withUnsafeBufferPointer { pp in jac.withUnsafeMutableBufferPointer { model.jacobian(pp, $0) } }
        func f(_ q: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: m)
            q.withUnsafeBufferPointer { qq in out.withUnsafeMutableBufferPointer { model.evaluate(qq, $0) } }
            return out
        }
        var worst = 0.0
        for k in 0..<n {
            let h = 1e-6 * max(abs(p[k]), 1)
            var a = p, b = p
            a[k] += h; b[k] -= h
            let fa = f(a), fb = f(b)
            for i in 0..<m {
                let num = (fa[i] - fb[i]) / (2 * h)
                worst = max(worst, abs(num - jac[k * m + i]) / max(abs(num), 1))
            }
        }
        return worst
    }
}
