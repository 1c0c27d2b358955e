// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Interphase

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a spectrum (OPUS, OMNIC, SPC, JCAMP-DX, CSV) to CSV or JCAMP-DX.",
        discussion: "Numbers are written in shortest round-trip form: reading the output back gives the same values."
    )

    @Argument(help: "The spectrum file.")
    var file: String

    @Option(help: "Block or spectrum: a name (OPUS: AB, ScSm, ScRf, IgSm, ...; JCAMP-DX: the block title; a group member's title) or a number from 1 (group members first). Default: AB, else the first.")
    var block: String?

    @Flag(help: "Read truncated or inconsistent text files with warnings instead of refusing them.")
    var lenient = false

    @Option(help: "Output format.")
    var to: SpectrumTextFormat

    @Option(help: "Output path ('-' for standard output).")
    var output: String

    func run() throws {
        let spectrum = try SpectrumFile(path: file, lenient: lenient).singleSpectrum(named: block)
        let text = to == .csv ? SpectrumWriter.csv(spectrum) : SpectrumWriter.jcamp(spectrum)
        try Output.write(text, to: output)
    }
}
