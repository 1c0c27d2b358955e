// SPDX-License-Identifier: GPL-3.0-or-later
// The C ABI's result: an opaque handle that owns the records (a pickle), the named arrays and what
// a figure needs. Python (ctypes) reads it through the `ip_*` accessors and frees it with `ip_free`:
// memory Swift allocates is freed by Swift.
import Foundation
import Interphase

/// One named array of a result: float64, uint8 or float32 samples in C order with their shape.
struct ResultArray {
    enum DType: Int32 { case float64 = 0, uint8 = 1, float32 = 2 }
    var name: UnsafeMutablePointer<CChar>
    var dtype: DType
    var shape: [Int]
    var data: UnsafeMutableRawPointer
    var bytes: Int

    init<T>(_ name: String, _ values: [T], shape: [Int]? = nil, dtype: DType) {
        precondition(values.count == (shape ?? [values.count]).reduce(1, *), "ResultArray: \(name) does not fill its shape")
        self.name = strdup(name)!
        self.dtype = dtype
        self.shape = shape ?? [values.count]
        bytes = max(1, values.count * MemoryLayout<T>.stride)
        data = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
        values.withUnsafeBytes { src in if let base = src.baseAddress { data.copyMemory(from: base, byteCount: src.count) } }
    }

    static func doubles(_ name: String, _ values: [Double], shape: [Int]? = nil) -> ResultArray { ResultArray(name, values, shape: shape, dtype: .float64) }
    static func bytes(_ name: String, _ values: [UInt8], shape: [Int]) -> ResultArray { ResultArray(name, values, shape: shape, dtype: .uint8) }
    static func floats(_ name: String, _ values: [Float], shape: [Int]) -> ResultArray { ResultArray(name, values, shape: shape, dtype: .float32) }

    func release() {
        free(name)
        data.deallocate()
    }
}

/// What one call returns. Status codes are the CLI's exit codes: 0 success, 1 analysis failed,
/// 2 invalid request, 3 unreadable input.
final class ResultHandle {
    var status: Int32 = 0
    /// The records: one pickled list (``PickleRecord``), empty after an error. Its own allocation,
    /// so the address `ip_record` hands out stays valid until `ip_free`.
    let record: UnsafeMutableRawBufferPointer
    var message: UnsafeMutablePointer<CChar>
    var arrays: [ResultArray] = []
    /// Seconds spent in the task (set by `ip_run`).
    var elapsed = 0.0
    /// The figures of the result, one per record (drawn on request: `ip_figure`).
    var figures: [@Sendable () throws -> Figure] = []

    init(record: [UInt8], arrays: [ResultArray] = [], figures: [@Sendable () throws -> Figure] = []) {
        self.record = Self.copy(record)
        message = strdup("")!
        self.arrays = arrays
        self.figures = figures
    }

    init(error: Error) {
        let (status, text) = Self.describe(error)
        self.status = status
        record = Self.copy([])
        message = strdup(text)!
    }

    /// The status and message of an error: the library's category and description.
    static func describe(_ error: Error) -> (Int32, String) {
        if let e = error as? InterphaseError {
            let code: Int32 = switch e.category {
            case .analysisFailed: 1
            case .invalidRequest: 2
            case .unreadableInput: 3
            }
            return (code, e.description)
        }
        if let e = error as? RequestError { return (2, e.message) }
        if let e = error as? StackError {
            let (status, text) = describe(e.error)
            return (status, "spectrum \(e.row + 1) of \(e.rows) in the stack: " + text)
        }
        return (1, String(describing: error))
    }

    private static func copy(_ bytes: [UInt8]) -> UnsafeMutableRawBufferPointer {
        let b = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        b.copyBytes(from: bytes)
        return UnsafeMutableRawBufferPointer(rebasing: b[0..<bytes.count])
    }

    deinit {
        record.deallocate()
        free(message)
        for a in arrays { a.release() }
    }
}

/// A request the C layer cannot turn into a library call (a missing path, an option of the wrong
/// type): an invalid request.
struct RequestError: Error {
    var message: String
}

/// The error of one spectrum of a stack (`xps.fit` with `spectra`): its category, and which row.
struct StackError: Error {
    var row: Int, rows: Int
    var error: Error
}
