// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Whether a micrograph's background varies enough across the field to need levelling before a
/// global threshold (uneven illumination, charging, detector shadowing: SEM.md §2.4).
///
/// The image is cut into 8 × 8 tiles; each tile's background is its 10th grey-level percentile
/// (90th for dark fibres on a light background), which stays on background where fibres cover less
/// than about 90 % of the tile. Illumination varies smoothly and fibre density does not, so a
/// quadratic surface is fitted to the 64 levels by least squares; the variation is its range over
/// the tile centres as a share of the image's contrast (99th minus 1st percentile). Above ``threshold`` the rolling-ball (sliding paraboloid) subtraction
/// is applied with a radius of one tile (an eighth of the shorter side): many fibre widths wide, so
/// fibres stay whole, and narrow enough to follow the illumination.
public struct BackgroundVariation: Sendable, Hashable {
    /// Spread of the tile backgrounds over the image contrast.
    public var variation: Double
    /// The radius the subtraction would use (pixels).
    public var radius: Double
    /// The share of the contrast above which the background is levelled.
    public static let threshold = 0.35

    /// Whether ``variation`` exceeds ``threshold``.
    public var needsLevelling: Bool { variation > Self.threshold }

    /// The variation of a Float image; nil when the image is too small to tile.
    public init?(_ image: Raster<Float>, darkForeground: Bool = false) {
        self.init(image.samples, width: image.width, height: image.height, darkForeground: darkForeground)
    }

    /// The same from grey levels as stored (8- and 16-bit images are not converted to Float first).
    public init?(_ grey: GreyLevels, darkForeground: Bool = false) {
        switch grey {
        case .uint8(let r): self.init(r.samples, width: r.width, height: r.height, darkForeground: darkForeground)
        case .uint16(let r): self.init(r.samples, width: r.width, height: r.height, darkForeground: darkForeground)
        case .float(let r): self.init(r.samples, width: r.width, height: r.height, darkForeground: darkForeground)
        }
    }

    init?<S: GreySample>(_ samples: [S], width w: Int, height h: Int, darkForeground: Bool) {
        let tiles = 8
        guard w >= 16 * tiles && h >= 16 * tiles else { return nil }
        let tw = w / tiles, th = h / tiles
        // Percentiles from at most about 64 × 64 pixels per tile (every step-th row and column).
        let step = max(1, min(tw, th) / 64)
        var levels: [Float] = []
        var all: [Float] = []
        all.reserveCapacity((w / step + 1) * (h / step + 1))
        var tile: [Float] = []
        samples.withUnsafeBufferPointer { s in
            for ty in 0..<tiles {
                for tx in 0..<tiles {
                    tile.removeAll(keepingCapacity: true)
                    for y in stride(from: ty * th, to: (ty + 1) * th, by: step) {
                        let row = y * w + tx * tw
                        for x in stride(from: 0, to: tw, by: step) { tile.append(s[row + x].floatValue) }
                    }
                    all += tile
                    tile.sort()
                    let q = darkForeground ? 0.9 : 0.1
                    levels.append(tile[Int(q * Double(tile.count - 1))])
                }
            }
        }
        all.sort()
        let contrast = Double(all[Int(0.99 * Double(all.count - 1))] - all[Int(0.01 * Double(all.count - 1))])
        guard contrast > 0 else { return nil }
        // Illumination is smooth, the scatter of tile levels from fibre density is not: fit a
        // quadratic surface to the 64 levels and take its range over the tile centres.
        var ata = [Double](repeating: 0, count: 36), atb = [Double](repeating: 0, count: 6)
        func basis(_ tx: Int, _ ty: Int) -> [Double] {
            let u = (Double(tx) + 0.5) / Double(tiles) - 0.5, v = (Double(ty) + 0.5) / Double(tiles) - 0.5
            return [1, u, v, u * u, u * v, v * v]
        }
        for ty in 0..<tiles {
            for tx in 0..<tiles {
                let b = basis(tx, ty), z = Double(levels[ty * tiles + tx])
                for i in 0..<6 { atb[i] += b[i] * z; for j in 0..<6 { ata[i * 6 + j] += b[i] * b[j] } }
            }
        }
        guard let c = Self.solve(ata, atb) else { return nil }
        var lo = Double.infinity, hi = -Double.infinity
        for ty in 0..<tiles {
            for tx in 0..<tiles {
                let b = basis(tx, ty), z = zip(b, c).reduce(0) { $0 + $1.0 * $1.1 }
                lo = min(lo, z); hi = max(hi, z)
            }
        }
        variation = (hi - lo) / contrast
        radius = Double(min(tw, th))
    }

    /// Gaussian elimination with partial pivoting for the 6 × 6 normal equations.
    static func solve(_ a: [Double], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a, r = b
        for col in 0..<n {
            guard let p = (col..<n).max(by: { abs(m[$0 * n + col]) < abs(m[$1 * n + col]) }), abs(m[p * n + col]) > 1e-12 else { return nil }
            if p != col { for j in 0..<n { m.swapAt(p * n + j, col * n + j) }; r.swapAt(p, col) }
            for i in (col + 1)..<n {
                let f = m[i * n + col] / m[col * n + col]
                for j in col..<n { m[i * n + j] -= f * m[col * n + j] }
                r[i] -= f * r[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = r[i]
            for j in (i + 1)..<n { s -= m[i * n + j] * x[j] }
            x[i] = s / m[i * n + i]
        }
        return x
    }
}
