// swift-tools-version: 6.1
// A program of your own in the Swift DSL, in a package that depends on Alta.
import PackageDescription

let package = Package(
    name: "Histogram",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Alta's repository; here two folders up. From elsewhere: .package(path: "path/to/alta").
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "Histogram",
            dependencies: [
                .product(name: "RASP", package: "Alta"),
                .product(name: "RASPCompiler", package: "Alta"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
