// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

/// Every fixture that stores raw interferograms beside the vendor's processed spectrum: the
/// vendor's spectrum is reproduced from the raw data with the file's own settings.
@Suite("Vendor spectra reproduced from the raw data of every fixture")
struct SelfConsistencyTests {
    static let opus = ["test.0000", "test.0001", "test.0002"].map { "ftir/spectrochempy_data/irdata/OPUS/" + $0 }
    static let carroucell = ["3-SILICA_0", "10-Z22-Si-S7_0", "12-Z25-S5_0"].map { "ftir/spectrochempy_data/irdata/carroucell/\($0).SPA" }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let ma = Statistics.mean(a), mb = Statistics.mean(b)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb) }
        return sab / (saa * sbb).squareRoot()
    }

    /// Values of `s` (a uniform grid) at the abscissae of `reference`, which must be its bins: no
    /// interpolation.
    static func onBins(_ s: Spectrum, of reference: Spectrum) throws -> [Double] {
        let step = s.x[1] - s.x[0]
        return try reference.x.map { x in
            let i = Int(((x - s.x[0]) / step).rounded())
            try #require(i >= 0 && i < s.count, "bin \(x) outside our grid")
            #expect(abs(s.x[i] - x) < 1e-3 * abs(step), "bin \(x) not on our grid")
            return s.y[i]
        }
    }

    @Test("OMNIC carroucell: the stored absorbance from the embedded interferograms and gains, median |ΔA| ≤ 0.001 where A < 3",
          .enabled(if: TestData.hasShared(carroucell[0])), arguments: carroucell)
    func carroucellAbsorbance(file: String) throws {
        let spa = try OMNICReader().read(TestData.sharedPath(file))
        let acq = try InterferogramAcquisition(omnic: spa)
        let ours = try Self.onBins(try acq.absorbance(), of: spa.spectrum)
        let d = zip(ours, spa.spectrum.y).filter { $0.1 < 3 }.map { abs($0.0 - $0.1) }.sorted()
        let median = Statistics.quantile(sorted: d, 0.5)
        print(String(format: "%@: median |ΔA| %.5f over %d points", file, median, d.count))
        #expect(d.count > 5000 && median <= 0.001)
    }

    @Test("OPUS test.0000–0002: AB from IgSm and IgRf, median |ΔA| ≤ 5e-4 over 600–4000 cm⁻¹ where A < 2 (clipped points excluded)",
          .enabled(if: TestData.hasShared(opus[0])), arguments: opus)
    func opusAbsorbance(file: String) throws {
        let doc = try OPUSReader().read(TestData.sharedPath(file))
        let acq = try InterferogramAcquisition(opus: doc)
        #expect(acq.layout == .single) // AQM = SN
        let ab = try doc.block("AB").spectrum
        let ours = try Self.onBins(try acq.absorbance(), of: ab)
        var d: [Double] = []
        for (i, x) in ab.x.enumerated() where x >= 600 && x <= 4000 && ab.y[i] < 2 && ab.y[i] < 6 && ours[i] < 6 { d.append(abs(ours[i] - ab.y[i])) }
        let median = Statistics.quantile(sorted: d.sorted(), 0.5)
        print(String(format: "%@: AB median |ΔA| %.6f over %d points", file, median, d.count))
        #expect(d.count > 2000 && median <= 5e-4)
        // And the single beam against the stored ScSm.
        let sc = try doc.block("ScSm").spectrum
        #expect(Self.correlation(try Self.onBins(try acq.singleBeams().sample, of: sc), sc.y) >= 0.9999)
    }

    /// No real forward/backward file is in the fixtures: the physics makes one. A backward scan is
    /// the forward scan run the other way; stored end to end after it, the pair must give the
    /// single beam of the forward scan alone, whereas one transform over both gives an
    /// interference pattern.
    @Test("forward/backward: test.0000's IgSm joined with its own reversal gives the single beam of IgSm (and OPUS's ScSm)",
          .enabled(if: TestData.hasShared(opus[0])))
    func forwardBackward() throws {
        var doc = try OPUSReader().read(TestData.sharedPath(Self.opus[0]))
        let single = try InterferogramAcquisition(opus: doc)
        let reference = try single.singleBeams().sample
        for name in ["IgSm", "IgRf"] {
            let k = try #require(doc.blocks.firstIndex { $0.name == name })
            var ig = doc.blocks[k].spectrum
            // An even length (a forward/backward block holds two scans of N points).
            let y = Array(ig.y.dropLast(ig.count % 2))
            ig = try Spectrum(name: name, x: (0..<(2 * y.count)).map(Double.init), y: y + y.reversed(), xKind: .dataPoint, xUnit: .dataPoint,
                              yKind: .interferogram, yUnit: ig.yUnit, metadata: ig.metadata, provenance: ig.provenance)
            doc.blocks[k].spectrum = ig
        }
        #expect(InterferogramAcquisition.hasTwoCentreBursts(doc.blocks.first { $0.name == "IgSm" }!.spectrum.y))
        #expect(!InterferogramAcquisition.hasTwoCentreBursts(Array(single.sample.y.dropLast())))
        // AQM says SN, so the layout comes from the data, and says so.
        let fb = try InterferogramAcquisition(opus: doc)
        #expect(fb.layout == .forwardBackward && fb.layoutNote?.contains("two centre bursts") == true)
        let joined = try fb.singleBeams().sample
        let r = Self.correlation(try Self.onBins(joined, of: reference), reference.y)
        print(String(format: "forward/backward vs single: correlation %.8f", r))
        #expect(r >= 0.99999)
        let sc = try doc.block("ScSm").spectrum
        #expect(Self.correlation(try Self.onBins(joined, of: sc), sc.y) >= 0.9999)
        // The failure this prevents: both scans transformed as one interferogram.
        var wrong = fb
        wrong.layout = .single
        let bad = try wrong.singleBeams().sample
        let rb = Self.correlation(try Self.onBins(bad, of: sc), sc.y)
        print(String(format: "forward/backward transformed as one: correlation %.4f", rb))
        #expect(rb < r - 1e-4, "one transform over both scans should be clearly worse")
    }
    // interfero.SPA → spectre.SPA (OMNIC's own single beam) is checked in InterferogramTests
    // (matchesOMNIC: correlation ≥ 0.9999, max error ≤ 1.5 % of the peak after one overall scale).
}
