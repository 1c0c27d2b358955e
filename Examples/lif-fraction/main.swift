// SPDX-License-Identifier: GPL-3.0-or-later
// The LiF fraction of an F 1s spectrum, as `interphase xps fit FILE --preset f1s-sei` gives it:
// the same library entry point with the same defaults (model-averaged interval included).
//
//   swift run -c release lif-fraction f1s.vms
import Foundation
import Interphase

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: lif-fraction FILE\n".utf8))
    exit(2)
}
do {
    var task = XPSCoreLevelFit()
    task.preset = .f1sSEI
    let result = try task.fit(XPSFile(path: CommandLine.arguments[1])).result
    struct Output: Encodable { var lifFraction: XPSFitResult.Fraction? }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(Output(lifFraction: result.lifFraction)), as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("lif-fraction: \(error)\n".utf8))
    exit(1)
}
