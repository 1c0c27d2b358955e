// SPDX-License-Identifier: GPL-3.0-or-later

/// The version of Interphase: the command line's `--version` and the Python package's `__version__`.
public enum InterphaseVersion {
    /// The version text, `MAJOR.MINOR.PATCH`.
    public static let current = "0.1.0"
}
