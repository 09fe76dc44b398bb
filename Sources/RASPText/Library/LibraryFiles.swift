import Foundation

/// The `.rasp` library files shipped with Alta (resources of this module): `rasplib`, the
/// RASP REPL's library (RASP-TEXT §9), which every program sees, and `tracrlib`, Tracr's
/// library programs, which `load "tracrlib";` brings in.
public enum LibraryFiles {
    /// The bundled library names.
    public static let names = ["rasplib", "tracrlib"]

    /// The text of the bundled library `name` (empty when it is not bundled).
    public static func text(named name: String) -> String {
        guard names.contains(name),
            let url = Bundle.module.url(forResource: name, withExtension: "rasp"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }

    /// The library `name` as a source file named `<name>.rasp`.
    static func file(named name: String) -> SourceFile {
        SourceFile(name: name + ".rasp", text: text(named: name))
    }
}
