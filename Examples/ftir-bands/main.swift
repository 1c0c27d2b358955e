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
    // The first spectrum the command takes (AB, else the first; a group's first member).
    let report = try FTIRBandMeasurement().measure(path: CommandLine.arguments[1])[0].report
    struct Bands: Encodable { var peaks: [FTIRPeaksReport.Band] }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(Bands(peaks: report.peaks)), as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("ftir-bands: \(error)\n".utf8))
    exit(1)
}
