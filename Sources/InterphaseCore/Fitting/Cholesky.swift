// SPDX-License-Identifier: GPL-3.0-or-later

/// Dense Cholesky factorisation for the small symmetric positive-definite systems of peak fitting
/// (n ≲ 50). Measured on this machine faster than LAPACK `dposv` up to n ≈ 24 (SWIFT.md §2).
///
///     let x = Cholesky([4, 2, 2, 3], n: 2)!.solve([2, 1])
/// - Complexity: O(n³) to factorise, O(n²) per solve.
public struct Cholesky: Sendable {
    /// The order of the system.
    public let n: Int
    /// Lower triangle, row-major n×n.
    public private(set) var l: [Double]

    /// Factorises `a` (row-major n×n, symmetric). Returns nil when `a` is not positive definite.
    public init?(_ a: [Double], n: Int) {
        self.n = n
        var l = a
        let ok = l.withUnsafeMutableBufferPointer { p -> Bool in
            for j in 0..<n {
                var d = p[j * n + j]
                for k in 0..<j { d -= p[j * n + k] * p[j * n + k] }
                if !(d > 0) || !d.isFinite { return false }
                let ljj = d.squareRoot()
                p[j * n + j] = ljj
                for i in (j + 1)..<max(n, j + 1) {
                    var s = p[i * n + j]
                    for k in 0..<j { s -= p[i * n + k] * p[j * n + k] }
                    p[i * n + j] = s / ljj
                }
                for i in 0..<j { p[i * n + j] = 0 }
            }
            return true
        }
        guard ok else { return nil }
        self.l = l
    }

    /// Solves a·x = b.
    public func solve(_ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<n {
            var s = y[i]
            for k in 0..<i { s -= l[i * n + k] * y[k] }
            y[i] = s / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<max(n, i + 1) { s -= l[k * n + i] * y[k] }
            y[i] = s / l[i * n + i]
        }
        return y
    }

    /// The inverse of a (row-major n×n).
    public func inverse() -> [Double] {
        var inv = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let col = solve(e)
            for i in 0..<n { inv[i * n + j] = col[i] }
        }
        return inv
    }
}
