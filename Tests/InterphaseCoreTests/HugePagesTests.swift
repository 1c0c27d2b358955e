// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import InterphaseCore

@Suite("HugePages: image-sized buffers on 2 MiB pages")
struct HugePagesTests {
    @Test("zeroed gives exactly n zeros, below and above the threshold, for any integer type")
    func zeroed() {
        for n in [0, 1, 7, HugePages.threshold + 4097] {
            let bytes: [UInt8] = HugePages.zeroed(n)
            #expect(bytes.count == n && bytes.allSatisfy { $0 == 0 })
        }
        let words: [UInt64] = HugePages.zeroed(HugePages.threshold / 8 + 3)
        #expect(words.count == HugePages.threshold / 8 + 3 && words.allSatisfy { $0 == 0 })
    }

    @Test("advice leaves the contents alone, at any alignment and size")
    func adviceKeepsContents() {
        let n = 3 * HugePages.threshold + 12_345
        var a = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        let before = a
        a.withUnsafeMutableBytes { raw in
            for offset in [0, 1, 4095, 2 << 20] {
                HugePages.advise(raw.baseAddress! + offset, bytes: n - offset)
            }
            HugePages.advise(raw.baseAddress!, bytes: 100)
        }
        #expect(a == before)
    }

    /// Minor page faults of the calling thread so far (tests run in parallel: the process's count
    /// would include other tests' faults).
    static func minorFaults() -> Int {
        var u = rusage()
        getrusage(1, &u) // RUSAGE_THREAD (Linux), not exported by Swift's Glibc module
        return u.ru_minflt
    }

    static func vmstat(_ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/vmstat", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + " ") { return Int(line.split(separator: " ")[1]) }
        return nil
    }

    @Test("where the kernel grants huge pages on request, writing an advised 32 MiB buffer takes far fewer faults than 8192")
    func fewerFaults() throws {
        guard let mode = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8),
              mode.contains("[madvise]") || mode.contains("[always]") else { return }
        let fallbacks = Self.vmstat("thp_fault_fallback")
        let faults = Self.minorFaults()
        let a: [UInt8] = HugePages.zeroed(32 << 20)
        let taken = Self.minorFaults() - faults
        // The kernel may refuse (no free 2 MiB page): it counts that as a fallback, and the test then
        // has nothing to check.
        if let f0 = fallbacks, let f1 = Self.vmstat("thp_fault_fallback"), f1 > f0 { return }
        #expect(a.count == 32 << 20 && taken < 2048, "\(taken) faults")
    }
}
