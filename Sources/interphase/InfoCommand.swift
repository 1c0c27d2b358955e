// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Interphase

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Identify a file (PNG, TIFF, CSV/TSV spectra) and summarise what it holds.",
        discussion: "Spectra: points, first/last x, units, y range. Images: size, pages, bits, sample format, photometric, microscope tags."
    )

    @Argument(help: "The file to inspect.")
    var file: String

    @Option(name: .long, help: ArgumentHelp("Write JSON to PATH, or to standard output with '-'.", valueName: "PATH"))
    var json: String?

    func run() throws {
        let info = try FileInfo.inspect(path: file)
        guard let json else {
            print(info.text)
            return
        }
        try Output.write(try info.json() + Data("\n".utf8), to: json)
    }
}
