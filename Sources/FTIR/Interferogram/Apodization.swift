// SPDX-License-Identifier: GPL-3.0-or-later
import RealModule

/// Apodization functions A(u) of the normalised optical path difference u = |x|/L ∈ [0, 1]
/// (FTIR.md §3 step 6; Norton & Beer, JOSA 66 (1976) 259; Harris, Proc. IEEE 66 (1978) 51).
public enum Apodization: String, Sendable, Codable, CaseIterable {
    /// Boxcar (none), triangular, Happ–Genzel, 3- and 4-term Blackman–Harris, Norton–Beer weak, medium and strong, cosine.
    case boxcar, triangular, happGenzel, blackmanHarris3, blackmanHarris4, nortonBeerWeak, nortonBeerMedium, nortonBeerStrong, cosine

    /// The weight at u = |x|/L (0 beyond u = 1).
    @inlinable
    public func weight(_ u: Double) -> Double {
        let u = abs(u)
        if u > 1 { return 0 }
        let p = Double.pi
        switch self {
        case .boxcar: return 1
        case .triangular: return 1 - u
        case .happGenzel: return 0.54 + 0.46 * Double.cos(p * u)
        case .blackmanHarris3: return 0.42323 + 0.49755 * Double.cos(p * u) + 0.07922 * Double.cos(2 * p * u)
        case .blackmanHarris4: return 0.35875 + 0.48829 * Double.cos(p * u) + 0.14128 * Double.cos(2 * p * u) + 0.01168 * Double.cos(3 * p * u)
        case .nortonBeerWeak: return Self.nortonBeer(u, [0.384093, -0.087577, 0.703484])
        case .nortonBeerMedium: return Self.nortonBeer(u, [0.152442, -0.136176, 0.983734])
        case .nortonBeerStrong: return Self.nortonBeer(u, [0.045335, 0, 0.554883, 0, 0.399782])
        case .cosine: return Double.cos(p * u / 2)
        }
    }

    @usableFromInline
    static func nortonBeer(_ u: Double, _ c: [Double]) -> Double {
        let q = 1 - u * u
        var s = 0.0, power = 1.0
        for ci in c { s += ci * power; power *= q }
        return s
    }

    /// Parses OPUS `APF` codes (BX, TR, HG, B3, B4, NBW, NBM, NBS) and common names.
    public init?(code: String) {
        switch code.uppercased() {
        case "BX", "BOXCAR": self = .boxcar
        case "TR", "TRI", "TRIANGULAR": self = .triangular
        case "HG", "HAPPGENZEL", "HAPP-GENZEL": self = .happGenzel
        case "B3", "BH3", "BLACKMANHARRIS3": self = .blackmanHarris3
        case "B4", "BH4", "BLACKMANHARRIS4": self = .blackmanHarris4
        case "NBW", "NB-WEAK": self = .nortonBeerWeak
        case "NBM", "NB-MEDIUM": self = .nortonBeerMedium
        case "NBS", "NB-STRONG": self = .nortonBeerStrong
        case "COS", "COSINE": self = .cosine
        default: return nil
        }
    }
}
