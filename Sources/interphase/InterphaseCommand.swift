// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Interphase

/// `interphase`: the command-line front end. Parses arguments, calls the library, writes JSON and
/// figures. Exit codes: 0 ok, 1 analysis failed, 2 usage, 3 unreadable input.
struct InterphaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interphase",
        abstract: "FTIR, XPS and SEM analysis for battery-interface research.",
        discussion: "Exit codes: 0 ok, 1 analysis failed, 2 usage error, 3 unreadable input.",
        version: InterphaseVersion.current,
        subcommands: [InfoCommand.self, ConvertCommand.self, FTIRCommand.self, XPSCommand.self, SEMCommand.self, BatchCommand.self, DemoCommand.self]
    )
}

@main
enum Entry {
    static func main() {
        Parallelism.limitMallocArenas()
        do {
            var command = try InterphaseCommand.parseAsRoot()
            try command.run()
        } catch let error as any InterphaseError {
            fail(error.description + (hint(for: error).map { " (\($0))" } ?? ""), code: code(for: error.category))
        } catch let error as CLIError {
            fail(error.message, code: error.code)
        } catch {
            let exit = InterphaseCommand.exitCode(for: error)
            let message = InterphaseCommand.fullMessage(for: error)
            if exit == .success {
                print(message)
                Foundation.exit(0)
            }
            if error is DecodingError || error is EncodingError || (error as NSError).domain == NSCocoaErrorDomain {
                fail(message, code: 1)
            }
            // ArgumentParser's usage errors (exit 64) become exit 2.
            fail(message, code: exit == .validationFailure ? 2 : exit.rawValue)
        }
    }

    /// The options that answer a library error: the library describes the problem in its own
    /// terms, the command line names its flags.
    static func hint(for error: any InterphaseError) -> String? {
        if let e = error as? FileError { return hint(for: e.underlying) }
        return switch error {
        case XPSError.severalRegions: "--block N or --region NAME"
        case XPSError.notACasaExport: "--compare-casa reads CasaXPS CSV exports only"
        case JCAMPError.truncated: "--lenient reads it with warnings"
        case let e as InterferogramError where e.description.contains("no laser wavenumber"): "--laser WAVENUMBER"
        case let e as SEMError where e.description.contains("data bar of"): "--databar ROWS"
        case let e as SEMError where e.description.contains("darker than"): "--threshold LEVEL, --threshold-method, --dark-fibres or --dark-solid"
        default: nil
        }
    }

    static func code(for category: ErrorCategory) -> Int32 {
        switch category {
        case .unreadableInput: 3
        case .analysisFailed: 1
        case .invalidRequest: 2
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data(("interphase: " + message + "\n").utf8))
        Foundation.exit(code)
    }
}

/// An error raised by the CLI itself, with its exit code.
struct CLIError: Error {
    var message: String
    var code: Int32
}

