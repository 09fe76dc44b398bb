import AltaPrograms
import AltaTestSupport
import Foundation
import Testing

@testable import AltaCLI
@testable import AltaTransformer

/// Every library program compiles to exactly the weights and residual labels it compiled
/// to before Craft and the RASP constructions were made sparse (fingerprints recorded from
/// the dense exports of commit fd798ee: RASP programs at `--max-len 8`, ALTA programs at
/// their defaults; SCAN is left out for its size). `NAME@N` is recorded at `--max-len N`:
/// `sort` and `sort_freq` now bake the requested length into the program, which fd798ee
/// fixed at 5, so only at 5 are they the same programs as then.
@Suite struct CompiledWeightsFingerprintTests {
    /// (program, FNV-1a 64 fingerprint of its exported tensors and residual labels).
    static let recorded: [(String, UInt64)] = [
        ("addition", 0xa60792d61bfd15fb),
        ("alta:sort_unique", 0x903273fb89f615e5),
        ("count_a", 0xa16663663ca03042),
        ("count_less_freq_2", 0x0c5bbacac43c7a99),
        ("detect_pattern_abc", 0xa5d2810e0f6cab56),
        ("detect_pattern_abc_causal", 0xa5d2810e0f6cab56),
        ("frac_prevs", 0xbe8abb416718290a),
        ("frac_prevs_causal", 0xbe8abb416718290a),
        ("hist", 0xda77338873b4a731),
        ("issue25_double_aggregate", 0x8d5e72509818d062),
        ("known_cat_to_num_map_negative", 0x4b372d3261d186b4),
        ("known_mean_value_set_then_map", 0x7c836e9ad4cdd222),
        ("known_two_selector_widths_same_layer", 0x7ad6a693cd3d4a23),
        ("length", 0x197c672d2bcc79f9),
        ("length_causal", 0x197c672d2bcc79f9),
        ("length_numerical", 0xb3b9e2b4e26f9974),
        ("nary_sequencemap_add", 0x27eb6556114e5dd1),
        ("nary_sequencemap_muldiv", 0x4a8636a9d46c2123),
        ("pair_balance", 0x45bcd3e58d81dc22),
        ("parity_sequential_absolute", 0xa6103e23772d6191),
        ("parity_sequential_relative", 0x8bbf93ad1e13b1fd),
        ("parity_sum_mod_2", 0x4923a0a31d90bc1f),
        ("parity_sum_mod_2_direct", 0x9191d7de7c58ef81),
        ("prim_aggregate_num_mean_lt", 0x1d06bb4a8eabbd4c),
        ("prim_linear_sequence_map", 0xfac08eecc2972910),
        ("prim_map_cat", 0xee03574145cbec2d),
        ("prim_map_cat_to_num", 0x6591f0d977b21542),
        ("prim_map_num_to_cat", 0x7261c8563e93846d),
        ("prim_map_num_to_num", 0xeaa7d36cf271e4ef),
        ("prim_select_aggregate_const", 0xa8bc50aa232808ab),
        ("prim_selector_width_EQ", 0x8f0e0149cceaeff5),
        ("prim_selector_width_FALSE", 0x4be3c941b79c85c6),
        ("prim_selector_width_GEQ", 0x316daa7b39491d10),
        ("prim_selector_width_GT", 0x8a7a0ef2fdd3c9ab),
        ("prim_selector_width_LEQ", 0x5e51c1c8d2c14ea0),
        ("prim_selector_width_LT", 0x15aed3ad2befd463),
        ("prim_selector_width_NEQ", 0x74afd163ee53488a),
        ("prim_selector_width_TRUE", 0x644bfb93ee8f1611),
        ("prim_sequence_map_cat", 0x81795aee17d2a52a),
        ("reverse", 0x891e4833c681bf44),
        ("shift_by_1", 0xc489b4465fd06cec),
        ("shift_by_1_causal", 0xc489b4465fd06cec),
        ("shift_by_2", 0x365d0750d794147b),
        ("shuffle_dyck1", 0x82e663b25656ff79),
        ("shuffle_dyck2", 0x574291bccb77c87c),
        ("sort@5", 0x241c8163a96f41fe),
        ("sort_freq@5", 0x2590ba96b87deef2),
        ("sort_unique", 0x52728e242a8c9192),
        ("sparse_parity_sequential_absolute", 0xa6103e23772d6191),
        ("sparse_parity_sequential_relative", 0x8bbf93ad1e13b1fd),
        ("sparse_parity_sum_mod_2", 0x713dbe25f3d278f7),
        ("subleq", 0x236b15595d040075),
    ]

    /// FNV-1a 64 over, for every exported tensor (without the attention scale folded into
    /// the queries, as when the fingerprints were recorded) in name order, `name shape\n` and then
    /// (flat index as Int64 LE, float32 bits as UInt32 LE) of each element whose bits are
    /// not all zero; then the residual labels joined by newlines.
    static func fingerprint(_ model: TransformerModel) throws -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for b in bytes {
                hash ^= UInt64(b)
                hash = hash &* 0x100_0000_01b3
            }
        }
        // The layout of the recorded exports: queries unscaled, d_head the widest head.
        let tensors = model.exportTensors(folding: false)
        for name in tensors.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let tensor = try #require(tensors[name])
            mix("\(name) \(tensor.shape.map(String.init).joined(separator: ","))\n".utf8)
            let values = try tensor.float32Values()
            for (i, v) in values.enumerated() where v.bitPattern != 0 {
                withUnsafeBytes(of: Int64(i).littleEndian) { mix($0) }
                withUnsafeBytes(of: v.bitPattern.littleEndian) { mix($0) }
            }
        }
        mix(model.residualLabels.joined(separator: "\n").utf8)
        return hash
    }

    static func compile(_ recorded: String) throws -> TransformerModel {
        let parts = recorded.split(separator: "@")
        let name = String(parts[0])
        if let entry = ProgramLookup.rasp(name) {
            return try CompileOptions.compileRASP(entry, maxLen: parts.count > 1 ? Int(parts[1]) : 8).model
        }
        return try ALTACompilation.compile(try ProgramLookup.alta(name), maxLength: nil).model
    }

    /// subleq (16 s to compile in a debug build) runs in optimised builds (`TestBuild`).
    @Test(arguments: TestBuild.cases(recorded.map(\.0), slowInDebug: ["subleq"]))
    func weightsUnchanged(program: String) throws {
        let expected = try #require(Self.recorded.first { $0.0 == program }?.1)
        let model = try Self.compile(program)
        #expect(try Self.fingerprint(model) == expected, "\(program)")
    }

    @Test func everyLibraryProgramButSCANIsRecorded() {
        let names = Set(Self.recorded.map { String($0.0.split(separator: "@")[0]) })
        let library = RASPLibrary.all.map(\.name) + ALTALibrary.all.map { ProgramLookup.displayName(alta: $0.name) }
            .filter { $0 != "scan" }
        #expect(library.filter { !names.contains($0) } == [])
    }
}
