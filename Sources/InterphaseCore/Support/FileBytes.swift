// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Errors from reading a file's bytes before any format is decoded.
public enum FileReadError: InterphaseError, Equatable {
    /// The file could not be opened or read (the reason is the system's).
    case cannotOpen(path: String, reason: String)
    /// The file holds no bytes.
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
    // A regular file is read straight into the array (one copy, no Data in between).
    if let bytes = readRegularFile(path) {
        if bytes.isEmpty && !allowEmpty { throw .empty(path: path) }
        return bytes
    }
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

/// The bytes of a regular file, or nil when it cannot be opened or is not a regular file (the
/// caller then takes the general route, which also names the reason).
private func readRegularFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
    let size = Int(st.st_size)
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        HugePages.advise(buffer)
        count = 0
        while count < size {
            let n = read(fd, buffer.baseAddress! + count, size - count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { failed = n < 0; break }
            count += n
        }
    }
    return failed ? nil : bytes
}
