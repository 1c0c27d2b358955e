// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import XPS

/// CasaXPS CSV exports with the analyst's own fit (ionic liquids on Au; fixtures README).
@Suite("CasaXPS CSV exports")
struct CasaCSVTests {
    static let dir = "xps/il_pitfalls/"
    static let files = ["20240220_Au_MPPipTFSI4AMSIol3_C_1s.csv", "20240220_Au_MPPipTFSI4AMSIol3_N_1s.csv", "20240220_Au_MPPipTFSI4AMSIol3_S_2p.csv",
                        "20240228_Au_MPPipTFSIIol3_Au_4f.csv", "20240228_Au_MPPipTFSIIol3_N_1s.csv", "20240228_Au_MPPipTFSIIol3_S_2p.csv"]

    static func export(_ name: String) throws -> CasaCSVExport {
        let path = TestData.sharedPath(dir + name)
        return try CasaCSVExport.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
    }

    @Test("each export is recognised, its measured column is the one region, and its components add up to the analyst's envelope",
          .enabled(if: TestData.hasShared(dir + files[0])), arguments: files)
    func readsExport(name: String) throws {
        let path = TestData.sharedPath(Self.dir + name)
        let file = try XPSFile(path: path)
        #expect(file.format == "CasaXPS CSV" && file.regions.count == 1)
        let e = try #require(file.casaExport)
        #expect(e.photonEnergy == 1486.6 && e.acquisitionTime != nil)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(file.regions[0].count == lines.filter { $0.first?.isNumber == true }.count)
        #expect(file.regions[0].name == e.regionName && file.regions[0].intensity == e.measured)
        // The analyst's envelope is the background plus every component: the export is read column
        // by column correctly. CasaXPS writes six significant digits: each value carries up to half
        // a unit in its sixth digit.
        func halfUnit(_ v: Double) -> Double { v == 0 ? 0 : 0.5 * Foundation.pow(10, Foundation.floor(Foundation.log10(abs(v))) - 5) }
        for i in e.bindingEnergy.indices {
            let sum = e.componentCurves.reduce(e.background[i]) { $0 + ($1.values[i] - e.background[i]) }
            let tolerance = halfUnit(e.envelope[i]) + Double(e.componentCurves.count) * halfUnit(e.background[i])
                + e.componentCurves.reduce(0) { $0 + halfUnit($1.values[i]) } + 1e-9
            #expect(abs(sum - e.envelope[i]) <= tolerance, "\(name) channel \(i): \(sum) vs \(e.envelope[i])")
        }
        #expect(abs(e.components.reduce(0) { $0 + $1.fraction } - 1) < 1e-12)
    }

    /// Spin–orbit doublets constrained by the analyst: S 2p 2:1 split 1.18 eV, Au 4f 4:3 split 3.67 eV
    /// (Moulder et al., Handbook of X-ray Photoelectron Spectroscopy, 1992). The components measured
    /// from the exported curves must show them.
    @Test("doublets measured from the curves: S 2p 2:1 and 1.18 eV, Au 4f 4:3 and 3.67 eV",
          .enabled(if: TestData.hasShared(dir + files[2])))
    func doublets() throws {
        let s = try Self.export(Self.files[2]).components
        #expect(abs(s[0].fraction - 2.0 / 3) < 0.002 && abs(s[1].center - s[0].center - 1.18) < 0.02)
        #expect(abs(s[0].fwhm - s[1].fwhm) < 0.02)
        let au = try Self.export(Self.files[3]).components
        #expect(abs(au[0].fraction - 4.0 / 7) < 0.002 && abs(au[1].center - au[0].center - 3.67) < 0.02)
        let s2 = try Self.export(Self.files[5]).components
        #expect(s2.count == 4 && abs(s2[0].areaInWindow / s2[1].areaInWindow - 2) < 0.01 && abs(s2[2].areaInWindow / s2[3].areaInWindow - 2) < 0.01)
    }

