import Foundation

/// The package's root folder, for tests that run the CLI or the Python cross-check there.
///
/// Everything the tests read lives in the repository: the data files are resources of
/// `AltaPrograms` (`LibraryResources`), so nothing outside the package root is needed.
public enum PackageRoot {
    /// `<package>`, found from this file's path (`<package>/Tests/AltaTestSupport/PackageRoot.swift`).
    public static func url(file: StaticString = #filePath) -> URL {
        URL(fileURLWithPath: "\(file)")
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
