// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Where command output goes: a path, or standard output for "-".
enum Output {
    static func write(_ data: Data, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw CLIError(message: "\(path): cannot write: \(error.localizedDescription)", code: 1)
        }
    }

    static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    /// Pretty-printed JSON with sorted keys and a final newline.
    static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try write(try e.encode(value) + Data("\n".utf8), to: path)
    }
}
