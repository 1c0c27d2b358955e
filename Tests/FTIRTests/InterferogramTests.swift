// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

@Suite("OMNIC reader and interferogram transform")
struct InterferogramTests {
    static let dir = "ftir/spectrochempy_data/irdata/interferogram/"

    @Test("interfero.SPA and spectre.SPA read to their documented values")
    func omnicFixtures() throws {
        guard let a = TestData.shared(Self.dir + "interfero.SPA"), let b = TestData.shared(Self.dir + "spectre.SPA") else { return }
        let ifg = try OMNICReader().read(a), sb = try OMNICReader().read(b)
        #expect(ifg.spectrum.yKind == .interferogram && ifg.spectrum.count == 4160)
        #expect(abs(ifg.laserWavenumber - 15798.2598) < 1e-3 && ifg.sampleSpacing == 2 && ifg.zpdIndex == 64)
        #expect(ifg.spectrum.y.indices.max { abs(ifg.spectrum.y[$0]) < abs(ifg.spectrum.y[$1]) } == 64)
        #expect(sb.spectrum.yKind == .singleBeam && sb.spectrum.count == 3734)
        #expect(abs(sb.spectrum.x.first! - 3999.7061) < 1e-4 && abs(sb.spectrum.x.last! - 400.1635) < 1e-4)
        #expect(sb.sampleInterferogram?.y == ifg.spectrum.y) // spectre.SPA embeds the same interferogram
        // x step of the interferogram: 1/ν_L × sample spacing → OMNIC's bin spacing 0.9642493 cm⁻¹ at N = 16384.
        let t = InterferogramTransform(laserWavenumber: ifg.laserWavenumber, sampleSpacing: 2)
        #expect(abs(t.wavenumberStep(fftSize: 16384) - 0.9642493) < 1e-6)
    }

    static func compare(_ apodization: Apodization) throws -> (correlation: Double, maxError: Double)? {
        guard let a = TestData.shared(Self.dir + "interfero.SPA"), let b = TestData.shared(Self.dir + "spectre.SPA") else { return nil }
        let ifg = try OMNICReader().read(a), ref = try OMNICReader().read(b).spectrum
        var t = InterferogramTransform(laserWavenumber: ifg.laserWavenumber, sampleSpacing: ifg.sampleSpacing ?? 1)
        t.apodization = apodization
        t.fftSize = ifg.fftSize   // 16384, as OMNIC used (4160 points → 8192 × zero filling 2)
        let ours = try t.transform(ifg.spectrum.y)
        let step = ours.wavenumber[1]
        var x: [Double] = [], y: [Double] = []
        for (w, v) in zip(ref.x, ref.y) {
            let k = Int((w / step).rounded())
            #expect(abs(Double(k) * step - w) < 1e-3) // OMNIC's points are exactly our bins
            x.append(ours.intensity[k]); y.append(v)
        }
        let mx = Statistics.mean(x), my = Statistics.mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my) }
        let scale = zip(x, y).reduce(0.0) { $0 + $1.0 * $1.1 } / x.reduce(0.0) { $0 + $1 * $1 }
        let maxError = zip(x, y).map { abs($0.0 * scale - $0.1) }.max()! / y.max()!
        return (sxy / (sxx * syy).squareRoot(), maxError)
    }

    /// Fixtures README: Happ-Genzel + Mertz + zero fill of interfero.SPA matches OMNIC's spectre.SPA:
    /// correlation ≥ 0.9999 and maximum error ≤ 1.5 % of the peak (after one overall scale).
    @Test("interfero.SPA transformed matches OMNIC's own single beam (spectre.SPA)")
    func matchesOMNIC() throws {
        guard let r = try Self.compare(.happGenzel) else { return }
        print(String(format: "interfero→spectre (Happ-Genzel, Mertz): correlation %.6f, max error %.2f %%", r.correlation, 100 * r.maxError))
        #expect(r.correlation >= 0.9999 && r.maxError <= 0.015)
        // A boxcar window rings at the sharp CO₂/H₂O lines: clearly worse, as expected.
        let box = try #require(try Self.compare(.boxcar))
        #expect(box.maxError > 2 * r.maxError)
    }

    @Test("a synthetic interferogram of known lines transforms to those lines")
    func syntheticLines() throws {
        // Two Gaussian bands at 1000 and 2500 cm⁻¹ (FWHM 40 cm⁻¹, area ratio 1 : 0.5): each is a cosine
        // under a Gaussian envelope exp(−2π²s²x²), so the record has a true centre burst. Sampled every
        // 1/(2ν_L) cm, single-sided with 100 points before ZPD, with a 0.3 rad phase error for Mertz to remove.
        let laser = 15798.0, dx = 1 / (2 * laser), n = 4196, zpd = 100
        let s = 40 / 2.3548200450309493
        let samples = (0..<n).map { i -> Double in
            let x = Double(i - zpd) * dx
            let envelope = exp(-2 * Double.pi * Double.pi * s * s * x * x)
            return envelope * (cos(2 * Double.pi * 1000 * x + 0.3) + 0.5 * cos(2 * Double.pi * 2500 * x + 0.3))
        }
        var t = InterferogramTransform(laserWavenumber: laser, sampleSpacing: 1)
        t.apodization = .happGenzel
        let r = try t.transform(samples)
        // The phase error moves the sampled maximum off the true ZPD by a sample or two; Mertz absorbs it.
        #expect(abs(r.zpd - zpd) <= 2 && r.fftSize == 16384)
        let peaks = PeakFinder(minimumProminence: 0.05 * r.intensity.max()!).find(x: r.wavenumber, y: r.intensity)
        #expect(peaks.count == 2)
        let sorted = peaks.sorted { $0.position < $1.position }
        #expect(abs(sorted[0].position - 1000) < 0.2 && abs(sorted[1].position - 2500) < 0.2)
        #expect(abs(sorted[1].height / sorted[0].height - 0.5) < 0.02) // phase corrected: both positive, right ratio
        #expect(abs(sorted[0].width - 40) < 1) // the band width survives apodization (resolution ≪ 40 cm⁻¹)
        #expect(r.intensity.min()! > -0.05 * r.intensity.max()!)
    }

    @Test("apodization windows: unit at centre, zero (or their published end value) at the edge")
    func windows() {
        for a in Apodization.allCases { #expect(abs(a.weight(0) - 1) < 1e-5, "\(a) at 0") }
        #expect(Apodization.triangular.weight(1) == 0 && abs(Apodization.happGenzel.weight(1) - 0.08) < 1e-15)
        #expect(abs(Apodization.blackmanHarris4.weight(1) - 0.00006) < 1e-9 && Apodization.boxcar.weight(1.5) == 0)
        #expect(Apodization(code: "HG") == .happGenzel && Apodization(code: "B3") == .blackmanHarris3 && Apodization(code: "??") == nil)
    }

    @Test("malformed SPA files are typed errors")
    func malformed() throws {
        #expect(throws: OMNICError.notOMNIC(path: "x")) { try OMNICReader().parse(Array("hello".utf8), path: "x") }
        guard let p = TestData.shared(Self.dir + "spectre.SPA") else { return }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: p)))
        for cut in [20, 290, 500, 2000, bytes.count - 10] {
            #expect(throws: OMNICError.self) { try OMNICReader().parse(Array(bytes.prefix(cut)), path: "cut.spa") }
        }
        #expect(throws: InterferogramError.tooShort(points: 3)) { try InterferogramTransform(laserWavenumber: 15798).transform([1, 2, 3]) }
    }
}
