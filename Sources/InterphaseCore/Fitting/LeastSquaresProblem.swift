// SPDX-License-Identifier: GPL-3.0-or-later

/// The validated problem: data, weights and the mapping between free and full parameter vectors.
struct Problem {
    let y: [Double]
    let w: [Double]
    let m: Int
    var params: [FitParameter]
    let free: [Int]
    /// (target index, source index, scale, offset)
    let links: [(Int, Int, Double, Double)]
    let absolute: Bool
    let weightsAreUnit: Bool
    /// Scratch for the model's full Jacobian when free and full parameters differ.
    var fullJacobian: [Double] = []

    init(y: [Double], weighting: Weighting, parameters: [FitParameter]) throws(FitError) {
        m = y.count
        self.y = y
        var names: [String: Int] = [:]
        for (i, p) in parameters.enumerated() {
            if names[p.name] != nil { throw .duplicateParameter(p.name) }
            names[p.name] = i
            if !p.value.isFinite { throw .nonFiniteStart(parameter: p.name) }
            if !(p.lower <= p.upper) { throw .invalidBounds(parameter: p.name, lower: p.lower, upper: p.upper) }
        }
        var ps = parameters
        for i in ps.indices where ps[i].isFree { ps[i].value = min(max(ps[i].value, ps[i].lower), ps[i].upper) }
        var links: [(Int, Int, Double, Double)] = []
        for (i, p) in ps.enumerated() {
            guard let l = p.link, !p.isFixed else { continue }
            guard let s = names[l.source] else { throw .unknownLinkSource(parameter: p.name, source: l.source) }
            if ps[s].link != nil && !ps[s].isFixed { throw .chainedLink(parameter: p.name, source: l.source) }
            links.append((i, s, l.scale, l.offset))
        }
        self.links = links
        free = ps.indices.filter { ps[$0].isFree && ps[$0].lower < ps[$0].upper }
        params = ps
        if free.isEmpty { throw .noFreeParameters }
        if m < free.count { throw .tooFewPoints(points: m, freeParameters: free.count) }
        for i in y.indices where !y[i].isFinite { throw .invalidWeight(index: i, value: y[i]) }
        switch weighting {
        case .uniform:
            w = [Double](repeating: 1, count: m); absolute = false; weightsAreUnit = true
        case .poisson:
            w = y.map { 1 / max($0, 1).squareRoot() }; absolute = true; weightsAreUnit = false
        case .sigma(let s):
            guard s.count == m else { throw .sizeMismatch(what: "sigma", expected: m, found: s.count) }
            for (i, v) in s.enumerated() where !(v > 0 && v.isFinite) { throw .invalidWeight(index: i, value: v) }
            w = s.map { 1 / $0 }; absolute = true; weightsAreUnit = false
        case .weights(let ws):
            guard ws.count == m else { throw .sizeMismatch(what: "weights", expected: m, found: ws.count) }
            for (i, v) in ws.enumerated() where !(v > 0 && v.isFinite) { throw .invalidWeight(index: i, value: v) }
            w = ws; absolute = false; weightsAreUnit = false
        }
    }

    func expand(_ p: [Double]) -> [Double] {
        var full = params.map(\.value)
        for (k, i) in free.enumerated() { full[i] = p[k] }
        for (t, s, a, b) in links { full[t] = a * full[s] + b }
        return full
    }

