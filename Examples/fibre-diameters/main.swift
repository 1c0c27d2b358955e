// SPDX-License-Identifier: GPL-3.0-or-later
// Fibre diameters of an SEM micrograph, as `interphase sem fibers IMAGE` gives them: sub-pixel
// widths along the centre lines, with the threshold sweep's uncertainty, in µm when calibrated.
//
//   swift run -c release fibre-diameters mat.tif
import Foundation
import Interphase

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: fibre-diameters IMAGE\n".utf8))
    exit(2)
}
do {
    let output = try SEMFiberMeasurement().measure(path: CommandLine.arguments[1]).output
    struct Diameters: Encodable {
        var diameterPixels: ReportedStatistics, diameter: ReportedStatistics? // null when uncalibrated, as in the CLI
        enum CodingKeys: CodingKey { case diameterPixels, diameter }
        func encode(to e: Encoder) throws {
            var c = e.container(keyedBy: CodingKeys.self)
            try c.encode(diameterPixels, forKey: .diameterPixels)
            try c.encode(diameter, forKey: .diameter)
        }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let json = try encoder.encode(Diameters(diameterPixels: output.diameterPixels, diameter: output.diameter))
    print(String(decoding: json, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("fibre-diameters: \(error)\n".utf8))
    exit(1)
}
