// SPDX-License-Identifier: GPL-3.0-or-later

/// Decoding of JCAMP-DX "ASDF" data lines (McDonald & Wilks 1988; JCAMP-DX 5.01): AFFN, PAC, SQZ,
/// DIF and DUP, in any mixture.
enum JCAMPCompression {
    enum Token: Equatable {
        /// An absolute value (AFFN, PAC or SQZ).
        case value(Double)
        /// A difference from the previous value (DIF).
        case difference(Double)
        /// Repeat the previous token so that it occurs `count` times in all (DUP).
        case duplicate(Int)
        /// `?`: a missing value.
        case missing
    }

    static func sqzDigit(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "@"): 0
        case UInt8(ascii: "A")...UInt8(ascii: "I"): Int(c - UInt8(ascii: "A")) + 1
        case UInt8(ascii: "a")...UInt8(ascii: "i"): -(Int(c - UInt8(ascii: "a")) + 1)
        default: nil
        }
    }

    static func difDigit(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "%"): 0
        case UInt8(ascii: "J")...UInt8(ascii: "R"): Int(c - UInt8(ascii: "J")) + 1
        case UInt8(ascii: "j")...UInt8(ascii: "r"): -(Int(c - UInt8(ascii: "j")) + 1)
        default: nil
        }
    }

    static func dupDigit(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "S")...UInt8(ascii: "Z"): Int(c - UInt8(ascii: "S")) + 1
        case UInt8(ascii: "s"): 9
        default: nil
        }
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Whether the line uses any compressed pseudo-digit other than E/e (which are also exponents).
    static func hasCompression(_ line: [UInt8]) -> Bool {
        line.contains { c in
            if c == UInt8(ascii: "E") || c == UInt8(ascii: "e") { return false }
            return sqzDigit(c) != nil || difDigit(c) != nil || dupDigit(c) != nil
        }
    }

    /// Splits one data line into tokens, or returns the byte column of the first character that
    /// cannot start or continue a number.
    ///
    /// `E`/`e` is read as an exponent only on lines without other compressed characters and only
    /// when followed by a sign and a digit; elsewhere it is the SQZ digit ±5 (FTIR.md §2.3 case 1).
    static func tokenize(_ line: [UInt8]) -> Result<[Token], TokenError> {
        let compressed = hasCompression(line)
        var tokens: [Token] = []
        var i = 0
        let n = line.count
        func readDigits(from start: Int) -> (String, Int) {
            var j = start
            var s = ""
            while j < n, isDigit(line[j]) || line[j] == UInt8(ascii: ".") { s.append(Character(UnicodeScalar(line[j]))); j += 1 }
            return (s, j)
        }
        while i < n {
            let c = line[i]
            if c == 32 || c == 9 || c == UInt8(ascii: ",") || c == UInt8(ascii: ";") { i += 1; continue }
            if c == UInt8(ascii: "$"), i + 1 < n, line[i + 1] == UInt8(ascii: "$") { break } // comment
            if c == UInt8(ascii: "?") { tokens.append(.missing); i += 1; continue }
            if isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") {
                var j = i
                var s = ""
                if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { s.append(Character(UnicodeScalar(c))); j += 1 }
                let (digits, k) = readDigits(from: j)
                s += digits
                j = k
                // An exponent needs a sign (C's %e always writes one); an unsigned E is the SQZ digit +5.
                if !compressed, j + 2 < n, line[j] == UInt8(ascii: "E") || line[j] == UInt8(ascii: "e"),
                   line[j + 1] == UInt8(ascii: "+") || line[j + 1] == UInt8(ascii: "-"), isDigit(line[j + 2]) {
                    let (ed, ek) = readDigits(from: j + 2)
                    if !ed.contains(".") { s += "e" + String(UnicodeScalar(line[j + 1])) + ed; j = ek }
                }
                guard let v = Double(s) else { return .failure(TokenError(column: i + 1, text: s)) }
                tokens.append(.value(v))
                i = j
                continue
            }
            if let d = sqzDigit(c) {
                let (digits, k) = readDigits(from: i + 1)
                guard let mag = Double(String(abs(d)) + digits) else { return .failure(TokenError(column: i + 1, text: String(UnicodeScalar(c)) + digits)) }
                tokens.append(.value(d < 0 ? -mag : mag))
                i = k
                continue
            }
            if let d = difDigit(c) {
                let (digits, k) = readDigits(from: i + 1)
                guard let mag = Double(String(abs(d)) + digits) else { return .failure(TokenError(column: i + 1, text: String(UnicodeScalar(c)) + digits)) }
                tokens.append(.difference(d < 0 ? -mag : mag))
                i = k
                continue
            }
            if let d = dupDigit(c) {
                let (digits, k) = readDigits(from: i + 1)
                guard let count = Int(String(d) + digits), count >= 1 else { return .failure(TokenError(column: i + 1, text: String(UnicodeScalar(c)) + digits)) }
                tokens.append(.duplicate(count))
                i = k
                continue
            }
            return .failure(TokenError(column: i + 1, text: String(UnicodeScalar(c))))
        }
        return .success(tokens)
    }

    struct TokenError: Error, Equatable {
        var column: Int
        var text: String
    }
}

