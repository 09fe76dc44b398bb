/// The producing software's name and version, recorded in exports.
public enum AltaVersion {
    /// Semantic version of this package.
    public static let version = "0.1.0"
    /// `alta <version>`.
    public static let producer = "alta \(version)"
}
