// SPDX-License-Identifier: GPL-3.0-or-later

extension WhittakerSystem {
    /// The same solve as ``solveSerial(y:w:lambda:into:scratch:)``, eliminating from both ends at
    /// once ("twisted" or burn-at-both-ends factorisation). The serial LDLᵀ is one long chain of
    /// dependent divisions; here the top rows T = 0..<m are factorised downwards (LDLᵀ) while the
    /// bottom rows B = m+2..<n are factorised upwards (the same recurrence on the reversed system),
    /// two independent chains that the core overlaps. What remains is the 2×2 Schur complement on
    /// the middle rows M = {m, m+1}:
    ///
    ///     S = A_MM − uᵀD_T⁻¹u − vᵀD_B⁻¹v,   u = L_T⁻¹A_TM,  v = L_B⁻¹A_BM
    ///
    /// where u and v have only two non-zero rows each (the band is two wide), so S and its right
    /// side cost a few products. After solving for z_M, each half is back-substituted, again side
    /// by side: z_T = L_T⁻ᵀD_T⁻¹(ẑ_T − u z_M), and the mirror image for B. Needs n ≥ 8.
    func solveTwisted(y: UnsafePointer<Double>, w: UnsafePointer<Double>, lambda: Double,
                      into z: UnsafeMutablePointer<Double>, scratch: inout Scratch) {
        precondition(n >= 8, "the twisted solve needs at least 8 rows")
        let m = n / 2 - 1
        // L1[i], L2[i]: for a top row, L(i, i−1) and L(i, i−2); for a bottom row, the mirror
        // L(i, i+1) and L(i, i+2). inv[i] = 1/dᵢ. z holds the forward-substituted ẑ.
        withPointers(&scratch) { D0, D1, D2, L1, L2, inv in
            let last = n - 1

            // The first two rows of each end.
            L1[0] = 0; L2[0] = 0
            inv[0] = 1 / (w[0] + lambda * D0[0])
            z[0] = w[0] * y[0]
            let eTop = lambda * D1[0]
            L1[1] = eTop * inv[0]; L2[1] = 0
            inv[1] = 1 / (w[1] + lambda * D0[1] - L1[1] * eTop)
            z[1] = w[1] * y[1] - L1[1] * z[0]
            L1[last] = 0; L2[last] = 0
            inv[last] = 1 / (w[last] + lambda * D0[last])
            z[last] = w[last] * y[last]
            let eBottom = lambda * D1[last - 1]
            L1[last - 1] = eBottom * inv[last]; L2[last - 1] = 0
            inv[last - 1] = 1 / (w[last - 1] + lambda * D0[last - 1] - L1[last - 1] * eBottom)
            z[last - 1] = w[last - 1] * y[last - 1] - L1[last - 1] * z[last]

            // Steady state: top row i = 2..<m downwards, bottom row j = n−3 ... m+2 upwards.
            var tl1 = L1[1], tInv1 = inv[1], tInv2 = inv[0], tz1 = z[1], tz2 = z[0]
            var bl1 = L1[last - 1], bInv1 = inv[last - 1], bInv2 = inv[last], bz1 = z[last - 1], bz2 = z[last]
            let topCount = m - 2, bottomCount = n - m - 4
            var i = 2, j = n - 3
            @inline(__always) func top() {
                let a2 = lambda * D2[i - 2], a1 = lambda * D1[i - 1], a0 = w[i] + lambda * D0[i]
                let l2 = a2 * tInv2
                let e = a1 - a2 * tl1
                let l1 = e * tInv1
                let invD = 1 / (a0 - l2 * a2 - l1 * e)
                let zi = w[i] * y[i] - l1 * tz1 - l2 * tz2
                L1[i] = l1; L2[i] = l2; inv[i] = invD; z[i] = zi
                tl1 = l1; tInv2 = tInv1; tInv1 = invD; tz2 = tz1; tz1 = zi
                i += 1
            }
            @inline(__always) func bottom() {
                let a2 = lambda * D2[j], a1 = lambda * D1[j], a0 = w[j] + lambda * D0[j]
                let l2 = a2 * bInv2
                let e = a1 - a2 * bl1
                let l1 = e * bInv1
                let invD = 1 / (a0 - l2 * a2 - l1 * e)
                let zj = w[j] * y[j] - l1 * bz1 - l2 * bz2
                L1[j] = l1; L2[j] = l2; inv[j] = invD; z[j] = zj
                bl1 = l1; bInv2 = bInv1; bInv1 = invD; bz2 = bz1; bz1 = zj
                j -= 1
            }
            for _ in 0..<min(topCount, bottomCount) { top(); bottom() }
            for _ in min(topCount, bottomCount)..<topCount { top() }
            for _ in min(topCount, bottomCount)..<bottomCount { bottom() }

            // The middle 2×2 system. u: A_TM brought through L_T (rows m−2, m−1); v: A_BM through
            // L_B (rows m+3, m+2). Column a is row m of M, column b is row m+1.
            let uA2 = lambda * D2[m - 2], uA1 = lambda * D1[m - 1] - L1[m - 1] * uA2, uB1 = lambda * D2[m - 1]
            let vB3 = lambda * D2[m + 1], vB2 = lambda * D1[m + 1] - L1[m + 2] * vB3, vA2 = lambda * D2[m]
            let s00 = w[m] + lambda * D0[m] - uA2 * uA2 * inv[m - 2] - uA1 * uA1 * inv[m - 1] - vA2 * vA2 * inv[m + 2]
            let s01 = lambda * D1[m] - uA1 * uB1 * inv[m - 1] - vA2 * vB2 * inv[m + 2]
            let s11 = w[m + 1] + lambda * D0[m + 1] - uB1 * uB1 * inv[m - 1] - vB2 * vB2 * inv[m + 2] - vB3 * vB3 * inv[m + 3]
            let r0 = w[m] * y[m] - uA2 * inv[m - 2] * z[m - 2] - uA1 * inv[m - 1] * z[m - 1] - vA2 * inv[m + 2] * z[m + 2]
            let r1 = w[m + 1] * y[m + 1] - uB1 * inv[m - 1] * z[m - 1] - vB2 * inv[m + 2] * z[m + 2] - vB3 * inv[m + 3] * z[m + 3]
            let det = s00 * s11 - s01 * s01
            let zm = (r0 * s11 - s01 * r1) / det, zm1 = (s00 * r1 - s01 * r0) / det
            z[m] = zm; z[m + 1] = zm1

            // Back substitution of both halves, side by side.
            z[m - 2] -= uA2 * zm
            z[m - 1] -= uA1 * zm + uB1 * zm1
            z[m + 2] -= vA2 * zm + vB2 * zm1
            z[m + 3] -= vB3 * zm1
            var t1 = z[m - 1] * inv[m - 1]
            z[m - 1] = t1
            var t2 = t1
            t1 = z[m - 2] * inv[m - 2] - L1[m - 1] * t2
            z[m - 2] = t1
            var b1 = z[m + 2] * inv[m + 2]
            z[m + 2] = b1
            var b2 = b1
            b1 = z[m + 3] * inv[m + 3] - L1[m + 2] * b2
            z[m + 3] = b1
            var ti = m - 3, bj = m + 4
            @inline(__always) func backTop() {
                let v = z[ti] * inv[ti] - L2[ti + 2] * t2 - L1[ti + 1] * t1
                z[ti] = v; t2 = t1; t1 = v; ti -= 1
            }
            @inline(__always) func backBottom() {
                let v = z[bj] * inv[bj] - L2[bj - 2] * b2 - L1[bj - 1] * b1
                z[bj] = v; b2 = b1; b1 = v; bj += 1
            }
            let backTopCount = m - 2, backBottomCount = n - m - 4
            for _ in 0..<min(backTopCount, backBottomCount) { backTop(); backBottom() }
            for _ in min(backTopCount, backBottomCount)..<backTopCount { backTop() }
            for _ in min(backTopCount, backBottomCount)..<backBottomCount { backBottom() }
        }
    }
}
