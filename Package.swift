// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// CI's release step (`.ci/run`) runs the differential suites again in an optimised build,
/// where the kernels take their SIMD and threaded paths. With `ALTA_RELEASE_SUITES=1` the
/// test targets hold only those suites' files (and the helpers they use), so that step does
/// not compile the other suites (most of the tests) optimised; targets not listed are left out.
/// An empty list keeps the whole target. SwiftPM's manifest cache is keyed by the
/// environment too, so a later plain `swift test` sees every test target again.
let releaseSuiteFiles: [String: [String]] = [
    "AltaTensorsTests": [],
    "AltaTransformerTests": [
        "StackedRuntimeTests.swift", "SequenceAttentionTests.swift", "HookTests.swift", "PreparedModelTests.swift",
        "ExportTests.swift", "SparseBackendTests.swift", "LoopReuseTests.swift", "ColumnTableTests.swift",
        "ReferenceForward.swift", "NaiveForward.swift", "SparseModelGenerator.swift",
    ],
    "RASPTests": ["LibraryConformanceTests.swift", "Support"],
    "RASPCompilerTests": ["ReferenceConformanceTests.swift", "ExactnessTests.swift", "TestSupport.swift"],
    "ALTATests": ["SCANInterpreterTests.swift", "TestHelpers.swift", "CachedPrograms.swift"],
    "ALTACompilerTests": ["LibraryConformanceTests.swift", "SCANCompiledTests.swift", "Support"],
    "AltaCLITests": [
        "CompiledWeightsFingerprintTests.swift", "SCANCommandTests.swift", "ExportedEncodingTests.swift",
        "InProcess.swift",
    ],
]
let releaseSuitesOnly = ProcessInfo.processInfo.environment["ALTA_RELEASE_SUITES"] == "1"

/// A test target, or in the release step (`releaseSuitesOnly`) its release suites or nothing.
func tests(_ name: String, _ dependencies: [Target.Dependency]) -> Target? {
    guard releaseSuitesOnly else { return .testTarget(name: name, dependencies: dependencies) }
    guard let files = releaseSuiteFiles[name] else { return nil }
    return .testTarget(name: name, dependencies: dependencies, sources: files.isEmpty ? nil : files)
}

