// SPDX-License-Identifier: GPL-3.0-or-later

/// Skeletons: Zhang–Suen thinning (ZhangSuen.swift), neighbour counts, junctions and the graph.
public enum Skeleton {
    /// Number of 8-connected foreground neighbours of every pixel (0 for background): 1 marks an
    /// end point, 3 or more a junction.
    public static func neighbourCounts(_ s: BinaryMask) -> [UInt8] {
        let w = s.width, h = s.height
        var out = [UInt8](repeating: 0, count: w * h)
        guard w > 0, h > 0 else { return out }
        s.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let p = src.baseAddress!, o = dst.baseAddress!
                for y in 0..<h {
                    let row = p + y * w
                    for x in Skeleton.foreground(row, count: w) {
                        var c = 0
                        for dy in -1...1 where y + dy >= 0 && y + dy < h {
                            let line = row + dy * w
                            if x > 0 && line[x - 1] != 0 { c += 1 }
                            if line[x] != 0 { c += 1 }
                            if x + 1 < w && line[x + 1] != 0 { c += 1 }
                        }
                        o[y * w + x] = UInt8(c - 1)
                    }
                }
            }
        }
        return out
    }
}

extension Skeleton {
    /// Indices of the non-zero bytes of `p[0..<count]`, in order. Skeletons and their masks are
    /// sparse: eight bytes are tested at once and runs of background skipped.
    static func foreground(_ p: UnsafePointer<UInt8>, count: Int) -> [Int] {
        var out: [Int] = []
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) != 0 {
                for k in i..<(i + 8) where p[k] != 0 { out.append(k) }
            }
            i += 8
        }
        while i < count {
            if p[i] != 0 { out.append(i) }
            i += 1
        }
        return out
    }
}
