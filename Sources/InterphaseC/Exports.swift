// SPDX-License-Identifier: GPL-3.0-or-later
// The C functions the Python package calls (ctypes). Every call returns a handle, also on failure
// (its status and message say what went wrong); the caller reads it and frees it with `ip_free`.
// Calls are independent and may run on several threads at once.
import Foundation
import Interphase

/// A result handle: the records, arrays and figures of one call, released by `ip_free`. It points
/// to a header the caller may read directly, saving a foreign call per field (each costs Python
/// about as much as reading the whole header):
///
/// | offset | C type | field |
/// |---|---|---|
/// | 0 | `void *` | the library's own object (opaque) |
/// | 8 | `const void *` | the records (`ip_record`) |
/// | 16 | `int64_t` | their size in bytes (`ip_record_size`) |
/// | 24 | `int32_t` | the status (`ip_status`) |
/// | 32 | `double` | seconds inside the task (`ip_elapsed`) |
/// | 40 | `const char *` | the error message (`ip_message`) |
public typealias Handle = UnsafeMutableRawPointer

private func box(_ h: Handle) -> ResultHandle {
    Unmanaged<ResultHandle>.fromOpaque(h.load(as: UnsafeRawPointer.self)).takeUnretainedValue()
}

private func handle(_ r: ResultHandle) -> Handle {
    let h = UnsafeMutableRawPointer.allocate(byteCount: 48, alignment: 8)
    h.storeBytes(of: UnsafeRawPointer(Unmanaged.passRetained(r).toOpaque()), as: UnsafeRawPointer.self)
    h.storeBytes(of: UnsafeRawPointer(r.record.baseAddress!), toByteOffset: 8, as: UnsafeRawPointer.self)
    h.storeBytes(of: Int64(r.record.count), toByteOffset: 16, as: Int64.self)
    h.storeBytes(of: r.status, toByteOffset: 24, as: Int32.self)
    h.storeBytes(of: 0, toByteOffset: 28, as: Int32.self)
    h.storeBytes(of: r.elapsed, toByteOffset: 32, as: Double.self)
    h.storeBytes(of: UnsafeRawPointer(r.message), toByteOffset: 40, as: UnsafeRawPointer.self)
    return h
}

/// Runs `task` ("read", "ftir.peaks", "ftir.compare", "ftir.correct", "ftir.transform",
/// "ftir.kramers_kronig", "xps.fit", "xps.casa", "xps.quantify", "sem.fibers", "sem.porosity",
/// "sem.orientation", "sem.thickness") with the options of `request` (a JSON object, whose key
/// `__arrays` lists the named float64 input arrays as `[name, address, count]`: the caller's memory,
/// read during the call), and a file's contents already in memory (`bytes`, `byteCount`; null for
/// none), which then take the place of the file at the request's `path` (the name records and
/// messages carry).
@_cdecl("ip_run")
public func ip_run(_ task: UnsafePointer<CChar>, _ request: UnsafePointer<CChar>, _ bytes: UnsafePointer<UInt8>?, _ byteCount: Int64) -> Handle {
    do {
        let file = bytes.map { Array(UnsafeBufferPointer(start: $0, count: Int(max(byteCount, 0)))) }
        var r = try Request(json: request, bytes: file)
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try Tasks.run(String(cString: task), &r)
        result.elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        return handle(result)
    } catch {
        return handle(ResultHandle(error: error))
    }
}

/// 0 on success; otherwise the CLI's exit code for the error's category (1 analysis failed,
/// 2 invalid request, 3 unreadable input).
@_cdecl("ip_status")
public func ip_status(_ h: Handle) -> Int32 { box(h).status }

/// The records: a list pickled with protocol 4, whose values are those `json.loads` gives for the
/// CLI's JSON of the same call (owned by the handle; `ip_record_size` bytes).
@_cdecl("ip_record")
public func ip_record(_ h: Handle) -> UnsafeRawPointer? { UnsafeRawPointer(box(h).record.baseAddress) }

/// The length of the records in bytes.
@_cdecl("ip_record_size")
public func ip_record_size(_ h: Handle) -> Int64 { Int64(box(h).record.count) }

/// The error message (empty on success).
@_cdecl("ip_message")
public func ip_message(_ h: Handle) -> UnsafePointer<CChar> { UnsafePointer(box(h).message) }

/// Seconds the library took inside the call (the task, its records and arrays): the benchmarks
/// compare it with the caller's wall time to measure the cost of crossing the C ABI.
@_cdecl("ip_elapsed")
public func ip_elapsed(_ h: Handle) -> Double { box(h).elapsed }

/// The number of named arrays.
@_cdecl("ip_array_count")
public func ip_array_count(_ h: Handle) -> Int32 { Int32(box(h).arrays.count) }

/// The name of array `i` ("0.x", "0.mask", ...: record index, then the array's name).
@_cdecl("ip_array_name")
public func ip_array_name(_ h: Handle, _ i: Int32) -> UnsafePointer<CChar> { UnsafePointer(box(h).arrays[Int(i)].name) }

/// 0 float64, 1 uint8, 2 float32.
@_cdecl("ip_array_dtype")
public func ip_array_dtype(_ h: Handle, _ i: Int32) -> Int32 { box(h).arrays[Int(i)].dtype.rawValue }

/// The number of dimensions of array `i`.
@_cdecl("ip_array_ndim")
public func ip_array_ndim(_ h: Handle, _ i: Int32) -> Int32 { Int32(box(h).arrays[Int(i)].shape.count) }

/// The extent of dimension `d` of array `i`.
@_cdecl("ip_array_dim")
public func ip_array_dim(_ h: Handle, _ i: Int32, _ d: Int32) -> Int64 { Int64(box(h).arrays[Int(i)].shape[Int(d)]) }

/// The samples of array `i`, C order (owned by the handle).
@_cdecl("ip_array_data")
public func ip_array_data(_ h: Handle, _ i: Int32) -> UnsafeRawPointer { UnsafeRawPointer(box(h).arrays[Int(i)].data) }

/// Writes the figure of record `k` to `path` (PNG, SVG or PDF by extension). Returns a handle whose
/// status and message say whether it worked.
@_cdecl("ip_figure")
public func ip_figure(_ h: Handle, _ k: Int32, _ path: UnsafePointer<CChar>) -> Handle {
    let r = box(h)
    do {
        guard k >= 0 && Int(k) < r.figures.count else { throw RequestError(message: "this result has no figure \(k)") }
        try r.figures[Int(k)]().write(to: String(cString: path))
        return handle(ResultHandle(record: try PickleRecord.encode(items: [])))
    } catch {
        return handle(ResultHandle(error: error))
    }
}

/// Releases a handle and everything it owns.
@_cdecl("ip_free")
public func ip_free(_ h: Handle) {
    Unmanaged<ResultHandle>.fromOpaque(h.load(as: UnsafeRawPointer.self)).release()
    h.deallocate()
}

/// The library's version (static text).
@_cdecl("ip_version")
public func ip_version() -> UnsafePointer<CChar> { UnsafePointer(versionText) }

nonisolated(unsafe) private let versionText: UnsafeMutablePointer<CChar> = strdup(InterphaseVersion.current)!
