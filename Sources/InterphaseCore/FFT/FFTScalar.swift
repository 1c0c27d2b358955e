// SPDX-License-Identifier: GPL-3.0-or-later
import CFFTW
import RealModule

/// A floating-point type FFTW has a precision for: `Double` (`fftw_*`) and `Float` (`fftwf_*`).
///
/// The underscored requirements are the internal seam to FFTW; each says which C function it calls.
/// Clients use ``FFT`` and `FFTPlan` instead.
public protocol FFTScalar: BinaryFloatingPoint, Real, Sendable, BitwiseCopyable {
    /// `fftw_plan_dft_r2c` / `fftwf_plan_dft_r2c`
    static func _planR2C(_ dims: [Int32], _ flags: UInt32) -> OpaquePointer?
    /// `fftw_plan_dft_c2r`
    static func _planC2R(_ dims: [Int32], _ flags: UInt32) -> OpaquePointer?
    /// `fftw_plan_dft` with sign −1 (forward) or +1 (backward)
    static func _planC2C(_ dims: [Int32], _ sign: Int32, _ flags: UInt32) -> OpaquePointer?
    /// `fftw_execute_dft_r2c` (new-array execute; thread-safe)
    static func _executeR2C(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Self>, _ output: UnsafeMutableRawPointer)
    /// `fftw_execute_dft_c2r`
    static func _executeC2R(_ plan: OpaquePointer, _ input: UnsafeMutableRawPointer, _ output: UnsafeMutablePointer<Self>)
    /// `fftw_execute_dft`
    static func _executeC2C(_ plan: OpaquePointer, _ input: UnsafeMutableRawPointer, _ output: UnsafeMutableRawPointer)
    /// `fftw_destroy_plan`
    static func _destroy(_ plan: OpaquePointer)
    /// `fftw_alignment_of`
    static func _alignmentOf(_ p: UnsafeRawPointer) -> Int32
}

extension Double: FFTScalar {
    public static func _planR2C(_ dims: [Int32], _ flags: UInt32) -> OpaquePointer? {
        let n = dims.reduce(1) { $0 * Int($1) }
        guard let i = fftw_alloc_real(n), let o = fftw_alloc_complex(n / Int(dims.last!) * (Int(dims.last!) / 2 + 1)) else { return nil }
        defer { fftw_free(i); fftw_free(o) }
        return dims.withUnsafeBufferPointer { fftw_plan_dft_r2c(Int32(dims.count), $0.baseAddress, i, o, flags) }
    }
    public static func _planC2R(_ dims: [Int32], _ flags: UInt32) -> OpaquePointer? {
        let n = dims.reduce(1) { $0 * Int($1) }
        guard let o = fftw_alloc_real(n), let i = fftw_alloc_complex(n / Int(dims.last!) * (Int(dims.last!) / 2 + 1)) else { return nil }
        defer { fftw_free(i); fftw_free(o) }
        return dims.withUnsafeBufferPointer { fftw_plan_dft_c2r(Int32(dims.count), $0.baseAddress, i, o, flags) }
    }
    public static func _planC2C(_ dims: [Int32], _ sign: Int32, _ flags: UInt32) -> OpaquePointer? {
        let n = dims.reduce(1) { $0 * Int($1) }
        guard let i = fftw_alloc_complex(n), let o = fftw_alloc_complex(n) else { return nil }
        defer { fftw_free(i); fftw_free(o) }
        return dims.withUnsafeBufferPointer { fftw_plan_dft(Int32(dims.count), $0.baseAddress, i, o, sign, flags) }
    }
    @inlinable public static func _executeR2C(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Double>, _ output: UnsafeMutableRawPointer) {
        fftw_execute_dft_r2c(plan, input, output.assumingMemoryBound(to: fftw_complex.self))
    }
    @inlinable public static func _executeC2R(_ plan: OpaquePointer, _ input: UnsafeMutableRawPointer, _ output: UnsafeMutablePointer<Double>) {
        fftw_execute_dft_c2r(plan, input.assumingMemoryBound(to: fftw_complex.self), output)
    }
    @inlinable public static func _executeC2C(_ plan: OpaquePointer, _ input: UnsafeMutableRawPointer, _ output: UnsafeMutableRawPointer) {
        fftw_execute_dft(plan, input.assumingMemoryBound(to: fftw_complex.self), output.assumingMemoryBound(to: fftw_complex.self))
    }
    public static func _destroy(_ plan: OpaquePointer) { fftw_destroy_plan(plan) }
    @inlinable public static func _alignmentOf(_ p: UnsafeRawPointer) -> Int32 {
        fftw_alignment_of(UnsafeMutablePointer(mutating: p.assumingMemoryBound(to: Double.self)))
    }
}

extension Float: FFTScalar {
    public static func _planR2C(_ dims: [Int32], _ flags: UInt32) -> OpaquePointer? {
        let n = dims.reduce(1) { $0 * Int($1) }
        guard let i = fftwf_alloc_real(n), let o = fftwf_alloc_complex(n / Int(dims.last!) * (Int(dims.last!) / 2 + 1)) else { return nil }
        defer { fftwf_free(i); fftwf_free(o) }
        return dims.withUnsafeBufferPointer { fftwf_plan_dft_r2c(Int32(dims.count), $0.baseAddress, i, o, flags) }
    }
    public static func _planC2R(_ dims: [Int32], _ flags: UInt32) -> OpaquePointer? {
        let n = dims.reduce(1) { $0 * Int($1) }
        guard let o = fftwf_alloc_real(n), let i = fftwf_alloc_complex(n / Int(dims.last!) * (Int(dims.last!) / 2 + 1)) else { return nil }
        defer { fftwf_free(i); fftwf_free(o) }
        return dims.withUnsafeBufferPointer { fftwf_plan_dft_c2r(Int32(dims.count), $0.baseAddress, i, o, flags) }
    }
    public static func _planC2C(_ dims: [Int32], _ sign: Int32, _ flags: UInt32) -> OpaquePointer? {
        let n = dims.reduce(1) { $0 * Int($1) }
        guard let i = fftwf_alloc_complex(n), let o = fftwf_alloc_complex(n) else { return nil }
        defer { fftwf_free(i); fftwf_free(o) }
        return dims.withUnsafeBufferPointer { fftwf_plan_dft(Int32(dims.count), $0.baseAddress, i, o, sign, flags) }
    }
    @inlinable public static func _executeR2C(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutableRawPointer) {
        fftwf_execute_dft_r2c(plan, input, output.assumingMemoryBound(to: fftwf_complex.self))
    }
    @inlinable public static func _executeC2R(_ plan: OpaquePointer, _ input: UnsafeMutableRawPointer, _ output: UnsafeMutablePointer<Float>) {
        fftwf_execute_dft_c2r(plan, input.assumingMemoryBound(to: fftwf_complex.self), output)
    }
    @inlinable public static func _executeC2C(_ plan: OpaquePointer, _ input: UnsafeMutableRawPointer, _ output: UnsafeMutableRawPointer) {
        fftwf_execute_dft(plan, input.assumingMemoryBound(to: fftwf_complex.self), output.assumingMemoryBound(to: fftwf_complex.self))
    }
    public static func _destroy(_ plan: OpaquePointer) { fftwf_destroy_plan(plan) }
    @inlinable public static func _alignmentOf(_ p: UnsafeRawPointer) -> Int32 {
        fftwf_alignment_of(UnsafeMutablePointer(mutating: p.assumingMemoryBound(to: Float.self)))
    }
}
