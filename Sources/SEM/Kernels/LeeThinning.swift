// SPDX-License-Identifier: GPL-3.0-or-later

extension Skeleton {
    /// Lee, Kashyap & Chu's thinning (CVGIP: Graphical Models and Image Processing 56(6) (1994) 462)
    /// in two dimensions: four directional sub-iterations (north, south, east, west borders); in each,
    /// border pixels that are not end points and are simple (deleting them changes neither the
    /// 8-connected foreground nor the 4-connected background in their 3×3 neighbourhood, i.e. the
    /// Euler characteristic is invariant) are marked, then re-checked one by one while deleting, so
    /// that deleting a pair of neighbours cannot break a line. Topology is preserved exactly; the
    /// result is one pixel wide.
    public static func lee(_ mask: BinaryMask) -> BinaryMask {
        let w = mask.width, h = mask.height
        let pw = w + 2
        var img = [UInt8](repeating: 0, count: pw * (h + 2))
        for y in 0..<h { for x in 0..<w where mask.pixels[y * w + x] != 0 { img[(y + 1) * pw + x + 1] = 1 } }
        // Neighbour offsets P2…P9 clockwise from north.
        let ring = [-pw, -pw + 1, 1, pw + 1, pw, pw - 1, -1, -pw - 1]
        func isSimple(_ p: UnsafeMutableBufferPointer<UInt8>, _ i: Int) -> Bool {
            // The ring as bits 0…7 (no allocation: this runs for every border pixel of every pass).
            var bits = 0, count = 0
            for k in 0..<8 where p[i + ring[k]] != 0 { bits |= 1 << k; count += 1 }
            guard count >= 2 && count <= 7 else { return false } // end point or isolated (count ≤ 1), interior (8)
            // 8-connected foreground components in the ring = number of 0→1 transitions, where a
            // corner (odd k) set between two clear edges still counts, and a clear corner between two
            // set edges joins them (Hilditch's crossing number for 8-connectivity).
            var components = 0
            for k in stride(from: 0, to: 8, by: 2) {
                let edge = bits >> k & 1, corner = bits >> (k + 1) & 1, next = bits >> ((k + 2) % 8) & 1
                if edge == 0 && (corner == 1 || next == 1) { components += 1 }
            }
            // Simple iff exactly one 8-component of foreground and (then) one 4-component of background touching p.
            return components == 1
        }
        var changed = true
        img.withUnsafeMutableBufferPointer { p in
            var candidates: [Int] = []
            while changed {
                changed = false
                for border in [-pw, pw, 1, -1] { // north, south, east, west
                    candidates.removeAll(keepingCapacity: true)
                    for y in 1...h {
                        for x in 1...w {
                            let i = y * pw + x
                            if p[i] != 0 && p[i + border] == 0 && isSimple(p, i) { candidates.append(i) }
                        }
                    }
                    for i in candidates where isSimple(p, i) {
                        p[i] = 0
                        changed = true
                    }
                }
            }
        }
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w { out[y * w + x] = img[(y + 1) * pw + x + 1] } }
        return BinaryMask(width: w, height: h, pixels: out)
    }
}
