// swift-tools-version: 6.1
import PackageDescription

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
        .testTarget(name: "AltaTensorsTests", dependencies: ["AltaTensors", "AltaTestSupport"]),
        .testTarget(name: "AltaTransformerTests", dependencies: ["AltaTransformer", "AltaTensors", "AltaTestSupport"]),
        .testTarget(name: "PythonValuesTests", dependencies: ["PythonValues", "AltaTestSupport"]),
        .testTarget(name: "CraftTests", dependencies: ["Craft", "PythonValues", "AltaTestSupport"]),
        .testTarget(name: "RASPTests", dependencies: ["RASP", "AltaPrograms", "AltaTensors", "AltaTestSupport"]),
        .testTarget(
            name: "RASPCompilerTests",
            dependencies: ["RASPCompiler", "RASP", "AltaPrograms", "AltaTensors", "AltaTransformer", "AltaTestSupport"]
        ),
        .testTarget(
            name: "RASPTextTests",
            dependencies: ["RASPText", "RASP", "RASPCompiler", "AltaPrograms", "AltaTestSupport"]
        ),
        .testTarget(name: "ALTATests", dependencies: ["ALTA", "AltaPrograms", "AltaTensors", "AltaTransformer", "AltaTestSupport"]),
        .testTarget(
            name: "ALTACompilerTests",
            dependencies: ["ALTACompiler", "ALTA", "AltaPrograms", "AltaTensors", "AltaTransformer", "Craft", "AltaTestSupport"]
        ),
        .testTarget(
            name: "AltaTrainingTests",
            dependencies: ["AltaTraining", "AltaTensors", "AltaTransformer", "ALTA", "ALTACompiler", "AltaPrograms", "AltaTestSupport"]
        ),
        .testTarget(
            name: "ALTATextTests",
            dependencies: ["ALTAText", "ALTA", "ALTACompiler", "AltaPrograms", "AltaTransformer", "AltaTestSupport"]
        ),
        // The program library on its own: resources, the SCAN data and grammar, every entry
        // compiled.
        .testTarget(
            name: "AltaProgramsTests",
            dependencies: [
                "AltaPrograms", "RASP", "RASPCompiler", "ALTA", "ALTACompiler", "AltaTransformer", "AltaTestSupport",
            ]
        ),
        .testTarget(
            name: "AltaReportTests",
            dependencies: [
                "AltaReport", "AltaTransformer", "AltaTensors", "ALTA", "ALTACompiler", "RASP", "RASPCompiler", "AltaPrograms",
                "AltaTestSupport",
            ]
        ),
        .testTarget(name: "AltaBenchTests", dependencies: ["AltaBench", "AltaTransformer", "AltaTraining", "ALTACompiler", "AltaPrograms", "AltaTestSupport"]),
        .testTarget(name: "AltaCLITests", dependencies: ["AltaCLI", "AltaBench", "AltaTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
