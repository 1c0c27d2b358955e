// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The sorted, de-duplicated list of input files.
enum BatchInputs {
    static func expand(_ inputs: [String], list: String?, extensions: String?) throws -> [String] {
        var paths = inputs
        if let list {
            guard let text = try? String(contentsOfFile: list, encoding: .utf8) else {
                throw CLIError(message: "\(list): cannot read the list of inputs", code: 3)
            }
            paths += text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        let wanted = extensions.map { Set($0.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ". ")) }) }
        func keep(_ p: String) -> Bool { wanted.map { $0.contains(URL(fileURLWithPath: p).pathExtension.lowercased()) } ?? true }
        var files: [String] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { throw CLIError(message: "\(p): no such file or folder", code: 3) }
            if !isDir.boolValue { files.append(p); continue }
            guard let walker = fm.enumerator(atPath: p) else { continue }
            for case let rel as String in walker {
                let full = (p as NSString).appendingPathComponent(rel)
                if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                var d: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &d), !d.boolValue, keep(full) { files.append(full) }
            }
        }
        var seen = Set<String>()
        return files.sorted().filter { seen.insert($0).inserted }
    }
}

/// Reading earlier results for resuming.
enum BatchRecords {
    /// file → record line, for records whose status is "ok".
    static func completed(in path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var done: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let file = obj["file"] as? String, obj["status"] as? String == "ok" else { continue }
            done[file] = String(line)
        }
        return done
    }

    /// One compact, key-sorted JSON line.
    static func line(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// One file's outcome.
struct BatchResult: Sendable {
    var ok: Bool
    var line: String
    var seconds: Double
    var error: String?
}

/// Runs `interphase <command> FILE --json -` for each file in a child process, `jobs` at a time.
/// A child's crash, hang or error is that file's record, never the batch's end.
final class BatchRunner: @unchecked Sendable {
    let executable: String
    let command: [String]
    let timeout: Double?
    let jobs: Int
    /// Append each record here as it completes (so a killed batch resumes from where it was).
    let sink: String?
    private let lock = NSLock()
    // Shared by the workers, under `lock`.
    private var next = 0
    private var results: [String: BatchResult] = [:]

    init(executable: String, command: [String], timeout: Double?, jobs: Int, sink: String?) {
        self.executable = executable
        self.command = command
        self.timeout = timeout
        self.jobs = jobs
        self.sink = sink
    }

    /// This program's own binary.
    static func selfExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    func arguments(for file: String) -> [String] {
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var args = command.map { $0.replacingOccurrences(of: "{stem}", with: stem) }
        if let i = args.firstIndex(of: "{}") { args[i] = file } else { args.append(file) }
        if !args.contains("--json") { args += ["--json", "-"] }
        return args
    }

    func run(_ files: [String], onEach: @escaping @Sendable (BatchResult) -> Void) -> [String: BatchResult] {
        next = 0
        results = [:]
        if let sink, !FileManager.default.fileExists(atPath: sink) { _ = FileManager.default.createFile(atPath: sink, contents: nil) }
        let handle = sink.flatMap { FileHandle(forWritingAtPath: $0) }
        _ = try? handle?.seekToEnd()
        let sinkHandle = handle
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, files.count))) { _ in
            while true {
                lock.lock()
                let k = next
                next += 1
                lock.unlock()
                guard k < files.count else { return }
                let r = analyse(files[k])
                lock.lock()
                results[files[k]] = r
                try? sinkHandle?.write(contentsOf: Data((r.line + "\n").utf8))
                lock.unlock()
                onEach(r)
            }
        }
        try? handle?.close()
        return results
    }

    func analyse(_ file: String) -> BatchResult {
        let started = Date()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments(for: file)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        func failure(_ message: String, code: Int32) -> BatchResult {
            BatchResult(ok: false, line: BatchRecords.line(["file": file, "status": "error", "error": message, "exitCode": Int(code)]),
                        seconds: Date().timeIntervalSince(started), error: message)
        }
        do { try p.run() } catch { return failure("cannot start \(executable): \(error.localizedDescription)", code: 127) }
        // Read both pipes while the child runs (a full pipe would block it).
        let group = DispatchGroup()
        nonisolated(unsafe) var stdout = Data(), stderr = Data()
        DispatchQueue.global().async(group: group) { stdout = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { stderr = err.fileHandleForReading.readDataToEndOfFile() }
        var timedOut = false
        if let timeout {
            if group.wait(timeout: .now() + timeout) == .timedOut {
                timedOut = true
                p.terminate()
                group.wait()
            }
        } else {
            group.wait()
        }
        p.waitUntilExit()
        let message = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "interphase: ", with: "")
        if timedOut { return failure("stopped after \(timeout!) s (--timeout)", code: 124) }
        if p.terminationReason == .uncaughtSignal {
            return failure("the analysis crashed (signal \(p.terminationStatus))" + (message.isEmpty ? "" : ": \(message)"), code: 128 + p.terminationStatus)
        }
        guard p.terminationStatus == 0 else { return failure(message.isEmpty ? "exit \(p.terminationStatus)" : message, code: p.terminationStatus) }
        guard var object = (try? JSONSerialization.jsonObject(with: stdout)) as? [String: Any] else {
            return failure("the analysis printed no single JSON object", code: 1)
        }
        if object["file"] == nil { object["file"] = file }
        object["status"] = "ok"
        if !message.isEmpty { object["stderr"] = message }
        return BatchResult(ok: true, line: BatchRecords.line(object), seconds: Date().timeIntervalSince(started), error: nil)
    }
}

/// A progress bar on standard error when it is a terminal.
final class BatchProgress: @unchecked Sendable {
    let total: Int, skipped: Int
    let started = Date()
    private var done = 0, failed = 0
    private let lock = NSLock()
    private let tty = isatty(STDERR_FILENO) != 0

    init(total: Int, skipped: Int) { self.total = total; self.skipped = skipped }

    var elapsed: Double { Date().timeIntervalSince(started) }

    func step(failed f: Bool) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        if f { failed += 1 }
        guard tty else { return }
        let width = 30, filled = total > 0 ? width * done / total : width
        let rate = Double(done) / max(elapsed, 1e-9)
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = String(format: "\r[%@] %d/%d files, %d failed, %.1f files/s, ETA %.0f s ", bar, done, total, failed, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() { if tty && total > 0 { FileHandle.standardError.write(Data("\n".utf8)) } }
}

/// The table printed at the end of a batch.
enum BatchSummary {
    static func table(files: [String], results: [String: BatchResult], skipped: Int, seconds: Double) -> String {
        let ok = results.values.filter(\.ok).count, failed = results.count - ok
        var lines = [String(format: "batch: %d files: %d analysed (%d ok, %d failed), %d already done; %.1f s", files.count, results.count, ok, failed, skipped, seconds)]
        let width = min(60, files.map(\.count).max() ?? 4)
        func pad(_ s: String) -> String { s.count >= width ? String(s.suffix(width)) : s + String(repeating: " ", count: width - s.count) }
        if !results.isEmpty {
            lines.append(pad("file") + "  status  seconds  error")
            for f in files {
                guard let r = results[f] else { continue }
                lines.append(pad(f) + (r.ok ? "  ok    " : "  error ") + String(format: "  %7.2f", r.seconds) + (r.error.map { "  " + $0.prefix(120) } ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
