// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Interphase

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the available analyses on the bundled Spectra/ and Images/ and write PNG reports."
    )

    @Option(name: .long, help: "Directory for the figures and demo-summary.json.")
    var output: String = "demo-output"

    @Option(name: .long, help: "Directory holding Spectra/ and Images/ (default: the current directory, else the source checkout).")
    var data: String?

    func run() throws {
        let root = data ?? Self.defaultDataRoot()
        guard FileManager.default.fileExists(atPath: root + "/Spectra") || FileManager.default.fileExists(atPath: root + "/Images") else {
            throw CLIError(message: "\(root): no Spectra/ or Images/ folder; pass --data DIR", code: 3)
        }
        let summary = try DemoRunner(dataRoot: root, output: output).run { print($0) }
        print("wrote \(summary.figures.count) figures and demo-summary.json to \(output)")
    }

    static func defaultDataRoot() -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if FileManager.default.fileExists(atPath: cwd + "/Spectra") { return cwd }
        // Sources/interphase/DemoCommand.swift → package root
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return source.path
    }
}