/// Expands the tokens of consecutive `(X++(Y..Y))` lines into ordinate values, applying the
/// DIF Y-check rule: when the previous line ended in DIF form, the first ordinate of the next line
/// repeats the previous line's last value; it is compared and dropped.
struct JCAMPYDecoder {
    private(set) var values: [Double] = []
    /// (line, expected, found) for every Y-check that disagreed.
    private(set) var checkFailures: [(line: Int, expected: Double, found: Double)] = []
    /// X check value (abscissa in XFACTOR units) and the index of the first ordinate of each line.
    private(set) var lineStarts: [(line: Int, x: Double, index: Int)] = []
    private var endedInDifference = false

    enum DecodeError: Error { case missingValue(line: Int), dupWithoutValue(line: Int), noXValue(line: Int), tooManyValues(line: Int, limit: Int) }

    /// The most ordinates the block may decode to: a DUP count is a number in the file, and one token
    /// must not make an array larger than the spectrum can be (a fuzzed 22 kB file asked for 1 GB).
    let limit: Int
    init(limit: Int) { self.limit = limit }

    mutating func add(_ tokens: [JCAMPCompression.Token], line: Int) throws(DecodeError) {
        guard case .value(let x)? = tokens.first else {
            if tokens.isEmpty { return }
            throw .noXValue(line: line)
        }
        var lineValues: [Double] = []
        var last: Double? = values.last
        var previous: JCAMPCompression.Token? = nil
        for t in tokens.dropFirst() {
            switch t {
            case .value(let v):
                lineValues.append(v); last = v; previous = t
            case .difference(let d):
                guard let l = last else { throw .dupWithoutValue(line: line) }
                let v = l + d
                lineValues.append(v); last = v; previous = t
            case .duplicate(let count):
                // A DUP repeats the previous token: a value is repeated, a DIF is applied again.
                guard let p = previous, var current = last else { throw .dupWithoutValue(line: line) }
                guard count <= limit - values.count - lineValues.count else { throw .tooManyValues(line: line, limit: limit) }
                for _ in 1..<max(count, 1) {
                    if case .difference(let d) = p { current += d }
                    lineValues.append(current)
                }
                last = current
            case .missing:
                throw .missingValue(line: line)
            }
        }
        // The Y-check: only when the previous line ended in DIF (or a DUP of a DIF).
        if endedInDifference, let prior = values.last, let first = lineValues.first {
            if abs(first - prior) > 1e-9 * max(abs(prior), 1) { checkFailures.append((line, prior, first)) }
            lineValues.removeFirst()
        }
        var lastKind: JCAMPCompression.Token? = nil
        for t in tokens.dropFirst() {
            if case .duplicate = t { continue }
            lastKind = t
        }
        endedInDifference = { if case .difference? = lastKind { return true } else { return false } }()
        lineStarts.append((line, x, values.count))
        values += lineValues
    }
}
