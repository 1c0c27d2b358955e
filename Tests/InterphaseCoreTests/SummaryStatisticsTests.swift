// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import InterphaseCore

/// Reference values from numpy 2 (`mean`, `median`, `std(ddof=1)`, `average(weights=)`), not from this code.
@Suite struct SummaryStatisticsTests {
    let v = [3.1, 1.2, 7.5, 4.4, 2.0, 9.9]

    @Test("unweighted: numpy's mean, median and sample SD; NaN left out; empty gives nil")
    func unweighted() throws {
        let s = try #require(SummaryStatistics(v + [.nan]))
        #expect(abs(s.mean - 4.683333333333334) < 1e-12)
        #expect(abs(s.median - 3.75) < 1e-12)
        #expect(abs(s.standardDeviation - 3.378411855689988) < 1e-12)
        #expect(s.minimum == 1.2 && s.maximum == 9.9 && s.count == 6)
        #expect(SummaryStatistics([Double]()) == nil)
    }

    @Test("weighted: numpy's average and weighted population SD; the median is the first value reaching half the weight")
    func weighted() throws {
        let w = [1, 2, 0.5, 1, 3, 0.25]
        let s = try #require(SummaryStatistics(v, weights: w))
        #expect(abs(s.mean - 2.8548387096774195) < 1e-12)
        #expect(abs(s.standardDeviation - 2.0733078929929154) < 1e-12)
        // Sorted: 1.2 (2), 2.0 (3), …; half of 7.75 is reached at 2.0.
        #expect(s.median == 2.0)
        #expect(SummaryStatistics(v, weights: w.map { _ in 0 }) == nil)
    }

    @Test("JSON writes sd, min and max; scaling converts every location and spread")
    func codingAndScaling() throws {
        let s = try #require(SummaryStatistics([1, 2, 3]))
        let json = String(decoding: try JSONEncoder().encode(ReportedStatistics(s.scaled(by: 2), unit: "µm")), as: UTF8.self)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["mean", "median", "sd", "min", "max", "count", "unit"])
        #expect(object["sd"] as? Double == 2 && object["max"] as? Double == 6 && object["unit"] as? String == "µm")
        #expect(try JSONDecoder().decode(SummaryStatistics.self, from: try JSONEncoder().encode(s)) == s)
    }

    @Test("intervals: either order, hull, a NaN bound unbounded instead of a trap")
    func intervals() {
        #expect(ClosedRange.interval(0.4, 0.2) == 0.2...0.4)
        #expect((0.2...0.3).hull(0.25...0.5) == 0.2...0.5)
        #expect(ClosedRange.interval(.nan, 1) == -Double.infinity...1)
        #expect(String(decoding: try! JSONEncoder().encode(0.25...0.5), as: UTF8.self) == "[0.25,0.5]")
    }
}
