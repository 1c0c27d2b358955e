// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// A binary image: `true` pixels (value 1) are the foreground (fibres, deposit).
public struct BinaryMask: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Row-major, 1 = foreground, 0 = background.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "BinaryMask: \(pixels.count) pixels for \(width)×\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public subscript(x: Int, y: Int) -> Bool { pixels[y * width + x] != 0 }

    public var foregroundFraction: Double {
        Double(pixels.reduce(0) { $0 + Int($1) }) / Double(max(pixels.count, 1))
    }

    public func inverted() -> BinaryMask { BinaryMask(width: width, height: height, pixels: pixels.map { 1 - min($0, 1) }) }
}

/// Exact Euclidean distance transform in linear time (Felzenszwalb & Huttenlocher, Theory of
/// Computing 8 (2012) 415): the squared 1-D transform as the lower envelope of parabolas, first down
/// every column, then along every row; pixel sizes may differ in x and y. Columns and rows run in
/// parallel. Each foreground pixel gets its distance to the nearest background pixel centre
/// (scipy's `distance_transform_edt` convention); background pixels get 0.
public enum DistanceTransform {
    /// Distances in units of `pixelWidth` (x) and `pixelHeight` (y); pixels by default.
    public static func euclidean(_ mask: BinaryMask, pixelWidth: Double = 1, pixelHeight: Double = 1) -> [Float] {
        let w = mask.width, h = mask.height
        guard w > 0, h > 0 else { return [] }
        let big = Double(w * w) * pixelWidth * pixelWidth + Double(h * h) * pixelHeight * pixelHeight + 1
        // Pass 1: squared vertical distance per column (scaled by pixelHeight²).
        var columns = [Float](repeating: 0, count: w * h)
        let chunks = Parallelism.chunks(w)
        mask.pixels.withUnsafeBufferPointer { src in
            columns.withUnsafeMutableBufferPointer { dst in
                let d = UnsafeSendable(dst.baseAddress!), s = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    var f = [Double](repeating: 0, count: h), out = [Double](repeating: 0, count: h)
                    var v = [Int](repeating: 0, count: h), z = [Double](repeating: 0, count: h + 1)
                    let x0 = chunk * w / chunks, x1 = (chunk + 1) * w / chunks
                    for x in x0..<x1 {
                        for y in 0..<h { f[y] = s.pointer[y * w + x] != 0 ? big : 0 }
                        lowerEnvelope(f, &out, &v, &z, n: h, scale: pixelHeight * pixelHeight)
                        for y in 0..<h { d.pointer[y * w + x] = Float(out[y]) }
                    }
                }
            }
        }
        // Pass 2: along rows, on the column results, then the square root.
        var result = [Float](repeating: 0, count: w * h)
        columns.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                let d = UnsafeSendable(dst.baseAddress!), s = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!))
                let rowChunks = Parallelism.chunks(h)
                DispatchQueue.concurrentPerform(iterations: rowChunks) { chunk in
                    var f = [Double](repeating: 0, count: w), out = [Double](repeating: 0, count: w)
                    var v = [Int](repeating: 0, count: w), z = [Double](repeating: 0, count: w + 1)
                    let y0 = chunk * h / rowChunks, y1 = (chunk + 1) * h / rowChunks
                    for y in y0..<y1 {
                        let row = s.pointer + y * w
                        for x in 0..<w { f[x] = Double(row[x]) }
                        lowerEnvelope(f, &out, &v, &z, n: w, scale: pixelWidth * pixelWidth)
                        let o = d.pointer + y * w
                        for x in 0..<w { o[x] = Float(out[x].squareRoot()) }
                    }
                }
            }
        }
        return result
    }

    /// d(q) = min_p (s·(q − p)² + f(p)) for q in 0..<n (Felzenszwalb & Huttenlocher, Algorithm 1).
    @inline(__always)
    static func lowerEnvelope(_ f: [Double], _ d: inout [Double], _ v: inout [Int], _ z: inout [Double], n: Int, scale s: Double) {
        var k = 0
        v[0] = 0
        z[0] = -.infinity
        z[1] = .infinity
        if n > 1 {
            for q in 1..<n {
                var sx = ((f[q] + s * Double(q * q)) - (f[v[k]] + s * Double(v[k] * v[k]))) / (2 * s * Double(q - v[k]))
                while sx <= z[k] {
                    k -= 1
                    sx = ((f[q] + s * Double(q * q)) - (f[v[k]] + s * Double(v[k] * v[k]))) / (2 * s * Double(q - v[k]))
                }
                k += 1
                v[k] = q
                z[k] = sx
                z[k + 1] = .infinity
            }
        }
        k = 0
        for q in 0..<n {
            while z[k + 1] < Double(q) { k += 1 }
            let dq = Double(q - v[k])
            d[q] = s * dq * dq + f[v[k]]
        }
    }
}

/// A raw pointer handed to concurrent workers that write disjoint ranges.
struct UnsafeSendable<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { pointer = p }
}