    @Test("malformed exports are refused with the line")
    func malformed() {
        let text = "Characteristic Energy eV,1486.6,Acquisition Time s,2\nBE_X 1,CPS_X 1,A_X 1,Background_X 1,Envelope_X 1\n10,1,1,1,1\n9,1,x,1,1\n"
        #expect(CasaCSVExport.hasSignature(Array(text.utf8)))
        do {
            _ = try CasaCSVExport.parse(Array(text.utf8), path: "bad.csv")
            Issue.record("accepted")
        } catch {
            #expect(error == .malformed(path: "bad.csv", at: .line(4), reason: "expected 5 numbers, found '9,1,x,1,1'"))
        }
        #expect(!CasaCSVExport.hasSignature(Array("BE,Counts\n1,2\n".utf8)))
    }
}

@Suite("Components and doublets from text")
struct XPSModelTextTests {
    @Test("doublets: ratio as 2:1 / 3:2 / 4:3 or a number, j labels, linked partner; bad text refused")
    func doublets() throws {
        let d = try #require(XPSModelText.doublet("S2p=168.3,1.18,2:1")); let (a, b) = (d.main, d.partner)
        #expect(a.name == "S2p3/2" && b.name == "S2p1/2" && b.center == 168.3 + 1.18)
        #expect(b.areaLink == XPSComponent.Link("S2p3/2", 0.5) && b.centerLink == XPSComponent.Link("S2p3/2", 1.18) && b.fwhmLink == XPSComponent.Link("S2p3/2", 1))
        #expect(XPSModelText.doublet("Au4f=84,3.67,4:3")?.partner.areaLink?.value == 0.75 && XPSModelText.doublet("Au4f=84,3.67,4:3")?.main.name == "Au4f7/2")
        #expect(XPSModelText.doublet("Cu2p=932.6,19.8,0.5,1.2,GL(30)")?.main.name == "Cu2p3/2")
        #expect(XPSModelText.doublet("Mo3d=229,3.13,3:2")?.partner.name == "Mo3d3/2")
        for bad in ["S2p=168.3,1.18", "S2p=168.3,x,2:1", "=168,1,2:1", "S2p=168,1,2:0", "S2p=168,1,2:1,-1", "S2p=168,1,2:1,1,GL(x"] {
            #expect(XPSModelText.doublet(bad) == nil, "\(bad)")
        }
        #expect(XPSModelText.component("LiF=685,1.6,GL(30)")?.fwhm == 1.6 && XPSModelText.component("LiF=abc") == nil)
    }

