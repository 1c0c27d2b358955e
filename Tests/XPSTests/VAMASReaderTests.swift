// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import XPS

/// Values from ../shared/fixtures/README.md (files from SpecsLab Prodigy, Kratos, PHI MultiPak, CasaXPS).
@Suite("VAMAS reader")
struct VAMASReaderTests {
    static func read(_ relative: String) throws -> VAMASReader.Document? {
        guard let p = TestData.shared("xps/" + relative) else { return nil }
        return try VAMASReader().read(p)
    }

    @Test("regular.vms (Prodigy → CasaXPS): KE axis, counts with dwell, transmission, BE = hν − KE", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func regular() throws {
        guard let d = try Self.read("pynxtools-xps/regular.vms") else { return }
        #expect(d.blocks.count == 1 && d.warnings.isEmpty)
        let b = d.blocks[0]
        #expect(b.photonEnergy == 1486.61 && b.spectrum.count == 1351 && b.spectrum.xKind == .kineticEnergy)
        #expect(b.spectrum.x[0] == 136.61 && abs(b.spectrum.x[1] - b.spectrum.x[0] - 1) < 1e-12)
        #expect(b.spectrum.y[0] == 1559.87 && b.dwell == 0.1 && b.spectrum.yKind == .counts)
        #expect(abs(try #require(try b.countsPerSecond()).y[0] - 15598.7) < 1e-9)
        #expect(b.transmission?.first == 78.8103 && b.transmission?.last == 23.5611)
        #expect(b.workFunction == 4.1082) // stored, never subtracted:
        let be = try b.spectrum.toBindingEnergy(photonEnergy: Energy(b.photonEnergy, .electronvolt))
        #expect(abs(be.x[0] - 1350) < 1e-9 && abs(be.x.last! - 0) < 1e-9)
    }

    @Test("irregular.vms: the abscissa is the first corresponding variable; the same survey in counts/s", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func irregular() throws {
        guard let d = try Self.read("pynxtools-xps/irregular.vms") else { return }
        let b = d.blocks[0]
        #expect(b.spectrum.count == 1351 && b.spectrum.x[0] == 136.61 && b.spectrum.y[0] == 15598.7)
        #expect(b.transmission != nil && b.spectrum.xKind == .kineticEnergy)
        #expect(b.additionalParameters["ESCAPE DEPTH TYPE"] == 1)
    }

    @Test("Kratos files: multiplex (3 blocks), survey (transmission), two leading blank lines", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func kratos() throws {
        if let d = try Self.read("cheminfo-vamas/multiplex.vms") {
            #expect(d.blocks.count == 3)
            let wide = try d.blocks[0].spectrum.toBindingEnergy(photonEnergy: Energy(d.blocks[0].photonEnergy, .electronvolt))
            #expect(wide.count == 1206 && abs(wide.x[0] - 1200) < 0.05 && abs(wide.x.last! + 5) < 0.05 && wide.y[0] == 65292)
        }
        if let d = try Self.read("cheminfo-vamas/survey.vms") {
            let s = d.blocks[0]
            #expect(d.blocks.count == 1 && s.spectrum.count == 1206 && s.spectrum.y[0] == 11672 && s.spectrum.yMax == 81848)
            #expect(abs(s.transmission!.first! - 12.1975) < 5e-5) // the README rounds 12.19746…
        }
        if let d = try Self.read("LG4X/0-150W.vms") {
            #expect(d.blocks.count == 5)
            let c1s = try #require(d.blocks.first { $0.species == "C" && $0.transition.hasPrefix("1s") })
            let be = try c1s.spectrum.toBindingEnergy(photonEnergy: Energy(c1s.photonEnergy, .electronvolt))
            #expect(be.count == 301 && abs(be.x[0] - 300) < 0.05 && abs(be.x.last! - 270) < 0.05 && be.y[0] == 1906)
        }
    }

    @Test("PHI MultiPak: NUL bytes in labels and a binding-energy abscissa with a negative step", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func multipak() throws {
        guard let d = try Self.read("LG4X/Mutlipak_vms.npl") else { return }
        #expect(d.blocks.count == 5)
        let c1s = try #require(d.blocks.first { $0.species == "C1" || $0.species == "C" || $0.spectrum.name.hasPrefix("C") })
        #expect(c1s.spectrum.xKind == .bindingEnergy && c1s.spectrum.count == 601)
        #expect(c1s.spectrum.x[0] == 305 && abs(c1s.spectrum.x.last! - 275) < 1e-9 && c1s.spectrum.y[0] == 2047.5 && c1s.spectrum.yMax == 6265)
        #expect(!c1s.transition.contains("\0"))
    }

    @Test("ARXPS.vms (MAP mode): 15 blocks of 201 points, the angle carried as an experimental variable", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func arxps() throws {
        guard let d = try Self.read("cheminfo-vamas/ARXPS.vms") else { return }
        #expect(d.blocks.count == 15 && d.blocks.allSatisfy { $0.spectrum.count == 201 })
        #expect(d.blocks[0].experimentalVariables.count == 4)
        // The take-off angle is one of the variables and varies between blocks.
        let varying = (0..<4).filter { k in Set(d.blocks.map { $0.experimentalVariables[k].value }).count > 1 }
        #expect(!varying.isEmpty)
    }

    @Test("the signature is recognised with CRLF, LF and leading blank lines")
    func signature() {
        let m = VAMASReader.magic
        #expect(VAMASReader.hasSignature(Array((m + "\r\nx\r\n").utf8)) && VAMASReader.hasSignature(Array(("\r\n\n" + m + "\n").utf8)))
        #expect(!VAMASReader.hasSignature(Array("x,y\n1,2\n".utf8)))
    }

    @Test("malformed VAMAS files: wrong header, truncation and bad numbers name the line", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func malformed() throws {
        #expect(throws: VAMASError.notVAMAS(path: "x", line: 1)) { try VAMASReader().parse(Array("hello\n".utf8), path: "x") }
        guard let p = TestData.shared("xps/pynxtools-xps/regular.vms") else { return }
        let text = try String(contentsOfFile: p, encoding: .utf8)
        // Split on every newline kind: in Swift "\r\n" is one Character, so splitting on "\n" alone would not.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        #expect(lines.count > 2000)
        #expect(throws: VAMASError.self) { try VAMASReader().parse(Array(lines.prefix(70).joined(separator: "\n").utf8), path: "cut.vms") }
        var bad = lines
        bad[49] = "abc" // the photon energy (line 50)
        #expect(throws: VAMASError.badValue(path: "bad.vms", line: 50, expected: "the source energy", found: "abc")) {
            try VAMASReader().parse(Array(bad.joined(separator: "\n").utf8), path: "bad.vms")
        }
        let noEnd = lines.filter { !$0.hasPrefix("end of experiment") }.joined(separator: "\n")
        #expect(try VAMASReader().parse(Array(noEnd.utf8), path: "n.vms").warnings.contains { $0.contains("end of experiment") })
    }
}
