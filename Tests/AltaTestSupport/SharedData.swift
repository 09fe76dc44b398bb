import Foundation

/// The one way tests reach `../shared/` (the reference tables and the SCAN data).
///
/// The folder is found beside the package root (`<package>/../shared`) or at
/// `$ALTA_SHARED`; a missing folder or file fails with a message that says where it looked.
public enum SharedData {
    /// A problem locating shared test data.
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// The `shared/` folder.
    public static func folder(file: StaticString = #filePath) throws -> URL {
        if let override = ProcessInfo.processInfo.environment["ALTA_SHARED"] {
            let url = URL(fileURLWithPath: override, isDirectory: true)
            if FileManager.default.fileExists(atPath: url.path) { return url }
            throw Missing(description: "ALTA_SHARED points to \(override), which does not exist")
        }
        // <package>/Tests/AltaTestSupport/SharedData.swift → <package>/../shared
        let packageRoot = URL(fileURLWithPath: "\(file)")
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        guard FileManager.default.fileExists(atPath: shared.path) else {
            throw Missing(description: """
                shared test data not found at \(shared.path): clone the repository beside \
                the shared/ folder or set ALTA_SHARED
                """)
        }
        return shared
    }

    /// A file under `shared/`, e.g. `reference/tracr_models.json`.
    public static func url(_ relativePath: String) throws -> URL {
        let url = try folder().appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Missing(description: "shared test file missing: \(url.path)")
        }
        return url
    }

    /// The contents of a file under `shared/`.
    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// The package root (for tests that run the Python cross-check or the CLI).
    public static func packageRoot(file: StaticString = #filePath) -> URL {
        URL(fileURLWithPath: "\(file)")
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
