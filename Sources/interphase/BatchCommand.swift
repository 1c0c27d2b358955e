// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation

/// `interphase batch`: runs one analysis over many files, each in its own `interphase` process,
/// several at a time. A file that fails (or crashes, or hangs past `--timeout`) is recorded with its
/// error and the batch goes on. Results are JSON Lines in input order, whatever `--jobs` is.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run an analysis over a folder or a list of files in parallel, as JSON Lines.",
        discussion: """
            Everything after `--` is the analysis, as you would type it after `interphase` for one file;
            the file is appended, or put where `{}` stands (`{stem}`: its name without extension, for
            per-file figures). `--json -` is added. Example:

              interphase batch spectra/ --ext vms --output f1s.jsonl -- xps fit --preset f1s-sei
              interphase batch mats/ --ext tif --jobs 2 --output fibres.jsonl -- sem fibers --pixel-size 50nm --report figs/{stem}.png

            Each line of the output is the analysis's JSON with "file" and "status" ("ok" or "error",
            with "error" and "exitCode"). Re-running with the same --output skips files already done
            (status ok) and retries the others. --shard I/N takes every N-th file starting at the I-th
            (1-based) of the sorted list, so N machines (a Slurm job array, GNU parallel) split a set.
            A summary table goes to standard output when --output is a file, to standard error otherwise.
            The exit code is 1 when any file failed.
            """
    )

    /// Files and folders, then `--` and the analysis (split in ``inputs`` and ``command``).
    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Files and folders (searched recursively; hidden files skipped), then -- and the analysis, e.g. -- xps fit --preset f1s-sei.", valueName: "inputs -- analysis"))
    var arguments: [String] = []

    var command: [String] { arguments.firstIndex(of: "--").map { Array(arguments[($0 + 1)...]) } ?? [] }
    /// The inputs before `--`, with batch options given among them (after the first input) applied.
    var inputs: [String] = []

    /// Batch options may follow the first input (`batch dir/ --ext vms -- ...`); the passthrough
    /// capture keeps them, so they are taken out here.
    mutating func splitArguments() throws {
        let head = arguments.firstIndex(of: "--").map { Array(arguments[..<$0]) } ?? arguments
        var i = 0
        inputs = []
        func value(_ name: String) throws -> String {
            guard i + 1 < head.count else { throw ValidationError("\(name) needs a value") }
            i += 1
            return head[i]
        }
        while i < head.count {
            let t = head[i]
            switch t {
            case "--list": list = try value(t)
            case "--ext": ext = try value(t)
            case "--jobs": guard let n = Int(try value(t)) else { throw ValidationError("--jobs must be a number") }; jobs = n
            case "--shard": shard = try value(t)
            case "--output": output = try value(t)
            case "--timeout": guard let v = Double(try value(t)) else { throw ValidationError("--timeout must be a number") }; timeout = v
            case "--no-resume": noResume = true
            default:
                if t.hasPrefix("--") { throw ValidationError("unknown batch option '\(t)'; the analysis's options go after --") }
                inputs.append(t)
            }
            i += 1
        }
    }

    @Option(help: "A text file listing one input path per line.")
    var list: String?

    @Option(help: "Only files with these extensions, comma-separated (case-insensitive), e.g. vms,xy.")
    var ext: String?

    @Option(help: "Files analysed at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Take shard I of N (1-based), e.g. 2/8.")
    var shard: String?

    @Option(help: "Write JSON Lines here ('-' for standard output, the default). A file makes the batch resumable.")
    var output: String = "-"

    @Flag(help: "Analyse every file again even if --output already holds its result.")
    var noResume = false

    @Option(help: "Stop an analysis that runs longer than this many seconds and record it as an error.")
    var timeout: Double?

    mutating func validate() throws {
        try splitArguments()
        guard !command.isEmpty else { throw ValidationError("give the analysis after `--`, e.g. -- xps fit --preset f1s-sei") }
        guard command.first != "batch" else { throw ValidationError("a batch cannot run a batch") }
        if inputs.isEmpty && list == nil { throw ValidationError("give files, folders or --list") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let shard, Self.parseShard(shard) == nil { throw ValidationError("--shard must be I/N with 1 ≤ I ≤ N, not '\(shard)'") }
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be positive") }
    }

    static func parseShard(_ s: String) -> (index: Int, count: Int)? {
        let p = s.split(separator: "/").compactMap { Int($0) }
        guard p.count == 2, p[1] >= 1, (1...p[1]).contains(p[0]) else { return nil }
        return (p[0], p[1])
    }

    mutating func run() throws {
        try splitArguments()
        var files = try BatchInputs.expand(inputs, list: list, extensions: ext)
        if let shard, let (i, n) = Self.parseShard(shard) {
            files = files.enumerated().filter { $0.offset % n == i - 1 }.map(\.element)
        }
        var previous: [String: String] = [:] // file → its earlier record line
        if output != "-", !noResume { previous = BatchRecords.completed(in: output) }
        let todo = files.filter { previous[$0] == nil }
        let runner = BatchRunner(executable: BatchRunner.selfExecutable(), command: command, timeout: timeout,
                                 jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                 sink: output == "-" ? nil : output)
        let progress = BatchProgress(total: todo.count, skipped: files.count - todo.count)
        let results = runner.run(todo) { progress.step(failed: !$0.ok) }
        progress.finish()
        // Final output: every file of this run in input order (earlier results kept), written atomically.
        var lines: [String] = []
        for f in files {
            if let r = results[f] { lines.append(r.line) } else if let p = previous[f] { lines.append(p) }
        }
        let text = lines.map { $0 + "\n" }.joined()
        if output == "-" { FileHandle.standardOutput.write(Data(text.utf8)) }
        else {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) }
            catch { throw CLIError(message: "\(output): cannot write: \(error.localizedDescription)", code: 1) }
        }
        let table = BatchSummary.table(files: files, results: results, skipped: files.count - todo.count, seconds: progress.elapsed)
        if output == "-" { FileHandle.standardError.write(Data(table.utf8)) } else { print(table, terminator: "") }
        let failed = results.values.filter { !$0.ok }.count
        if failed > 0 { throw CLIError(message: "\(failed) of \(results.count) files failed; their errors are in the records", code: 1) }
    }
}
