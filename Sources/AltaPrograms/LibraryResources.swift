import Foundation

/// The data files that ship with the program library as resources of `AltaPrograms`: Tracr's
/// reference table (`tracr_models.json`) and the SCAN data set (`SCAN/`, with its licence).
///
/// The product and the tests read them only through here, so a clone of the repository
/// needs nothing beside it. The files sit in the package's resource bundle next to the
/// built executable (`.build/<configuration>/Alta_AltaPrograms.resources` on Linux).
public enum LibraryResources {
    /// The folder of the resource bundle that holds the data files.
    public static var folder: URL {
        Bundle.module.resourceURL ?? Bundle.module.bundleURL
    }

    /// A file of the bundle by its path inside it, e.g. `SCAN/tasks.txt`. The URL is not
    /// checked; reading a file that is not there fails with the path it looked at.
    public static func url(_ relativePath: String) -> URL {
        folder.appendingPathComponent(relativePath)
    }

    /// Tracr's reference table: per library program the compiled sizes, residual labels,
    /// timings and example outputs recorded from Tracr (read by `alta bench rasp` and the
    /// conformance tests).
    public static var tracrModels: URL {
        url("tracr_models.json")
    }
}
