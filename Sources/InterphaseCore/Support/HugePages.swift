// SPDX-License-Identifier: GPL-3.0-or-later
#if canImport(Glibc)
import Glibc
#endif

/// Image-sized buffers backed by transparent huge pages where the kernel offers them on request
/// (`/sys/kernel/mm/transparent_hugepage/enabled` = `madvise`, the common default). A fresh 64 MB
/// buffer otherwise takes 16 384 page faults as it is first written, one per 4 KiB page; with 2 MiB
/// pages it takes 32. The pages are zeroed by the kernel either way, so only the per-fault cost goes.
package enum HugePages {
    /// Buffers smaller than this are left alone (a huge page needs 2 MiB of aligned address space).
    package static let threshold = 4 << 20

    /// Asks for huge pages over the 2 MiB-aligned part of `[base, base + bytes)`. Call it before the
    /// buffer is first written: pages already touched stay small. A refusal (an older kernel, THP
    /// off, not Linux) changes nothing but the speed, so it is ignored.
    @inlinable
    package static func advise(_ base: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        guard bytes >= threshold else { return }
        let page = 2 << 20
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(page - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// `[T](repeating: 0, count: n)`, the buffer advised before it is zeroed.
    @inlinable
    package static func zeroed<T: FixedWidthInteger>(_ n: Int, as type: T.Type = T.self) -> [T] {
        [T](unsafeUninitializedCapacity: n) { buffer, count in
            advise(buffer)
            // memset: the generic `initialize(repeating:)` is not specialised across the module and
            // copied byte by byte through the value witness (3 % of the 4096² fibre command).
            if let base = buffer.baseAddress { memset(base, 0, n * MemoryLayout<T>.stride) }
            count = n
        }
    }

    /// ``advise(_:bytes:)`` over a typed buffer.
    @inlinable
    package static func advise<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        guard let base = buffer.baseAddress else { return }
        advise(UnsafeMutableRawPointer(base), bytes: buffer.count * MemoryLayout<T>.stride)
    }
}
