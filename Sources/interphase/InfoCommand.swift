// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Interphase

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Identify a file (images, spectra, groups) and summarise what it holds, one entry per spectrum or group member.",
        discussion: "Spectra: points, first/last x, units, y range. Images: size, pages, bits, sample format, photometric, microscope tags."
    )

    @Argument(help: "The file to inspect.")
    var file: String

    @Option(name: .long, help: ArgumentHelp("Write JSON to PATH, or to standard output with '-'.", valueName: "PATH"))
    var json: String?

    @Flag(help: "Read truncated or inconsistent text files with warnings instead of refusing them.")
    var lenient = false

    func run() throws {
        let info = try FileInfo.inspect(path: file, lenient: lenient)
        guard let json else {
            print(info.text)
            return
        }
        try Output.write(try info.json() + Data("\n".utf8), to: json)
    }
}