let package = Package(
    name: "Alta",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "alta", targets: ["alta"]),
        .library(name: "AltaTensors", targets: ["AltaTensors"]),
        .library(name: "AltaTransformer", targets: ["AltaTransformer"]),
        .library(name: "PythonValues", targets: ["PythonValues"]),
        .library(name: "Craft", targets: ["Craft"]),
        .library(name: "RASP", targets: ["RASP"]),
        .library(name: "RASPCompiler", targets: ["RASPCompiler"]),
        .library(name: "ALTA", targets: ["ALTA"]),
        .library(name: "ALTACompiler", targets: ["ALTACompiler"]),
        .library(name: "AltaPrograms", targets: ["AltaPrograms"]),
        .library(name: "AltaTraining", targets: ["AltaTraining"]),
        .library(name: "RASPText", targets: ["RASPText"]),
        .library(name: "ALTAText", targets: ["ALTAText"]),
        .library(name: "AltaBench", targets: ["AltaBench"]),
        .library(name: "AltaReport", targets: ["AltaReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The dense-product micro-kernels for AVX2 and AVX-512, each C function compiled for
        // its unit alone (`__attribute__((target(...)))`, no build flags) and chosen at run time.
        .target(name: "AltaKernelsC"),
        .target(name: "AltaTensors", dependencies: ["AltaKernelsC"]),
        .target(name: "AltaTransformer", dependencies: ["AltaTensors"]),
        .target(name: "PythonValues"),
        .target(name: "Craft", dependencies: ["AltaTransformer", "PythonValues"]),
        .target(name: "RASP", dependencies: ["PythonValues"]),
        .target(name: "RASPCompiler", dependencies: ["RASP", "Craft"]),
        .target(name: "RASPText", dependencies: ["RASP"], resources: [.copy("Library/rasplib.rasp"), .copy("Library/tracrlib.rasp")]),
        .target(name: "ALTA"),
        .target(name: "ALTACompiler", dependencies: ["ALTA", "Craft"]),
        .target(
            name: "AltaPrograms",
            dependencies: ["AltaTensors", "AltaTransformer", "RASP", "ALTA"],
            // Tracr's reference table and the SCAN data (with its licence), read through
            // `LibraryResources`.
            resources: [.copy("Resources/tracr_models.json"), .copy("Resources/SCAN")]
        ),
        // `.alta` files: programs as text (lexer, parser, elaboration to `ALTAProgram`) and the
        // library programs written that way (`Library/`).
        .target(name: "ALTAText", dependencies: ["ALTA"], resources: [.copy("Library")]),
        .target(
            name: "AltaTraining",
            dependencies: ["AltaTensors", "AltaTransformer", "ALTA", "ALTACompiler", "AltaPrograms"]
        ),
        // The benchmarks behind `alta bench`: measurements, baselines and their tables.
        .target(
            name: "AltaBench",
            dependencies: ["AltaTensors", "AltaTransformer", "RASP", "RASPCompiler", "ALTA", "ALTACompiler", "AltaPrograms", "AltaTraining"]
        ),
        // `alta report`: one self-contained HTML page about a run (graph, residual stream,
        // attention, and for ALTA the interpreter's trace and fired rules).
        .target(name: "AltaReport", dependencies: ["AltaTensors", "AltaTransformer", "ALTA"]),
        .target(
            name: "AltaCLI",
            dependencies: [
                "AltaTensors", "AltaTransformer", "Craft", "RASP", "RASPCompiler", "RASPText",
                "ALTA", "ALTACompiler", "AltaPrograms", "ALTAText", "AltaTraining", "AltaBench", "AltaReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "alta", dependencies: ["AltaCLI"]),
        .target(
            name: "AltaTestSupport",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tests/AltaTestSupport"
        ),
    ] + [
        tests("AltaTensorsTests", ["AltaTensors", "AltaTestSupport"]),
        tests("AltaTransformerTests", ["AltaTransformer", "AltaTensors", "AltaTestSupport"]),
        tests("PythonValuesTests", ["PythonValues", "AltaTestSupport"]),
        tests("CraftTests", ["Craft", "PythonValues", "AltaTestSupport"]),
        tests("RASPTests", ["RASP", "AltaPrograms", "AltaTensors", "AltaTestSupport"]),
        tests("RASPCompilerTests", ["RASPCompiler", "RASP", "AltaPrograms", "AltaTensors", "AltaTransformer", "AltaTestSupport"]),
        tests("RASPTextTests", ["RASPText", "RASP", "RASPCompiler", "AltaPrograms", "AltaTestSupport"]),
        tests("ALTATests", ["ALTA", "AltaPrograms", "AltaTensors", "AltaTransformer", "AltaTestSupport"]),
        tests(
            "ALTACompilerTests",
            ["ALTACompiler", "ALTA", "AltaPrograms", "AltaTensors", "AltaTransformer", "Craft", "AltaTestSupport"]
        ),
        tests(
            "AltaTrainingTests",
            ["AltaTraining", "AltaTensors", "AltaTransformer", "ALTA", "ALTACompiler", "AltaPrograms", "AltaTestSupport"]
        ),
        tests("ALTATextTests", ["ALTAText", "ALTA", "ALTACompiler", "AltaPrograms", "AltaTransformer", "AltaTestSupport"]),
        // The program library on its own: resources, the SCAN data and grammar, every entry
        // compiled.
        tests(
            "AltaProgramsTests",
            ["AltaPrograms", "RASP", "RASPCompiler", "ALTA", "ALTACompiler", "AltaTransformer", "AltaTestSupport"]
        ),
        tests(
            "AltaReportTests",
            [
                "AltaReport", "AltaTransformer", "AltaTensors", "ALTA", "ALTACompiler", "RASP", "RASPCompiler", "AltaPrograms",
                "AltaTestSupport",
            ]
        ),
        tests("AltaBenchTests", ["AltaBench", "AltaTransformer", "AltaTraining", "ALTACompiler", "AltaPrograms", "AltaTestSupport"]),
        tests("AltaCLITests", ["AltaCLI", "AltaBench", "AltaTestSupport"]),
    ].compactMap { $0 },
    swiftLanguageModes: [.v6]
)
