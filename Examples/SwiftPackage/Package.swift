// swift-tools-version: 6.1
// A program of your own in the Swift DSL, in a package that depends on Alta.
import PackageDescription

let package = Package(
    name: "Histogram",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Alta's repository, here two folders up; from your own folder, its path (e.g. "../alta").
        // `name:` lets the products be named `package: "Alta"` whatever the folder is called.
        .package(name: "Alta", path: "../.."),
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
