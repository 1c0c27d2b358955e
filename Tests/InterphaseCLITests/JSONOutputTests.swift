// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
import Interphase
@testable import SEM

/// ``JSONOutput`` writes long segment lists into JSONEncoder's output by hand. JSONEncoder is the
/// reference: the bytes must be its bytes, pretty and compact, at any depth.
@Suite("JSON output: segment lists written directly")
struct JSONOutputTests {
    /// Lists at two depths, beside other keys that sort before and after them.
    struct Nested: Encodable {
        var alpha = "a/b \"quoted\""
        var inner: Inner
        var segments: SEMFibersOutput.Segments
        var zulu = [1.5, 2]
        struct Inner: Encodable {
            var deeper: [SEMFibersOutput.Segments]
            var note = "µm"
        }
    }

    static func segments(_ n: Int, seed: UInt64) -> [FiberAnalysis.Segment] {
        var rng = SplitMix64(seed: seed)
        // Integral, tiny, huge, negative and ordinary values; some without a mean diameter.
        let specials: [Double] = [26, 0, -0.0, 1e-7, 1.5e-300, 1e16, 1e17, 123456789012345680, 2.0.squareRoot(), -3.25, 0.1 + 0.2]
        return (0..<n).map { k in
            let length = k < specials.count ? specials[k] : Double.random(in: 1...500, using: &rng).rounded() + (k % 3 == 0 ? 0 : Double.random(in: 0..<1, using: &rng))
            let mean: Double? = k % 7 == 3 ? nil : (k < specials.count ? specials[specials.count - 1 - k] : Double.random(in: 0.5...40, using: &rng))
            return FiberAnalysis.Segment(length: length, meanDiameter: mean, samples: k % 5 == 0 ? 0 : Int.random(in: 1...10_000, using: &rng))
        }
    }

    static func plain<T: Encodable>(_ v: T, pretty: Bool) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try e.encode(v)
    }

    static func list(_ s: [FiberAnalysis.Segment]) -> SEMFibersOutput.Segments {
        SEMFibersOutput.Segments(count: s.count, measured: s.filter { $0.meanDiameter != nil }.count, meanLengthPixels: s.isEmpty ? nil : 1, list: s)
    }

    @Test("the bytes are JSONEncoder's, pretty and compact, for lists at two depths (one of them empty)")
    func sameBytesAsJSONEncoder() throws {
        let value = Nested(inner: .init(deeper: [Self.list(Self.segments(40, seed: 2)), Self.list([]), Self.list(Self.segments(1, seed: 3))]),
                           segments: Self.list(Self.segments(500, seed: 1)))
        for pretty in [true, false] {
            let direct = try JSONOutput.encode(value, pretty: pretty), reference = try Self.plain(value, pretty: pretty)
            #expect(direct == reference, "pretty \(pretty): \(String(decoding: direct.prefix(400), as: UTF8.self))")
        }
    }

    @Test("a non-finite value is left to JSONEncoder, which refuses it")
    func nonFiniteIsRefused() {
        var s = Self.segments(5, seed: 4)
        s[2].meanDiameter = .nan
        #expect(throws: EncodingError.self) { try JSONOutput.encode(Self.list(s), pretty: true) }
    }
}