    func parameterDictionary(_ full: [Double]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(params.map(\.name), full))
    }

    /// Weighted residuals r = w (f − y) into `r`; returns χ², or nil if the model was not finite.
    func evaluate(_ full: [Double], model: ModelFunction, f: inout [Double], r: inout [Double]) -> Double? {
        full.withUnsafeBufferPointer { p in f.withUnsafeMutableBufferPointer { model(p, $0) } }
        var chi2 = 0.0
        for i in 0..<m {
            let v = w[i] * (f[i] - y[i])
            r[i] = v
            chi2 += v * v
        }
        return chi2.isFinite ? chi2 : nil
    }

    /// Weighted Jacobian of the residuals with respect to the free parameters, column-major m×n,
    /// into `J` (m·n values, overwritten). The buffers live as long as the solve, so no iteration
    /// allocates (a fresh Jacobian of a 34-parameter, 1944-point fit is half a megabyte, and its page
    /// faults cost more than computing it).
    mutating func jacobian(p: [Double], full: [Double], f: [Double], options: LevenbergMarquardt,
                           model: ModelFunction, analytic: JacobianFunction?, evaluations: inout Int,
                           into J: inout [Double]) throws(FitError) {
        let n = free.count
        if let analytic {
            // Every parameter free and unlinked (the usual band fit): the model's Jacobian is the
            // free one, written in place. Entries the function does not write are zero.
            if links.isEmpty && n == params.count {
                J.withUnsafeMutableBufferPointer { jb in
                    jb.update(repeating: 0)
                    full.withUnsafeBufferPointer { pp in analytic(pp, jb) }
                    if !weightsAreUnit {
                        w.withUnsafeBufferPointer { wb in
                            for k in 0..<n { Self.scale(jb.baseAddress! + k * m, by: wb.baseAddress!, m) }
                        }
                    }
                }
                return
            }
            for i in J.indices { J[i] = 0 }
            if fullJacobian.count != m * params.count { fullJacobian = [Double](repeating: 0, count: m * params.count) }
            var Jf = fullJacobian
            fullJacobian = []
            defer { fullJacobian = Jf }
            Jf.withUnsafeMutableBufferPointer { jb in
                jb.update(repeating: 0)
                full.withUnsafeBufferPointer { pp in analytic(pp, jb) }
            }
            var column = [Int](repeating: -1, count: params.count)
            for (k, i) in free.enumerated() { column[i] = k }
            for j in 0..<params.count {
                var k = column[j], scale = 1.0
                if k < 0, let l = links.first(where: { $0.0 == j }) { k = column[l.1]; scale = l.2 }
                if k < 0 { continue }
                for i in 0..<m { J[k * m + i] += scale * Jf[j * m + i] }
            }
            J.withUnsafeMutableBufferPointer { jb in
                w.withUnsafeBufferPointer { wb in
                    for k in 0..<n { Self.scale(jb.baseAddress! + k * m, by: wb.baseAddress!, m) }
                }
            }
        } else {
            var f1 = [Double](repeating: 0, count: m), f2 = f1, r = f1
            let eps = Double.ulpOfOne
            for k in 0..<n {
                let lo = params[free[k]].lower, hi = params[free[k]].upper
                let base = p[k]
                let central = options.derivative == .central
                var h = (central ? eps.squareRoot().squareRoot() * 0.4 : eps.squareRoot()) * (base == 0 ? 1 : abs(base))
                if central && (base - h >= lo) && (base + h <= hi) {
                    var pp = p
                    pp[k] = base + h
                    guard evaluate(expand(pp), model: model, f: &f1, r: &r) != nil else { throw .nonFiniteModel(evaluation: evaluations, parameters: parameterDictionary(expand(pp))) }
                    pp[k] = base - h
                    guard evaluate(expand(pp), model: model, f: &f2, r: &r) != nil else { throw .nonFiniteModel(evaluation: evaluations, parameters: parameterDictionary(expand(pp))) }
                    evaluations += 2
                    for i in 0..<m { J[k * m + i] = w[i] * (f1[i] - f2[i]) / (2 * h) }
                } else {
                    if base + h > hi { h = -h }
                    var pp = p
                    pp[k] = base + h
                    let hEff = pp[k] - base
                    guard evaluate(expand(pp), model: model, f: &f1, r: &r) != nil else { throw .nonFiniteModel(evaluation: evaluations, parameters: parameterDictionary(expand(pp))) }
                    evaluations += 1
                    for i in 0..<m { J[k * m + i] = w[i] * (f1[i] - f[i]) / hEff }
                }
            }
        }
    }

    /// column[i] *= w[i], four at a time (the compiler cannot prove the two do not overlap, so the
    /// plain loop stayed scalar); each product is the same as the scalar one.
    @inline(__always)
    static func scale(_ column: UnsafeMutablePointer<Double>, by w: UnsafePointer<Double>, _ m: Int) {
        let rc = UnsafeMutableRawPointer(column), rw = UnsafeRawPointer(w)
        var i = 0
        while i + 4 <= m {
            let v = rc.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self) * rw.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
            rc.storeBytes(of: v, toByteOffset: 8 * i, as: SIMD4<Double>.self)
            i += 4
        }
        while i < m { column[i] *= w[i]; i += 1 }
    }

    /// JᵀJ (row-major n×n) and Jᵀr.
    /// Σ x[i]·y[i] with four running sums of four lanes each (sixteen partial sums, added in a fixed
    /// order), so the loop vectorises; the order does not depend on anything but m.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ m: Int) -> Double {
        var a0 = SIMD4<Double>(), a1 = a0, a2 = a0, a3 = a0
        var i = 0
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
        while i + 16 <= m {
            a0 += rx.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self) * ry.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
            a1 += rx.loadUnaligned(fromByteOffset: 8 * (i + 4), as: SIMD4<Double>.self) * ry.loadUnaligned(fromByteOffset: 8 * (i + 4), as: SIMD4<Double>.self)
            a2 += rx.loadUnaligned(fromByteOffset: 8 * (i + 8), as: SIMD4<Double>.self) * ry.loadUnaligned(fromByteOffset: 8 * (i + 8), as: SIMD4<Double>.self)
            a3 += rx.loadUnaligned(fromByteOffset: 8 * (i + 12), as: SIMD4<Double>.self) * ry.loadUnaligned(fromByteOffset: 8 * (i + 12), as: SIMD4<Double>.self)
            i += 16
        }
        var s = ((a0 + a1) + (a2 + a3)).sum()
        while i < m { s += x[i] * y[i]; i += 1 }
        return s
    }

    /// Σ x[i]·y_k[i] for the four columns y_k = y + k·m, each in one running sum of four lanes
    /// (a fixed order that depends only on m).
    @inline(__always)
    static func dot4(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ m: Int) -> SIMD4<Double> {
        var a0 = SIMD4<Double>(), a1 = a0, a2 = a0, a3 = a0
        let rx = UnsafeRawPointer(x), r0 = UnsafeRawPointer(y), r1 = r0 + 8 * m, r2 = r1 + 8 * m, r3 = r2 + 8 * m
        var i = 0
        while i + 4 <= m {
            let v = rx.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
            a0 += v * r0.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
            a1 += v * r1.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
            a2 += v * r2.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
            a3 += v * r3.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
            i += 4
        }
        var s = SIMD4(a0.sum(), a1.sum(), a2.sum(), a3.sum())
        while i < m {
            let v = x[i]
            s += SIMD4(v * y[i], v * y[m + i], v * y[2 * m + i], v * y[3 * m + i])
            i += 1
        }
        return s
    }

    func normalEquations(_ J: [Double], _ r: [Double], n: Int) -> ([Double], [Double]) {
        var A = [Double](repeating: 0, count: n * n), g = [Double](repeating: 0, count: n)
        normalEquations(J, r, n: n, A: &A, g: &g)
        return (A, g)
    }

    func normalEquations(_ J: [Double], _ r: [Double], n: Int, A: inout [Double], g: inout [Double]) {
        J.withUnsafeBufferPointer { Jp in
            r.withUnsafeBufferPointer { rp in
                for a in 0..<n {
                    let ca = Jp.baseAddress! + a * m
                    g[a] = Self.dot(ca, rp.baseAddress!, m)
                    // Four columns b against column a per pass: a's values are loaded once for four
                    // products (the loop is bound by loads, not arithmetic).
                    var b = 0
                    while b + 4 <= a + 1 {
                        let t = Self.dot4(ca, Jp.baseAddress! + b * m, m)
                        for k in 0..<4 {
                            A[a * n + b + k] = t[k]
                            A[(b + k) * n + a] = t[k]
                        }
                        b += 4
                    }
                    while b <= a {
                        let t = Self.dot(ca, Jp.baseAddress! + b * m, m)
                        A[a * n + b] = t
                        A[b * n + a] = t
                        b += 1
                    }
                }
            }
        }
    }

    mutating func solve(options: LevenbergMarquardt, model: ModelFunction, jacobian analytic: JacobianFunction?) throws(FitError) -> FitResult {
        let n = free.count
        var p = free.map { params[$0].value }
        var full = expand(p)
        var f = [Double](repeating: 0, count: m), r = f
        var fNew = f, rNew = f
        var evaluations = 1
        guard var chi2 = evaluate(full, model: model, f: &f, r: &r) else {
            throw .nonFiniteModel(evaluation: 0, parameters: parameterDictionary(full))
        }
        var lambda = options.initialDamping
        var nu = 2.0
        var iterations = 0
        var reason: StopReason = .maxIterations
        let lows = free.map { params[$0].lower }, highs = free.map { params[$0].upper }
        var J = [Double](repeating: 0, count: m * n)
        var A = [Double](repeating: 0, count: n * n), g = [Double](repeating: 0, count: n)

        outer: while iterations < options.maxIterations {
            iterations += 1
            if chi2 == 0 { reason = .exactFit; break }
            try jacobian(p: p, full: full, f: f, options: options, model: model, analytic: analytic, evaluations: &evaluations, into: &J)
            normalEquations(J, r, n: n, A: &A, g: &g)
            // Active set: parameters on a bound that the descent direction −g pushes outward.
            var active = [Bool](repeating: false, count: n)
            for k in 0..<n {
                if p[k] <= lows[k] && g[k] > 0 { active[k] = true }
                if p[k] >= highs[k] && g[k] < 0 { active[k] = true }
            }
            let idx = (0..<n).filter { !active[$0] }
            if idx.isEmpty { reason = .gradientTolerance; break }
            let rNorm = chi2.squareRoot()
            var gmax = 0.0
            for k in idx where A[k * n + k] > 0 { gmax = max(gmax, abs(g[k]) / (rNorm * A[k * n + k].squareRoot())) }
            if gmax <= options.gradientTolerance { reason = .gradientTolerance; break }
            let q = idx.count
            while true {
                var M = [Double](repeating: 0, count: q * q), rhs = [Double](repeating: 0, count: q)
                for (a, ka) in idx.enumerated() {
                    rhs[a] = -g[ka]
                    for (b, kb) in idx.enumerated() { M[a * q + b] = A[ka * n + kb] }
                    M[a * q + a] += lambda * max(A[ka * n + ka], 1e-30)
                }
                var delta = [Double](repeating: 0, count: n)
                if let c = Cholesky(M, n: q) {
                    let d = c.solve(rhs)
                    for (a, ka) in idx.enumerated() { delta[ka] = d[a] }
                } else {
                    lambda *= nu; nu *= 2
                    if lambda > 1e20 { reason = .noImprovement; break outer }
                    continue
                }
                var pNew = p
                for k in 0..<n { pNew[k] = min(max(p[k] + delta[k], lows[k]), highs[k]); delta[k] = pNew[k] - p[k] }
                // Predicted decrease of χ² for the (clipped) step under the linear model.
                var pred = 0.0
                for a in 0..<n {
                    var Ad = 0.0
                    for b in 0..<n { Ad += A[a * n + b] * delta[b] }
                    pred -= 2 * g[a] * delta[a] + delta[a] * Ad
                }
                let fullNew = expand(pNew)
                let chi2New = evaluate(fullNew, model: model, f: &fNew, r: &rNew)
                evaluations += 1
                if let chi2New, chi2New < chi2 {
                    let rho = pred > 0 ? (chi2 - chi2New) / pred : 1
                    lambda *= max(1.0 / 3.0, 1 - pow3(2 * rho - 1))
                    nu = 2
                    let relDecrease = (chi2 - chi2New) / chi2
                    var stepNorm = 0.0, pNorm = 0.0
                    for k in 0..<n { stepNorm += delta[k] * delta[k]; pNorm += p[k] * p[k] }
                    p = pNew; full = fullNew; chi2 = chi2New
                    swap(&f, &fNew); swap(&r, &rNew)
                    if chi2 == 0 { reason = .exactFit; break outer }
                    if relDecrease <= options.chiSquareTolerance && pred / chi2 <= options.chiSquareTolerance { reason = .chiSquareTolerance; break outer }
                    if stepNorm.squareRoot() <= options.stepTolerance * (pNorm.squareRoot() + options.stepTolerance) { reason = .stepTolerance; break outer }
                    break
                } else {
                    // At the minimum, rounding makes every step fail. Recognise it by the gain the linear
                    // model predicts for a nearly undamped (Gauss–Newton) step; under heavy damping every
                    // step is tiny, so a tiny predicted gain there proves nothing.
                    if pred >= 0 && pred <= options.chiSquareTolerance * chi2 * 1e-2 && lambda < 1e3 { reason = .chiSquareTolerance; break outer }
                    lambda *= nu; nu *= 2
                    if lambda > 1e20 { reason = .noImprovement; break outer }
                }
            }
        }
        return try result(p: p, full: full, f: f, r: r, chi2: chi2, iterations: iterations, evaluations: evaluations,
                          reason: reason, options: options, model: model, analytic: analytic, J: &J)
    }

    mutating func result(p: [Double], full: [Double], f: [Double], r: [Double], chi2: Double, iterations: Int, evaluations: Int,
                         reason: StopReason, options: LevenbergMarquardt, model: ModelFunction, analytic: JacobianFunction?,
                         J: inout [Double]) throws(FitError) -> FitResult {
        let n = free.count
        var evals = evaluations
        try jacobian(p: p, full: full, f: f, options: options, model: model, analytic: analytic, evaluations: &evals, into: &J)
        let (A, _) = normalEquations(J, r, n: n)
        let dof = m - n
        let redchi = chi2 / Double(max(dof, 1))
        let scaled = options.scaleCovariance ?? !absolute
        var warnings: [String] = []
        if dof == 0 { warnings.append("as many points as free parameters: the reduced chi-square and scaled errors are undefined") }
        var cov: [Double]? = nil
        if let c = Cholesky(A, n: n) {
            var inv = c.inverse()
            if scaled { for i in inv.indices { inv[i] *= redchi } }
            cov = inv
        } else {
            warnings.append("the normal matrix is singular at the solution: some parameters are not determined by the data; no standard errors")
        }
        var se = [Double?](repeating: nil, count: params.count)
        if let cov { for (k, i) in free.enumerated() { se[i] = cov[k * n + k] >= 0 ? cov[k * n + k].squareRoot() : nil } }
        for (t, s, a, _) in links where se[s] != nil { se[t] = abs(a) * se[s]! }
        var out: [FitResult.Parameter] = []
        for (i, prm) in params.enumerated() {
            let isFree = free.contains(i)
            let atBound = isFree && (full[i] <= prm.lower || full[i] >= prm.upper)
            if atBound { warnings.append("parameter \(prm.name) ended on its bound (\(full[i])); its standard error ignores the bound") }
            out.append(.init(name: prm.name, value: full[i], standardError: se[i], isFree: isFree, atBound: atBound))
        }
        if !reason.isConvergence { warnings.append("not converged: \(reason.rawValue) after \(iterations) iterations") }
        return FitResult(parameters: out, freeParameterNames: free.map { params[$0].name }, covariance: cov,
                         chiSquare: chi2, degreesOfFreedom: dof, reducedChiSquare: redchi, iterations: iterations,
                         evaluations: evals, stopReason: reason, covarianceScaled: scaled, warnings: warnings, bestFit: f)
    }
}

@inline(__always) private func pow3(_ x: Double) -> Double { x * x * x }