    @Test("a doublet refit of the analyst's S 2p export gives the analyst's centres and 2:1 fractions",
          .enabled(if: TestData.hasShared(CasaCSVTests.dir + CasaCSVTests.files[2])))
    func refitDoublet() throws {
        let file = try XPSFile(path: TestData.sharedPath(CasaCSVTests.dir + CasaCSVTests.files[2]))
        let d = try #require(XPSModelText.doublet("S2p=168.3,1.18,2:1")); let (a, b) = (d.main, d.partner)
        let fit = try XPSFitter().fit(file.regions[0], components: [a, b])
        let cmp = CasaComparison.compare(try #require(file.casaExport), with: fit.components)
        for c in cmp {
            #expect(abs(c.analystCenter - c.refitCenter!) < 0.02 && abs(c.analystFraction - c.refitFraction!) < 0.002, "\(c)")
        }
    }
}

@Suite("Presets on the analysts' own fits")
struct PresetOnExportTests {
    static func fitWithPreset(_ file: String) throws -> (fit: XPSFitResult, comparison: [CasaComparison]) {
        let doc = try XPSFile(path: TestData.sharedPath(CasaCSVTests.dir + file))
        let region = doc.regions[0]
        let lo = region.bindingEnergy.first!, hi = region.bindingEnergy.last!
        let preset = try #require(XPSPreset.all.first { $0.window.overlaps(lo...hi) && hi - lo < 3 * ($0.window.upperBound - $0.window.lowerBound) })
        var options = XPSFitOptions()
        options.selectComponents = true
        let fit = try XPSFitter(options: options).fit(try preset.crop(region), components: preset.components)
        return (fit, CasaComparison.compare(try #require(doc.casaExport), with: fit.components))
    }

    @Test("au4f, s2p, n1s and c1s presets find the analyst's components (centres, fractions); doublets stay whole",
          .enabled(if: TestData.hasShared(CasaCSVTests.dir + CasaCSVTests.files[0])))
    func presets() throws {
        // (file, centre tolerance eV, fraction tolerance)
        let cases: [(Int, Double, Double)] = [(3, 0.02, 0.002), (2, 0.02, 0.002), (4, 0.05, 0.02), (0, 0.06, 0.05)]
        for (k, dc, df) in cases {
            let (fit, cmp) = try Self.fitWithPreset(CasaCSVTests.files[k])
            for c in cmp {
                let rc = try #require(c.refitCenter, "\(CasaCSVTests.files[k]): \(c.analyst) unmatched")
                #expect(abs(c.analystCenter - rc) <= dc && abs(c.analystFraction - c.refitFraction!) <= df,
                        "\(CasaCSVTests.files[k]) \(c.analyst): \(c.analystCenter)/\(rc), \(c.analystFraction)/\(c.refitFraction!)")
            }
            // Every kept spin–orbit line has its partner.
            let names = Set(fit.components.map(\.name))
            for n in names where n.hasSuffix("3/2") || n.hasSuffix("7/2") {
                let partner = n.hasSuffix("3/2") ? String(n.dropLast(3)) + "1/2" : String(n.dropLast(3)) + "5/2"
                #expect(names.contains(partner), "\(n) kept without \(partner)")
            }
        }
        // The fourth S 2p export's weak doublet near 162 eV: kept whole by the selection.
        let (fit, _) = try Self.fitWithPreset(CasaCSVTests.files[5])
        #expect(fit.components.contains { $0.name == "S-R 3/2" } == fit.components.contains { $0.name == "S-R 1/2" })
    }
}

@Suite("Quantification from regions")
struct RegionQuantificationTests {
    /// A region with one GL(30) line of `area` at `centre` on a Shirley-type background (flat
    /// plus 5 % of the peak area accumulated from the low-binding-energy end), Poisson counts.
    static func region(_ name: String, centre: Double, area: Double, seed: UInt64) throws -> XPSRegion {
        var rng = SplitMix64(seed: seed)
        let e = stride(from: centre - 8, through: centre + 8, by: 0.05).map { $0 }
        let height = area / (1.5 * SyntheticF1s.unitArea)
        var cumulative = 0.0, previous = 0.0
        var y: [Double] = []
        for (i, x) in e.enumerated() {
            let peak = height * SyntheticF1s.gl(x, centre, 1.5)
            if i > 0 { cumulative += 0.5 * (peak + previous) * 0.05 }
            previous = peak
            y.append(rng.poisson(peak + 200 + 0.05 * cumulative))
        }
        return try XPSRegion(name: name, bindingEnergy: e, intensity: y, intensityKind: .counts, countsPerUnit: 1, photonEnergy: 1486.6, source: name)
    }

    @Test("C 1s and F 1s of a known C:F = 1:2 give 33.3 and 66.7 at.% within 1 at.%; KE^x changes them as the formula says")
    func knownComposition() throws {
        // Peak areas ∝ n × RSF (preset RSFs: C 0.278, F 1.0).
        let scale = 60_000.0
        let c = try Self.region("C 1s", centre: 290.8, area: scale * 1 * 0.278, seed: 1)
        let f = try Self.region("F 1s", centre: 688.6, area: scale * 2 * 1.0, seed: 2)
        let q = try RegionQuantification().quantify([c, f])
        #expect(q.map(\.element) == ["C", "F"])
        #expect(abs(q[0].atomicPercent - 100.0 / 3) < 1.0 && abs(q[1].atomicPercent - 200.0 / 3) < 1.0, "\(q.map(\.atomicPercent)) ± \(q.map { $0.atomicPercentError ?? .nan })")
        let e = try #require(q[0].atomicPercentError)
        // The error is counting statistics only (0.05 at.% here); the area-above-Shirley method itself
        // is off by about 0.5 at.% on these lines (tails beyond the ±8 eV window, end-point levels).
        #expect(e > 0 && e < 0.2, "\(q[0].atomicPercent) ± \(e)")
        // With KE^0.7: corrected C/F ratio scales by (KE_F/KE_C)^0.7.
        var mfp = RegionQuantification()
        mfp.mfpExponent = 0.7
        let q2 = try mfp.quantify([c, f])
        let r1 = q[0].atomicPercent / q[1].atomicPercent, r2 = q2[0].atomicPercent / q2[1].atomicPercent
        let keC = try #require(q[0].kineticEnergy), keF = try #require(q[1].kineticEnergy)
        #expect(abs(r2 / r1 - Foundation.pow(keF / keC, 0.7)) < 1e-9)
        #expect(abs(keC - (1486.6 - 290.8)) < 0.2 && abs(keF - (1486.6 - 688.6)) < 0.2)
        // A user RSF overrides the preset's.
        var user = RegionQuantification()
        user.sensitivityFactors = ["F": 2.0]
        #expect(abs(try user.quantify([c, f])[0].atomicPercent - 50) < 1.0)
    }

