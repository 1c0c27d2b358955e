// SPDX-License-Identifier: GPL-3.0-or-later
import _TestSupport
@testable import XPS

extension SyntheticF1s {
    func region(seed: UInt64) throws -> XPSRegion {
        try XPSRegion(name: "F 1s", bindingEnergy: energies, intensity: counts(seed: seed), intensityKind: .counts,
                      countsPerUnit: 1, source: "synthetic-\(seed)")
    }
}
