// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// `--curves` adds the arrays a user needs to redraw or continue the analysis; the default JSON has none.
@Suite("--curves")
struct CurvesJSONTests {
    static func json(_ s: String) throws -> [String: Any] { try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any] }

    @Test("xps fit --curves: envelope = background + components, residuals = intensity − envelope")
    func xps() throws {
        let path = TestData.temporaryDirectory() + "/f1s.csv"
        try SyntheticF1s.threeSeparated.csv(seed: 4).write(toFile: path, atomically: true, encoding: .utf8)
        let plain = try Self.json(try runCLI(["xps", "fit", path, "--preset", "f1s-sei", "--single-model", "--json", "-"]).stdout)
        #expect(plain["curves"] == nil)
        let r = try runCLI(["xps", "fit", path, "--preset", "f1s-sei", "--single-model", "--curves", "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        let c = try #require(j["curves"] as? [String: Any])
        let be = c["bindingEnergy"] as! [Double], y = c["intensity"] as! [Double], bg = c["background"] as! [Double]
        let env = c["envelope"] as! [Double], res = c["residuals"] as! [Double]
        let comps = c["components"] as! [[String: Any]]
        #expect(comps.map { $0["name"] as! String } == (j["components"] as! [[String: Any]]).map { $0["name"] as! String })
        #expect(be.count == 301 && y.count == be.count && env.count == be.count)
        var worst = 0.0
        for i in be.indices {
            let sum = bg[i] + comps.reduce(0) { $0 + ($1["values"] as! [Double])[i] }
            worst = max(worst, abs(sum - env[i]), abs(y[i] - env[i] - res[i]))
        }
        #expect(worst < 1e-6 * (y.max() ?? 1))
    }

    @Test("ftir peaks --curves: corrected = absorbance − baseline; the fit follows the corrected trace")
    func ftir() throws {
        let path = TestData.packageRoot + "/Spectra/polystyrene_film.SPC"
        let plain = try Self.json(try runCLI(["ftir", "peaks", path, "--json", "-"]).stdout)
        #expect(plain["curves"] == nil)
        let r = try runCLI(["ftir", "peaks", path, "--curves", "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        let c = try #require(j["curves"] as? [String: Any])
        let x = c["x"] as! [Double], a = c["absorbance"] as! [Double], b = c["baseline"] as! [Double], y = c["corrected"] as! [Double], fit = c["fit"] as! [Double]
        let bands = c["bands"] as! [[Double]]
        #expect(bands.count == (j["peaks"] as! [Any]).count)
        #expect(x.count == y.count && a.count == y.count && b.count == y.count && fit.count == y.count)
        #expect(zip(zip(a, b), y).allSatisfy { abs($0.0 - $0.1 - $1) < 1e-9 })
        // Where bands were fitted, the model follows the data to within a few per cent of the strongest band.
        let top = y.max()!
        let rms = (zip(y, fit).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(y.count)).squareRoot()
        #expect(rms < 0.05 * top, "rms \(rms) vs \(top)")
    }
}
