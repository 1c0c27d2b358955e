// swift-tools-version: 6.0
// Interphase: FTIR, XPS and SEM analysis for battery-interface research.
// SPDX-License-Identifier: GPL-3.0-or-later
import PackageDescription

let package = Package(
    name: "Interphase",
    products: [
        .library(name: "Interphase", targets: ["Interphase"]),
        .library(name: "InterphaseCore", targets: ["InterphaseCore"]),
        .library(name: "InterphaseReport", targets: ["InterphaseReport"]),
        .library(name: "FTIR", targets: ["FTIR"]),
        .library(name: "XPS", targets: ["XPS"]),
        .library(name: "SEM", targets: ["SEM"]),
        .library(name: "InterphaseIO", targets: ["InterphaseIO"]),
        .library(name: "InterphaseFigures", targets: ["InterphaseFigures"]),
        .executable(name: "interphase", targets: ["interphase"]),
        // The C ABI the Python package loads (python/): built with -static-stdlib by python/setup.py.
        .library(name: "InterphaseC", type: .dynamic, targets: ["InterphaseC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // System libraries: module map + shim header only. Clients never import these.
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3",
                       providers: [.apt(["libfftw3-dev"]), .brew(["fftw"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        .systemLibrary(name: "CTIFF", pkgConfig: "libtiff-4",
                       providers: [.apt(["libtiff-dev"]), .brew(["libtiff"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg",
                       providers: [.apt(["libjpeg62-turbo-dev"]), .brew(["jpeg-turbo"])]),
        // stb_image from Debian's libstb-dev (a shared library): BMP.
        .systemLibrary(name: "CSTB", pkgConfig: "stb",
                       providers: [.apt(["libstb-dev"])]),
        // The only C code: libpng's and libjpeg's setjmp error handling and libtiff's varargs getters.
        .target(name: "_InterphaseShims", dependencies: ["CPNG", "CTIFF", "CJPEG"]),
        .target(name: "InterphaseCore", dependencies: [
            "CFFTW", "_InterphaseShims", "CSTB",
            .product(name: "Numerics", package: "swift-numerics"),
        ]),
        .target(name: "InterphaseReport", dependencies: ["InterphaseCore", "CCairo"]),
        .target(name: "FTIR", dependencies: ["InterphaseCore"]),
        .target(name: "XPS", dependencies: ["InterphaseCore", .product(name: "Numerics", package: "swift-numerics")]),
        .target(name: "SEM", dependencies: ["InterphaseCore", .product(name: "ComplexModule", package: "swift-numerics")]),
        // Any file by content: format detection across the techniques (`SpectrumFile`, `FileInfo`).
        .target(name: "InterphaseIO", dependencies: ["InterphaseCore", "FTIR", "XPS", "SEM"]),
        // One figure function per result (`FTIRFigures`, `XPSFigures`, `SEMFigures`).
        .target(name: "InterphaseFigures", dependencies: ["InterphaseCore", "InterphaseReport", "FTIR", "XPS", "SEM",
                                                          .product(name: "Numerics", package: "swift-numerics")]),
        // The umbrella: re-exports, and the demo that runs every pipeline on the bundled data.
        .target(name: "Interphase", dependencies: ["InterphaseCore", "InterphaseReport", "FTIR", "XPS", "SEM", "InterphaseIO", "InterphaseFigures"]),
        // The C ABI: requests in, records and named arrays out, calling the library's task values.
        .target(name: "InterphaseC", dependencies: ["Interphase"]),
        .executableTarget(name: "interphase", dependencies: [
            "Interphase",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "spectrum-peaks", dependencies: ["Interphase"], path: "Examples/spectrum-peaks"),
        .executableTarget(name: "lif-fraction", dependencies: ["Interphase"], path: "Examples/lif-fraction"),
        .executableTarget(name: "fibre-diameters", dependencies: ["Interphase"], path: "Examples/fibre-diameters"),
        .executableTarget(name: "ftir-bands", dependencies: ["Interphase"], path: "Examples/ftir-bands"),
        .target(name: "_TestSupport", dependencies: ["InterphaseCore"], path: "Tests/_TestSupport"),
        .testTarget(name: "InterphaseCoreTests", dependencies: ["InterphaseCore", "_TestSupport"]),
        .testTarget(name: "InterphaseReportTests", dependencies: ["InterphaseReport", "_TestSupport"]),
        .testTarget(name: "FTIRTests", dependencies: ["FTIR", "_TestSupport"]),
        .testTarget(name: "XPSTests", dependencies: ["XPS", "_TestSupport"]),
        .testTarget(name: "SEMTests", dependencies: ["SEM", "_TestSupport"]),
        .testTarget(name: "InterphaseCLITests", dependencies: ["interphase", "lif-fraction", "fibre-diameters", "ftir-bands",
                                                              "_TestSupport", "InterphaseCore", "FTIR", "SEM", "Interphase"]),
    ],
    swiftLanguageModes: [.v6]
)
