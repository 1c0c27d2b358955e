// SPDX-License-Identifier: GPL-3.0-or-later
// Doc-comment coverage of the public API, from the symbol graphs `swift package dump-symbol-graph`
// writes. Usage: swift scripts/DocCoverage.swift SYMBOLGRAPH_DIR LIST_FILE [--update|""] MODULE...
// Every public or open declaration must carry a doc comment (its own, or one it inherits from the
// protocol requirement it implements), unless LIST_FILE names it. A listed symbol that is documented
// now, or no longer exists, is an error as well, so the list only shrinks; --update rewrites it.
import Foundation

let args = CommandLine.arguments
guard args.count >= 5 else { print("usage: DocCoverage DIR LIST [--update|\"\"] MODULE..."); exit(2) }
let dir = URL(fileURLWithPath: args[1]), listPath = args[2], update = args[3] == "--update"
let modules = Array(args[4...])

var undocumented = Set<String>(), total = 0
var perModule: [String: (all: Int, missing: Int)] = [:]
for module in modules {
    let files = (try FileManager.default.contentsOfDirectory(atPath: dir.path))
        .filter { $0 == "\(module).symbols.json" || ($0.hasPrefix("\(module)@") && $0.hasSuffix(".symbols.json")) }
    var seen = Set<String>()
    for file in files {
        let data = try Data(contentsOf: dir.appendingPathComponent(file))
        guard let graph = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let symbols = graph["symbols"] as? [[String: Any]] else { continue }
        for s in symbols {
            guard let access = s["accessLevel"] as? String, access == "public" || access == "open",
                  let location = s["location"] as? [String: Any], let uri = location["uri"] as? String,
                  uri.contains("/Sources/"),
                  let path = s["pathComponents"] as? [String],
                  let kind = (s["kind"] as? [String: Any])?["identifier"] as? String else { continue }
            let key = "\(module) \(path.joined(separator: ".")) [\(kind.replacingOccurrences(of: "swift.", with: ""))]"
            guard seen.insert(key).inserted else { continue }
            total += 1
            perModule[module, default: (0, 0)].all += 1
            let lines = ((s["docComment"] as? [String: Any])?["lines"] as? [[String: Any]]) ?? []
            let text = lines.compactMap { $0["text"] as? String }.joined().trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                undocumented.insert(key)
                perModule[module, default: (0, 0)].missing += 1
            }
        }
    }
}

let header = "# Public declarations still without a doc comment (scripts/check-docs.sh). This list may only shrink.\n"
if update {
    try (header + undocumented.sorted().joined(separator: "\n") + "\n").write(toFile: listPath, atomically: true, encoding: .utf8)
    print("docs: \(undocumented.count) of \(total) public declarations undocumented; list rewritten")
    exit(0)
}
let listed = Set(((try? String(contentsOfFile: listPath, encoding: .utf8)) ?? "")
    .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty })
let new = undocumented.subtracting(listed).sorted(), stale = listed.subtracting(undocumented).sorted()
for m in modules {
    let c = perModule[m] ?? (0, 0)
    print(String(format: "docs: %@ %d of %d public declarations documented (%.0f %%)", m, c.all - c.missing, c.all,
                 c.all == 0 ? 100 : 100 * Double(c.all - c.missing) / Double(c.all)))
}
if !new.isEmpty {
    print("docs: \(new.count) public declarations without a doc comment (document them):")
    for k in new.prefix(60) { print("  " + k) }
}
if !stale.isEmpty {
    print("docs: \(stale.count) entries of \(listPath) are documented now or gone: remove them (scripts/check-docs.sh --update)")
    for k in stale.prefix(20) { print("  " + k) }
}
exit(new.isEmpty && stale.isEmpty ? 0 : 1)
