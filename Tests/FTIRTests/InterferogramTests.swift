// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

@Suite("OMNIC reader and interferogram transform")
struct InterferogramTests {
    static let dir = "ftir/spectrochempy_data/irdata/interferogram/"

    @Test("interfero.SPA and spectre.SPA read to their documented values", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
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
    @Test("interfero.SPA transformed matches OMNIC's own single beam (spectre.SPA)", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
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

    @Test("power-spectrum phase: |F| puts the same bands at the same places as Mertz, and is never negative")
    func powerSpectrum() throws {
        let laser = 15798.0, dx = 1 / (2 * laser), s = 40 / 2.3548200450309493
        let samples = (0..<4196).map { i -> Double in
            let x = Double(i - 100) * dx
            return exp(-2 * Double.pi * Double.pi * s * s * x * x) * (cos(2 * Double.pi * 1000 * x + 0.3) + 0.5 * cos(2 * Double.pi * 2500 * x + 0.3))
        }
        var t = InterferogramTransform(laserWavenumber: laser, sampleSpacing: 1)
        t.phase = .powerSpectrum
        let p = try t.transform(samples)
        #expect(p.intensity.allSatisfy { $0 >= 0 })
        let peaks = PeakFinder(minimumProminence: 0.05 * p.intensity.max()!).find(x: p.wavenumber, y: p.intensity).sorted { $0.position < $1.position }
        #expect(peaks.count == 2 && abs(peaks[0].position - 1000) < 0.3 && abs(peaks[1].position - 2500) < 0.3)
    }

    @Test("apodization windows: unit at centre, zero (or their published end value) at the edge")
    func windows() {
        for a in Apodization.allCases { #expect(abs(a.weight(0) - 1) < 1e-5, "\(a) at 0") }
        #expect(Apodization.triangular.weight(1) == 0 && abs(Apodization.happGenzel.weight(1) - 0.08) < 1e-15)
        #expect(abs(Apodization.blackmanHarris4.weight(1) - 0.00006) < 1e-9 && Apodization.boxcar.weight(1.5) == 0)
        #expect(Apodization(code: "HG") == .happGenzel && Apodization(code: "B3") == .blackmanHarris3 && Apodization(code: "??") == nil)
    }

    @Test("malformed SPA files are typed errors", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
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

@Suite("Reproducing vendor spectra from their interferograms")
struct VendorReproductionTests {
    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let ma = Statistics.mean(a), mb = Statistics.mean(b)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb) }
        return sab / (saa * sbb).squareRoot()
    }

    /// On OPUS's own bins, with the file's own parameters (LWN, SSP 3, APF B3, ZFF 2, PHR 32).
    @Test("OPUS test.0000: ScSm and AB reproduced from IgSm/IgRf with the file's parameters", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func opus() throws {
        guard let p = TestData.shared("ftir/spectrochempy_data/irdata/OPUS/test.0000") else { return }
        let doc = try OPUSReader().read(p)
        let acq = try InterferogramAcquisition(opus: doc)
        #expect(acq.transform.apodization == .blackmanHarris3 && acq.transform.sampleSpacing == 3 && acq.background != nil)
        let sample = try acq.singleBeams().sample
        let stored = try doc.block("ScSm").spectrum
        var ours: [Double] = []
        for x in stored.x {
            let i = try #require(sample.x.indices.min { abs(sample.x[$0] - x) < abs(sample.x[$1] - x) })
            #expect(abs(sample.x[i] - x) < 1e-6) // the same bins, not an interpolation
            ours.append(sample.y[i])
        }
        let r = Self.correlation(ours, stored.y)
        print(String(format: "OPUS ScSm from IgSm: correlation %.6f", r))
        #expect(r >= 0.9999)
        // Absorbance from the two interferograms against the stored AB. Where absorption is total
        // (CO₂ near 2350 cm⁻¹) the sample single beam is at noise level and A is undefined by the
        // data: compare where OPUS's T > 3 % (A < 1.5), and never clip where OPUS sees a signal.
        let a = try acq.absorbance()
        let ab = try doc.block("AB").spectrum
        var diffs: [Double] = []
        for (x, v) in zip(ab.x, ab.y) {
            let i = a.x.indices.min { abs(a.x[$0] - x) < abs(a.x[$1] - x) }!
            #expect(abs(a.x[i] - x) < 1e-6)
            if v < 1.5 { diffs.append(abs(a.y[i] - v)) }
            if a.y[i] == 6 { #expect(v >= 1.5, "clipped at \(x) cm⁻¹ where OPUS has A = \(v)") }
        }
        let sorted = diffs.sorted()
        let median = Statistics.quantile(sorted: sorted, 0.5), p99 = Statistics.quantile(sorted: sorted, 0.99)
        print(String(format: "OPUS AB from IgSm/IgRf: median |ΔA| %.5f, 99th percentile %.4f over %d points with A < 1.5; %@ clipped", median, p99, diffs.count, a.metadata["clippedPoints"] ?? "?"))
        #expect(diffs.count > 2400 && median <= 0.002 && p99 <= 0.03)
    }

    @Test("OMNIC: acquisition settings come from the header; a file without a background says so", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func omnic() throws {
        guard let p = TestData.shared("ftir/spectrochempy_data/irdata/interferogram/interfero.SPA") else { return }
        let acq = try InterferogramAcquisition(omnic: try OMNICReader().read(p))
        #expect(acq.transform.fftSize == 16384 && acq.transform.sampleSpacing == 2 && acq.sampleGain == 8)
        let beams = try acq.singleBeams(); let (s, b) = (beams.sample, beams.background)
        #expect(b == nil && s.yKind == .singleBeam && s.xKind == .wavenumber)
        #expect(throws: InterferogramError.invalidParameter("no background: the file has none; pass one")) { try acq.absorbance() }
        // Against itself as background only the stored gains remain: A = −log10((S/8)/(S/1)) = log10 8.
        let a = try acq.absorbance(background: s)
        #expect(a.y.allSatisfy { abs($0 - Foundation.log10(8)) < 1e-12 || $0 == 6 })
    }

    /// Fuzzing found an SPA whose header gives an FFT size FFTW took minutes to plan (a 10 s timeout
    /// under libFuzzer). The size is now checked: the transform refuses it with a typed error at once.
    @Test("fuzz regression: an absurd stored FFT size is refused, not planned")
    func fuzzFFTSize() throws {
        let spa = try OMNICReader().read(TestData.local("fuzz-timeout-fftsize.spa"))
        let acq = try InterferogramAcquisition(omnic: spa)
        let size = try #require(acq.transform.fftSize)
        print("fuzz SPA: stored FFT size \(size)")
        let started = Date()
        do {
            _ = try acq.singleBeams()
            Issue.record("an FFT size of \(size) was accepted")
        } catch {
            #expect("\(error)".contains("FFT size"), "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(InterferogramTransform.isSmooth(16384) && InterferogramTransform.isSmooth(2 * 3 * 5 * 7 * 64) && !InterferogramTransform.isSmooth(16381))
    }
}
