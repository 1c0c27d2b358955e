// SPDX-License-Identifier: GPL-3.0-or-later
// The bands of an FTIR spectrum, as `interphase ftir peaks FILE` gives them: baseline, band
// finding, pseudo-Voigt fits and assignments with the command's defaults.
//
//   swift run -c release ftir-bands film.spa
import Foundation
import Interphase

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: ftir-bands FILE\n".utf8))
    exit(2)
}
do {
    let path = CommandLine.arguments[1]
    let spectrum = try SpectrumFile(path: path).spectrum(named: nil)
    let report = FTIRPeaksReport(file: path, result: try BandAnalysis().run(spectrum))
    struct Bands: Encodable { var peaks: [FTIRPeaksReport.Band] }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(Bands(peaks: report.peaks)), as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("ftir-bands: \(error)\n".utf8))
    exit(1)
}
