// SPDX-License-Identifier: GPL-3.0-or-later

/// One record of provenance: what was done to a value, with every parameter, so it can be replayed.
public struct ProcessingStep: Sendable, Codable, Hashable, CustomStringConvertible {
    /// What was done (`"read"`, `"savitzkyGolay"`, `"baseline.asls"`).
    public var name: String
    /// Every parameter of the step, as text (numbers printed in full precision).
    public var parameters: [String: String]

    /// A step named `name` with its parameters as text.
    public init(_ name: String, _ parameters: [String: String] = [:]) {
        self.name = name
        self.parameters = parameters
    }

    public var description: String {
        parameters.isEmpty ? name : name + "(" + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
    }
}
