// SPDX-License-Identifier: GPL-3.0-or-later
import ComplexModule
import Foundation
import Testing
import _TestSupport
@testable import InterphaseCore

/// The DFT by its definition, O(n²): the reference the FFT must match.
func naiveDFT(_ x: [Complex<Double>], sign: Double = -1) -> [Complex<Double>] {
    let n = x.count
    return (0..<n).map { k in
        var s = Complex<Double>(0, 0)
        for j in 0..<n {
            let a = sign * 2 * Double.pi * Double(j * k % n) / Double(n)
            s = s + x[j] * Complex(Foundation.cos(a), Foundation.sin(a))
        }
        return s
    }
}

@Suite("FFT over FFTW")
struct FFTTests {
    @Test("real FFT matches the DFT definition", arguments: [1, 2, 7, 16, 17, 64, 100, 243])
    func realMatchesDefinition(n: Int) {
        var rng = SplitMix64(seed: UInt64(n))
        let x = (0..<n).map { _ in rng.normal() }
        let X = FFT.forward(x)
        let ref = naiveDFT(x.map { Complex($0, 0) })
        #expect(X.count == n / 2 + 1)
        let scale = Double(n).squareRoot() * 4
        for k in 0..<X.count {
            #expect(abs(X[k].real - ref[k].real) < 1e-12 * scale)
            #expect(abs(X[k].imaginary - ref[k].imaginary) < 1e-12 * scale)
        }
        let back = FFT.inverse(X, count: n)
        for i in 0..<n { #expect(abs(back[i] - x[i]) < 1e-13 * scale) }
    }

    @Test("complex FFT matches the DFT definition and round-trips")
    func complexMatches() {
        var rng = SplitMix64(seed: 3)
        let x = (0..<60).map { _ in Complex(rng.normal(), rng.normal()) }
        let X = FFT.forward(x)
        let ref = naiveDFT(x)
        for k in x.indices { #expect((X[k] - ref[k]).length < 1e-11) }
        let back = FFT.inverse(X)
        for k in x.indices { #expect((back[k] - x[k]).length < 1e-13) }
    }

    @Test("known transforms: delta, cosine, Gaussian")
    func knownTransforms() {
        let n = 256
        var delta = [Double](repeating: 0, count: n)
        delta[0] = 1
        for v in FFT.forward(delta) { #expect(abs(v.real - 1) < 1e-15 && abs(v.imaginary) < 1e-15) }
        // cos(2π·5j/n) has n/2 at bins ±5 and zero elsewhere.
        let c = (0..<n).map { Foundation.cos(2 * Double.pi * 5 * Double($0) / Double(n)) }
        let C = FFT.forward(c)
        for k in C.indices { #expect(abs(C[k].length - (k == 5 ? Double(n) / 2 : 0)) < 1e-10) }
        // A periodic Gaussian of σ = 8 samples transforms to a Gaussian of σ_k = n/(2π·8) bins.
        let sigma = 8.0
        let g = (0..<n).map { j -> Double in let d = Double(min(j, n - j)); return Foundation.exp(-d * d / (2 * sigma * sigma)) }
        let G = FFT.forward(g)
        let sk = Double(n) / (2 * Double.pi * sigma)
        for k in 0..<40 {
            let expected = G[0].real * Foundation.exp(-Double(k * k) / (2 * sk * sk))
            #expect(abs(G[k].real - expected) < 1e-9 * G[0].real)
        }
    }

    @Test("Float precision round trip and Parseval")
    func floatPrecision() {
        var rng = SplitMix64(seed: 9)
        let x = (0..<4096).map { _ in Float(rng.normal()) }
        let X = FFT.forward(x)
        let back = FFT.inverse(X, count: x.count)
        var maxErr: Float = 0
        for i in x.indices { maxErr = max(maxErr, abs(back[i] - x[i])) }
        #expect(maxErr < 1e-5)
        // Parseval: Σ|x|² = (1/n) Σ|X|² over the full spectrum (half spectrum doubled except DC and Nyquist).
        let time = x.reduce(Float(0)) { $0 + $1 * $1 }
        var freq = X[0].lengthSquared + X[X.count - 1].lengthSquared
        for k in 1..<(X.count - 1) { freq += 2 * X[k].lengthSquared }
        #expect(abs(freq / Float(x.count) - time) / time < 1e-4)
    }

    @Test("2-D real transform finds a plane wave at its frequency, and round-trips")
    func twoDimensional() throws {
        let rows = 48, cols = 64, ky = 5, kx = 9
        let img = (0..<(rows * cols)).map { i -> Double in
            let y = Double(i / cols), x = Double(i % cols)
            return Foundation.cos(2 * Double.pi * (Double(ky) * y / Double(rows) + Double(kx) * x / Double(cols)))
        }
        let F = try FFT.forward2D(img, rows: rows, columns: cols)
        let hc = cols / 2 + 1
        #expect(F.count == rows * hc)
        var peak = (0, 0, 0.0)
        for r in 0..<rows { for c in 0..<hc where F[r * hc + c].length > peak.2 { peak = (r, c, F[r * hc + c].length) } }
        #expect(peak.0 == ky && peak.1 == kx)
        #expect(abs(peak.2 - Double(rows * cols) / 2) < 1e-8)
        let back = try FFT.inverse2D(F, rows: rows, columns: cols)
        for i in img.indices { #expect(abs(back[i] - img[i]) < 1e-12) }
        let cplx = try FFT.transform2D(img.map { Complex($0, 0) }, rows: rows, columns: cols)
        #expect(abs(cplx[ky * cols + kx].length - Double(rows * cols) / 2) < 1e-8)
        #expect(abs(cplx[((rows - ky) % rows) * cols + (cols - kx) % cols].length - Double(rows * cols) / 2) < 1e-8)
    }

    @Test("convolution and correlation follow numpy's conventions")
    func convolution() {
        // numpy.convolve([1,2,3],[0,1,0.5], mode) and numpy.correlate(..., 'full').
        #expect(FFT.convolve([1.0, 2, 3], [0, 1, 0.5]).map { ($0 * 1e12).rounded() / 1e12 } == [0, 1, 2.5, 4, 1.5])
        #expect(FFT.convolve([1.0, 2, 3], [0, 1, 0.5], mode: .same).map { ($0 * 1e12).rounded() / 1e12 } == [1, 2.5, 4])
        #expect(FFT.convolve([1.0, 2, 3], [0, 1, 0.5], mode: .valid).map { ($0 * 1e12).rounded() / 1e12 } == [2.5])
        #expect(FFT.convolve([1.0, 2, 3, 4, 5], [1, 1, 1, 1], mode: .same).map { ($0 * 1e12).rounded() / 1e12 } == [3, 6, 10, 14, 12])
        #expect(FFT.correlate([1.0, 2, 3], [0, 1, 0.5]).map { ($0 * 1e12).rounded() / 1e12 } == [0.5, 2, 3.5, 3, 0])
        // Against the direct sum on random data.
        var rng = SplitMix64(seed: 5)
        let a = (0..<301).map { _ in rng.normal() }, b = (0..<57).map { _ in rng.normal() }
        let c = FFT.convolve(a, b)
        for k in c.indices {
            var s = 0.0
            for i in max(0, k - b.count + 1)...min(k, a.count - 1) { s += a[i] * b[k - i] }
            #expect(abs(c[k] - s) < 1e-11)
        }
    }

    @Test("2-D convolution equals the direct sum")
    func convolution2D() throws {
        var rng = SplitMix64(seed: 11)
        let rows = 20, cols = 17, kr = 5, kc = 3
        let img = (0..<(rows * cols)).map { _ in rng.normal() }
        let ker = (0..<(kr * kc)).map { _ in rng.normal() }
        let same = try FFT.convolve2D(img, rows: rows, columns: cols, kernel: ker, kernelRows: kr, kernelColumns: kc)
        for r in 0..<rows {
            for c in 0..<cols {
                var s = 0.0
                for i in 0..<kr {
                    for j in 0..<kc {
                        let y = r + kr / 2 - i, x = c + kc / 2 - j
                        if y >= 0 && y < rows && x >= 0 && x < cols { s += img[y * cols + x] * ker[i * kc + j] }
                    }
                }
                #expect(abs(same[r * cols + c] - s) < 1e-11)
            }
        }
    }

    @Test("planning from many tasks at once is safe (one planner lock)")
    func concurrentPlanning() async {
        FFT.clearPlanCache()
        await withTaskGroup(of: Bool.self) { group in
            for t in 0..<16 {
                group.addTask {
                    var ok = true
                    for n in stride(from: 100 + t, to: 400, by: 37) {
                        let x = (0..<n).map { Double($0 % 7) }
                        let back = FFT.inverse(FFT.forward(x), count: n)
                        ok = ok && zip(x, back).allSatisfy { abs($0 - $1) < 1e-9 }
                        let f = (0..<n).map { Float($0 % 5) }
                        ok = ok && FFT.inverse(FFT.forward(f), count: n).count == n
                    }
                    return ok
                }
            }
            for await ok in group { #expect(ok) }
        }
        #expect(FFT.cachedPlanCount > 0)
        FFT.clearPlanCache()
        #expect(FFT.cachedPlanCount == 0)
    }

    @Test("forward transforms leave their input unchanged (FFTW r2c preserves input by default)", arguments: [4096, 65536, 1 << 20, 21504])
    func inputPreserved(n: Int) throws {
        let x = (0..<n).map { Foundation.sin(Double($0) * 12.9898) }
        let copy = x
        let _: [Complex<Double>] = FFT.forward(x)
        #expect(x == copy)
        let f: [Float] = x.map { Float($0) }
        let fc = f
        let _: [Complex<Float>] = FFT.forward(f)
        #expect(f == fc)
        let _: [Complex<Double>] = try FFT.forward2D(Array(x.prefix(4096)), rows: 64, columns: 64)
        #expect(x == copy)
    }

    @Test("invalid shapes give a typed error; fast sizes are 7-smooth")
    func errorsAndSizes() {
        #expect(throws: FFTError.invalidShape([0])) { try RealFFTPlan<Double>(shape: [0]) }
        #expect(throws: FFTError.sizeMismatch(expected: 12, found: 11)) { try FFT.forward2D([Double](repeating: 0, count: 11), rows: 3, columns: 4) }
        #expect(FFT.forward([Double]()).isEmpty && FFT.inverse([Complex<Double>](), count: 0).isEmpty)
        #expect(FFT.nextFastSize(1000) == 1000)
        #expect(FFT.nextFastSize(1009) == 1024)
        #expect(FFT.nextFastSize(11) == 12)
    }

    @Test("buffers that are not SIMD-aligned go through an aligned copy and give the same result")
    func unalignedBuffers() throws {
        let n = 64
        let plan = try RealFFTPlan<Double>(shape: [n])
        let x = (0..<n).map { Double($0 % 5) - 2 }
        let reference = plan.forward(x)
        let raw = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
        defer { raw.deallocate() }
        let shifted = raw + (Double._alignmentOf(raw) == 0 ? 1 : 0) // 8 bytes off a 16-byte boundary
        shifted.update(from: x, count: n)
        var out = [Complex<Double>](repeating: .zero, count: n / 2 + 1)
        out.withUnsafeMutableBufferPointer { plan.forward(UnsafeBufferPointer(start: shifted, count: n), into: $0) }
        for k in out.indices { #expect((out[k] - reference[k]).length < 1e-12) }
    }
}
