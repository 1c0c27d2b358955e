// swift-tools-version: 6.0
// libFuzzer harness for Interphase's readers, kept out of the main build (no `main`).
// Run: bash ../scripts/fuzz.sh [seconds]
import PackageDescription

let package = Package(
    name: "InterphaseFuzz",
    dependencies: [.package(name: "Interphase", path: "..")],
    targets: [
        .executableTarget(name: "fuzz-readers", dependencies: [.product(name: "InterphaseCore", package: "Interphase"), .product(name: "FTIR", package: "Interphase"), .product(name: "XPS", package: "Interphase"), .product(name: "SEM", package: "Interphase")]),
    ]
)
