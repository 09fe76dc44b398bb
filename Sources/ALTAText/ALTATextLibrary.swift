import Foundation

/// The library programs written as `.alta` files (the parity variants, addition, SUBLEQ and
/// sort_unique), shipped as resources of this module. Each has the name of the
/// `ALTALibrary` entry it mirrors and compiles to the same weights.
public enum ALTATextLibrary {
    /// The names of the shipped programs, sorted.
    public static let names = [
        "addition", "parity_sequential_absolute", "parity_sequential_relative", "parity_sum_mod_2",
        "parity_sum_mod_2_direct", "sort_unique", "sparse_parity_sequential_absolute",
        "sparse_parity_sequential_relative", "sparse_parity_sum_mod_2", "subleq",
    ]

    /// The file of program `name` (`Library/<name>.alta` in the resource bundle); not checked.
    public static func url(named name: String) -> URL {
        (Bundle.module.resourceURL ?? Bundle.module.bundleURL)
            .appendingPathComponent("Library").appendingPathComponent(name + ".alta")
    }

    /// The source text of program `name`.
    public static func source(named name: String) throws -> String {
        try String(contentsOf: url(named: name), encoding: .utf8)
    }

    /// Program `name` parsed and elaborated.
    public static func program(named name: String) throws -> ALTATextProgram {
        try ALTATextProgram(source: try source(named: name), file: name + ".alta")
    }
}