    @Test("element symbols from region names; unknown names and lone regions are refused")
    func elements() throws {
        #expect(RegionQuantification.element(of: "F 1s") == "F" && RegionQuantification.element(of: "Au4f") == "Au"
                && RegionQuantification.element(of: "O 1s 2") == "O" && RegionQuantification.element(of: "wide") == nil
                && RegionQuantification.element(of: "Cu_3p") == nil)
        let c = try Self.region("C 1s", centre: 285, area: 1000, seed: 3)
        #expect(throws: XPSError.self) { try RegionQuantification().quantify([c]) }
        let x = try Self.region("Xq 1s", centre: 285, area: 1000, seed: 4)
        #expect(throws: XPSError.self) { try RegionQuantification().quantify([c, x]) }
    }
}

@Suite("Links from text")
struct XPSLinkTextTests {
    @Test("links parse as CasaXPS writes them; bad links are refused")
    func links() throws {
        #expect(XPSModelText.link("B.fwhm=A.fwhm") == .init(target: "B", parameter: .fwhm, source: "A", value: 1))
        #expect(XPSModelText.link("B.area = 0.5*A.area") == .init(target: "B", parameter: .area, source: "A", value: 0.5))
        #expect(XPSModelText.link("S2p1/2.center=S2p3/2.center+1.18") == .init(target: "S2p1/2", parameter: .center, source: "S2p3/2", value: 1.18))
        #expect(XPSModelText.link("B.center=A.center-0.3")?.value == -0.3)
        for bad in ["B.fwhm=A.area", "B.width=A.width", "B.area=-1*A.area", "B.center=A.center+x", ".fwhm=A.fwhm", "B.fwhm=.fwhm"] {
            #expect(XPSModelText.link(bad) == nil, "\(bad)")
        }
        let a = try #require(XPSModelText.component("A=168.3,1.2")), b = try #require(XPSModelText.component("B=169.5,1.2"))
        #expect(throws: XPSError.self) { try XPSModelText.apply([XPSModelText.link("C.fwhm=A.fwhm")!], to: [a, b]) }
        #expect(throws: XPSError.self) { try XPSModelText.apply([XPSModelText.link("B.fwhm=B.fwhm")!], to: [a, b]) }
    }

    @Test("links give the same fit as the equivalent doublet on the analyst's S 2p export",
          .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func linksEqualDoublet() throws {
        let a = try #require(XPSModelText.component("A=168.3,1.2")), b = try #require(XPSModelText.component("B=169.5,1.2"))
        let file = try XPSFile(path: TestData.sharedPath(CasaCSVTests.dir + CasaCSVTests.files[2]))
        let linked = try XPSModelText.apply(["B.fwhm=A.fwhm", "B.area=0.5*A.area", "B.center=A.center+1.18"].compactMap(XPSModelText.link), to: [a, b])
        let d = try #require(XPSModelText.doublet("S=168.3,1.18,2:1,1.2")); let (p, q) = (d.main, d.partner)
        let viaLinks = try XPSFitter().fit(file.regions[0], components: linked), viaDoublet = try XPSFitter().fit(file.regions[0], components: [p, q])
        for (x, y) in zip(viaLinks.components, viaDoublet.components) {
            #expect(abs(x.center - y.center) < 1e-6 && abs(x.area - y.area) < 1e-6 * y.area && abs(x.fwhm - y.fwhm) < 1e-6)
        }
    }
}
