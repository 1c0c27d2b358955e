// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Exact local thickness (Hildebrand & Rüegsegger, J. Microsc. 185 (1997) 67; SEM.md §2.7): the
/// thickness at p is the diameter 2r of the largest disc that contains p and fits in the
/// foreground, a disc being centred on a foreground pixel q with radius r = EDT(q) (open disc,
/// |p − q| < r). Only centres on the distance ridge are needed (a disc contained in a neighbour's,
/// EDT(q') ≥ EDT(q) + |q − q'|, adds nothing; Dougherty & Kunzelmann's ridge), so the result equals
/// the brute-force definition (tested). Row bands paint in parallel.
public enum LocalThickness {
    /// Diameters in pixels (0 on the background).
    public static func map(_ mask: BinaryMask) -> [Float] {
        let w = mask.width, h = mask.height
        let edt = DistanceTransform.euclidean(mask)
        var ridge: [(x: Int, y: Int, r: Float)] = []
        for y in 0..<h {
            for x in 0..<w where mask.pixels[y * w + x] != 0 {
                let r = edt[y * w + x]
                var covered = false
                for dy in -1...1 where !covered {
                    for dx in -1...1 where dx != 0 || dy != 0 {
                        let xx = x + dx, yy = y + dy
                        guard xx >= 0, xx < w, yy >= 0, yy < h else { continue }
                        let step: Float = dx != 0 && dy != 0 ? 1.4142135 : 1
                        if edt[yy * w + xx] >= r + step { covered = true; break }
                    }
                }
                if !covered { ridge.append((x, y, r)) }
            }
        }
        ridge.sort { $0.r > $1.r }
        let centres = ridge
        var out = [Float](repeating: 0, count: w * h)
        let bands = Parallelism.chunks(h)
        out.withUnsafeMutableBufferPointer { o in
            let op = UnsafeSendable(o.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: bands) { b in
                let y0 = b * h / bands, y1 = (b + 1) * h / bands
                for c in centres {
                    let ri = Int(c.r.rounded(.up))
                    let lo = max(y0, c.y - ri), hi = min(y1 - 1, c.y + ri)
                    guard lo <= hi else { continue }
                    // EDT² is an integer on the unit lattice; rounding keeps the nearest background pixel outside.
                    let r2 = (c.r * c.r).rounded(), d = 2 * c.r
                    for y in lo...hi {
                        let dy = Float(y - c.y)
                        let rem = r2 - dy * dy
                        guard rem > 0 else { continue }
                        let half = Int(rem.squareRoot().rounded(.up))
                        for x in max(0, c.x - half)...min(w - 1, c.x + half) {
                            let dx = Float(x - c.x)
                            if dx * dx + dy * dy < r2 && op.pointer[y * w + x] < d { op.pointer[y * w + x] = d }
                        }
                    }
                }
            }
        }
        return out
    }
}
