// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import FTIR
import XPS
import SEM

extension InterferogramAcquisition {
    /// The interferogram(s) of an OPUS or OMNIC file with the settings the file stores, or, for any
    /// other file holding an interferogram (SPC, CSV), the settings given. Without a laser
    /// wavenumber there is no wavenumber axis, so none is invented: the call fails and says so.
    public static func load(path: String, laserWavenumber: Double? = nil, sampleSpacing: Double? = nil) throws -> InterferogramAcquisition {
        let bytes = try readFileBytes(path)
        var acq: InterferogramAcquisition
        if OPUSReader.hasSignature(bytes) {
            acq = try InterferogramAcquisition(opus: try OPUSReader().parse(bytes, path: path))
        } else if OMNICReader.hasSignature(bytes) {
            acq = try InterferogramAcquisition(omnic: try OMNICReader().parse(bytes, path: path))
        } else {
            let file = try SpectrumFile(bytes: bytes, path: path)
            guard let ig = file.spectra.first(where: { $0.yKind == .interferogram }) else {
                throw InterferogramError.invalidParameter("\(path): no interferogram in this \(file.format) file")
            }
            guard let laserWavenumber else {
                throw InterferogramError.invalidParameter("\(path): the \(file.format) file stores no laser wavenumber; give it (HeNe: 15798.0 cm⁻¹)")
            }
            acq = InterferogramAcquisition(sample: ig, background: nil, transform: InterferogramTransform(laserWavenumber: laserWavenumber, sampleSpacing: sampleSpacing ?? 1))
        }
        if let laserWavenumber { acq.transform.laserWavenumber = laserWavenumber }
        if let sampleSpacing { acq.transform.sampleSpacing = sampleSpacing }
        return acq
    }
}
