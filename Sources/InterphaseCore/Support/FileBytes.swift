// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Errors from reading a file's bytes before any format is decoded.
public enum FileReadError: InterphaseError, Equatable {
    case cannotOpen(path: String, reason: String)
    case empty(path: String)

    public var category: ErrorCategory { .unreadableInput }
    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): "\(p): cannot open: \(r)"
        case .empty(let p): "\(p): the file is empty (0 bytes)"
        }
    }
}

/// Reads a whole file, failing with a typed error when it is missing, unreadable or empty.
///
///     let bytes = try readFileBytes("Spectra/IR.CSV")
public func readFileBytes(_ path: String, allowEmpty: Bool = false) throws(FileReadError) -> [UInt8] {
    let url = URL(fileURLWithPath: path)
    let data: Data
    do {
        data = try Data(contentsOf: url)
    } catch {
        let reason: String
        if !FileManager.default.fileExists(atPath: path) {
            reason = "no such file"
        } else {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            reason = isDir.boolValue ? "is a directory" : "permission denied or unreadable"
        }
        throw .cannotOpen(path: path, reason: reason)
    }
    if data.isEmpty && !allowEmpty { throw .empty(path: path) }
    return [UInt8](data)
}
