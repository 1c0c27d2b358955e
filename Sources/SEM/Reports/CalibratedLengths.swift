// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

// Calibrated values as lengths. The results keep plain numbers in their JSON units (nm inside the
// analyses, µm in the records); these accessors give them as ``Length`` so that a script converts
// units by type instead of by remembering which field is in which unit. Pixels are not lengths:
// every accessor is nil without a calibration.

extension FiberAnalysis.Result {
    /// The mean pixel size as a length (nil without calibration).
    public var pixelSize: Length? { pixelSizeNM.map { Length($0, .nanometre) } }
    /// The length-weighted mean diameter (sub-pixel route) as a length (nil without calibration).
    public var meanDiameter: Length? { diameterNM.map { Length($0.mean, .nanometre) } }
    /// The length-weighted mean of 2·EDT as a length (nil without calibration).
    public var meanDiameterEDT: Length? { diameterEDTNM.map { Length($0.mean, .nanometre) } }
}

extension PorosityAnalysis.Result {
    /// The mean pixel size as a length (nil without calibration).
    public var pixelSize: Length? { pixelSizeNM.map { Length($0, .nanometre) } }
}

extension DepositThickness.Result {
    /// The mean deposit thickness as a length (nil without calibration).
    public var meanThickness: Length? { thickness.map { Length($0.mean, .micrometre) } }
}

extension SEMFibersOutput {
    /// The record's mean diameter (``diameter``) as a length (nil without calibration).
    public var meanDiameter: Length? { diameter?.length(\.mean) }
}
