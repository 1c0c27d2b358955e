// swift-tools-version: 6.1
// Benchmarks for Interphase, kept out of the main build (ordo-one/benchmark adds ~2 min to a clean build).
// Run: cd Benchmarks && swift package benchmark
import PackageDescription

/// What both executables link: the four Interphase libraries and raw FFTW.
let interphase: [Target.Dependency] = [
    .product(name: "InterphaseCore", package: "Interphase"),
    .product(name: "FTIR", package: "Interphase"),
    .product(name: "XPS", package: "Interphase"),
    .product(name: "SEM", package: "Interphase"),
    "CFFTWRaw",
]

let package = Package(
    name: "InterphaseBenchmarks",
    dependencies: [
        .package(name: "Interphase", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The Interphase side of peers/run.sh's kernel table (no benchmark harness: a plain timer).
        .executableTarget(
            name: "PeerKernels",
            dependencies: interphase,
            path: "PeerKernels"
        ),
        // Raw FFTW for the overhead comparison (the physical anchor).
        .systemLibrary(name: "CFFTWRaw", path: "Sources/CFFTWRaw", pkgConfig: "fftw3"),
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: interphase + [.product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
