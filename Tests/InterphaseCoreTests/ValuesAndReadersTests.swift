// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import InterphaseCore

@Suite("Values, units and the delimited-text reader")
struct ValuesAndReadersTests {
    @Test("quantities convert between units of one dimension")
    func units() {
        #expect(abs(Length(9.766, .nanometre).value(in: .micrometre) - 0.009766) < 1e-15)
        #expect(abs(Length(1.6, .micrometre) / Length(9.766, .nanometre) - 163.83370878558263) < 1e-9)
        // HeNe laser: 632.8 nm is 15802.78 cm⁻¹ (the OMNIC/OPUS laser wavenumber convention).
        #expect(abs(Wavenumber(wavelength: Length(632.8, .nanometre)).value(in: .reciprocalCentimetre) - 15802.781289506953) < 1e-8)
        #expect(abs(Energy.bindingEnergy(photon: Energy(1486.61, .electronvolt), kinetic: Energy(801.51, .electronvolt)).value(in: .electronvolt) - 685.1) < 1e-12)
        #expect(abs(Energy(1, .joule).value(in: .electronvolt) - 6.241509074460763e18) < 1e4)
    }

    @Test("a spectrum validates its axis and records every step")
    func spectrum() throws {
        #expect(throws: SpectrumError.lengthMismatch(x: 2, y: 1)) { try Spectrum(name: "a", x: [1, 2], y: [1], xKind: .wavenumber, yKind: .absorbance) }
        #expect(throws: SpectrumError.notMonotonic(index: 2)) { try Spectrum(name: "a", x: [1, 2, 2], y: [1, 1, 1], xKind: .wavenumber, yKind: .absorbance) }
        #expect(throws: SpectrumError.nonFiniteValue(axis: "y", index: 1)) { try Spectrum(name: "a", x: [1, 2], y: [1, .nan], xKind: .wavenumber, yKind: .absorbance) }
        #expect(throws: SpectrumError.unitNotAllowed(kind: "wavenumber", unit: "eV")) { try Spectrum(name: "a", x: [1, 2], y: [1, 2], xKind: .wavenumber, xUnit: .electronvolt, yKind: .absorbance) }
        let ke = try Spectrum(name: "F 1s", x: [795.0, 800, 805], y: [10, 20, 15], xKind: .kineticEnergy, yKind: .counts)
        let be = try ke.toBindingEnergy(photonEnergy: Energy(1486.61, .electronvolt))
        #expect(be.xKind == .bindingEnergy && abs(be.x[0] - 691.61) < 1e-9 && !be.isAscending)
        #expect(be.provenance.last?.name == "bindingEnergy")
        #expect(throws: SpectrumError.wrongAxis(expected: .kineticEnergy, found: .bindingEnergy)) { try be.toBindingEnergy(photonEnergy: Energy(1486.61, .electronvolt)) }
        let t = try Spectrum(name: "T", x: [1, 2], y: [50, 25], xKind: .wavenumber, yKind: .transmittance, yUnit: .percent)
        #expect(try t.transmittance(in: .fraction).y == [0.5, 0.25])
    }

    @Test("IR.CSV (spectrochempy, 3-digit exponents) reads to its documented rows", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func irCSV() throws {
        guard let p = TestData.shared("ftir/spectrochempy_data/irdata/IR.CSV") else { return }
        let s = try DelimitedSpectrumReader().read(p)
        #expect(s.count == 1 && s[0].count == 3736)
        #expect(s[0].x[0] == 399.1926 && s[0].y[0] == -0.09079)
        #expect(s[0].x.last == 4000.605)
    }

    @Test("comma decimals, semicolons, tabs, headers and several y columns")
    func formats() throws {
        let semicolon = try DelimitedSpectrumReader().parse(Array("Wavenumber (cm-1);Absorbance\n1800,5;0,125\n1799,5;0,25\n".utf8))
        #expect(semicolon[0].x == [1800.5, 1799.5] && semicolon[0].y == [0.125, 0.25] && semicolon[0].xKind == .wavenumber)
        #expect(semicolon[0].name == "Absorbance")
        let tabs = try DelimitedSpectrumReader().parse(Array("x\tA\tB\n1\t2\t3\n2\t4\t6\n3\t5\t7\n".utf8))
        #expect(tabs.count == 2 && tabs[1].name == "B" && tabs[1].y == [3, 6, 7])
        let ws = try DelimitedSpectrumReader().parse(Array("# Binding Energy (eV)  counts\r\n 690.0   12\r\n 689.9 15\r\n".utf8))
        #expect(ws[0].xKind == .bindingEnergy && ws[0].y == [12, 15])
        // Whitespace-separated with decimal commas (a common European export).
        let eu = try DelimitedSpectrumReader().parse(Array("Wellenzahl  Extinktion\n1234,5  0,87\n1233,5\t0,91\n".utf8))
        #expect(eu[0].x == [1234.5, 1233.5] && eu[0].y == [0.87, 0.91])
        // Comma-separated with a decimal point and an exponent, the IR.CSV layout.
        let ir = try DelimitedSpectrumReader().parse(Array("3.991926e+002,-9.079000e-002\n4.001568e+002,3.546560e+000\n".utf8))
        #expect(ir[0].x == [399.1926, 400.1568] && ir[0].y == [-0.09079, 3.54656])
    }

    @Test("text that is not numbers, ragged rows and binary files are typed errors with the line")
    func badText() {
        #expect(throws: DelimitedTextError.notNumeric(path: "f", line: 3, column: 2, text: "abc")) {
            try DelimitedSpectrumReader().parse(Array("x,y\n1,2\n2,abc\n".utf8), path: "f")
        }
        #expect(throws: DelimitedTextError.columnCount(path: "f", line: 3, expected: 2, found: 3)) {
            try DelimitedSpectrumReader().parse(Array("1,2\n2,3\n3,4,5\n".utf8), path: "f")
        }
        #expect(throws: DelimitedTextError.noData(path: "f", lines: 3, lastText: 2, text: "and more")) { try DelimitedSpectrumReader().parse(Array("just words\nand more\n".utf8), path: "f") }
        #expect(throws: DelimitedTextError.notText(path: "f", byte: 2)) { try DelimitedSpectrumReader().parse([0x31, 0x2C, 0x00, 0x01], path: "f") }
        #expect(throws: DelimitedTextError.invalidSpectrum(path: "f", line: 3, reason: "x is not strictly monotonic at index 2")) {
            try DelimitedSpectrumReader().parse(Array("1,2\n2,3\n2,4\n".utf8), path: "f")
        }
        #expect(throws: DelimitedTextError.tooFewColumns(path: "f", line: 1, found: 1)) { try DelimitedSpectrumReader().parse(Array("1\n2\n".utf8), path: "f") }
    }

    @Test("histogram bins and summary statistics")
    func histogram() throws {
        let h = try Histogram([0, 0.5, 1, 1.5, 2, 2.5, 3, 10], binCount: 4, range: 0...4)
        #expect(h.edges == [0, 1, 2, 3, 4] && h.counts == [2, 2, 2, 1])
        #expect(h.centers == [0.5, 1.5, 2.5, 3.5])
        #expect(Statistics.median([3, 1, 2, 10]) == 2.5)
        #expect(abs(Statistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) - 2.138089935299395) < 1e-12)
        // numpy.quantile([1,2,3,4], 0.25) = 1.75 (linear method)
        #expect(Statistics.quantile(sorted: [1, 2, 3, 4], 0.25) == 1.75)
        #expect(throws: SignalError.self) { try Histogram([Double.nan]) }
    }
}
