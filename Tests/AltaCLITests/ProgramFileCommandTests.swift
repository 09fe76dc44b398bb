import AltaTestSupport
import Foundation
import Testing

/// `alta compile|run|compare|trace|rules FILE.rasp`: a `.rasp` file wherever a program name
/// goes, with the outputs and `--json` shapes of a library name.
@Suite(.serialized) struct ProgramFileCommandTests {
    /// Tracr's `make_reverse` as `.rasp` text (the library program `reverse`).
    static let reverse = """
        #@ vocab ["a", "b", "c"]
        #@ max_seq_len 5
        opposite = length - indices - 1;
        reverse = aggregate(select(indices, opposite, ==), tokens);
        """

    /// A scratch folder with `name` holding `text`.
    static func folder(_ text: String, name: String = "rev.rasp") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-filecli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return folder
    }

    /// The keys of a JSON object, recursively (`a.b` for nested objects, `a[].b` in arrays).
    static func shape(_ value: Any, _ prefix: String = "") -> Set<String> {
        if let object = value as? [String: Any] {
            return object.reduce(into: Set([prefix])) { keys, item in keys.formUnion(shape(item.value, prefix + "." + item.key)) }
        }
        if let array = value as? [Any] {
            return array.reduce(into: Set([prefix + "[]"])) { keys, item in keys.formUnion(shape(item, prefix + "[]")) }
        }
        return [prefix]
    }

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// A file with two candidate outputs: the last one assigned is the default.
    static let twoOutputs = """
        #@ vocab ["a", "b"]
        #@ max_seq_len 4
        same = select(tokens, tokens, ==);
        hist = selector_width(same);
        rev = aggregate(select(indices, length - indices - 1, ==), tokens);
        """

    @Test func outputSOpChoosesTheOutputOfEveryCommand() throws {
        let folder = try Self.folder(Self.twoOutputs, name: "two.rasp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("two.rasp").path
        let last = try CommandRunner.run(["run", path, "--input", "a b b"])
        #expect(last.status == 0 && last.stdout == "input:  BOS a b b\noutput: BOS b b a\n")
        let hist = try CommandRunner.run(["run", path, "--input", "a b b", "--output-sop", "hist"])
        #expect(hist.status == 0 && hist.stdout == "input:  BOS a b b\noutput: BOS 1 2 2\n")
        let compiled = try CommandRunner.run(["compile", path, "--output-sop", "hist", "-o", folder.appendingPathComponent("m").path])
        #expect(compiled.status == 0)
        #expect(compiled.stdout.hasSuffix(": 1 layer, d_model 15, 709 parameters (72 non-zero)\nexported to \(folder.appendingPathComponent("m").path)\n"))
        let compared = try CommandRunner.run(["compare", path, "--input", "a b b", "--output-sop", "hist"])
        #expect(compared.status == 0 && compared.stdout == """
            input: a b b
            s-op    after        position  evaluator  compiled
            tokens  embedding    0         a          a         ✓
                                 1         b          b         ✓
                                 2         b          b         ✓
            hist_1  layer 1 mlp  0         1          1         ✓
                                 1         2          2         ✓
                                 2         2          2         ✓

            all s-ops agree at every position

            """)
        let checkedWithTheLongName = try CommandRunner.run(["check", path, "--output-sop", "hist"])
        let checked = try CommandRunner.run(["check", path, "--output", "hist"])
        #expect(checked.status == 0 && checked.stdout == """
            \(path):5:7: warning: where this aggregate selects nothing, the REPL gives 0 and Tracr gives None
            rev = aggregate(select(indices, length - indices - 1, ==), tokens);
                  ^
            hist: categorical
            rev: categorical
            \(path): output 'hist'; 1 warning, 0 compile errors

            """)
        #expect(checkedWithTheLongName.stdout == checked.stdout)
    }

    @Test func outputSOpIsRefusedWhereItDoesNotApply() throws {
        let folder = try Self.folder(Self.twoOutputs, name: "two.rasp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("two.rasp").path
        let unknown = try CommandRunner.run(["run", path, "--input", "a b", "--output-sop", "nonesuch"])
        #expect(unknown.status == 65)
        #expect(unknown.stderr == "Error: \(path):1:1: error: the output 'nonesuch' is not defined (given on the command line; the file's s-ops: hist, rev)\n#@ vocab [\"a\", \"b\"]\n^\n")
        let selector = try CommandRunner.run(["compile", path, "--output-sop", "same", "-o", folder.appendingPathComponent("m").path])
        #expect(selector.stderr == "Error: \(path):1:1: error: the output 'same' is a selector, not an s-op (given on the command line; the file's s-ops: hist, rev)\n#@ vocab [\"a\", \"b\"]\n^\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m").path))
        let name = try CommandRunner.run(["run", "reverse", "--input", "a b", "--output-sop", "hist"])
        #expect(name.status == 1)
        #expect(name.stderr == "Error: --output-sop applies to .rasp files; 'reverse' is not a .rasp file\n")
        let compare = try CommandRunner.run(["compare", "reverse", "--input", "a b", "--output-sop", "hist"])
        #expect(compare.status == 1)
        #expect(compare.stderr == "Error: --output-sop applies to .rasp files; 'reverse' is not a .rasp file\n")
    }

    @Test func runCompilesTheFileLikeTheLibraryProgram() throws {
        let folder = try Self.folder(Self.reverse)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("rev.rasp").path
        let file = try CommandRunner.run(["run", path, "--input", "a b c"])
        let name = try CommandRunner.run(["run", "reverse", "--input", "a b c"])
        #expect(file.status == 0 && file.stdout == "input:  BOS a b c\noutput: BOS c b a\n")
        #expect(file.stdout == name.stdout)
        let fileJSON = try CommandRunner.run(["run", path, "--input", "a b c", "--json"])
        let nameJSON = try CommandRunner.run(["run", "reverse", "--input", "a b c", "--json"])
        #expect(fileJSON.stdout == nameJSON.stdout)
    }

    @Test func flagsOverrideTheFileHeader() throws {
        let folder = try Self.folder(Self.reverse)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("rev.rasp").path
        let wider = try CommandRunner.run(["run", path, "--input", "a b c d", "--vocab", "a,b,c,d", "--max-len", "4"])
        #expect(wider.status == 0 && wider.stdout == "input:  BOS a b c d\noutput: BOS d c b a\n")
        let shorter = try CommandRunner.run(["run", path, "--input", "a b c", "--max-len", "2"])
        #expect(shorter.status != 0)
        #expect(shorter.stderr == "Error: sequence 0 has 4 tokens, more than the model's maximum of 3\n")
    }

    @Test func compileAndCompareGiveTheShapesOfALibraryName() throws {
        let folder = try Self.folder(Self.reverse)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("rev.rasp").path
        let out = folder.appendingPathComponent("model").path
        let compiled = try CommandRunner.run(["compile", path, "-o", out])
        #expect(compiled.status == 0)
        #expect(compiled.stdout.hasPrefix("compiled \(path) in "))
        #expect(compiled.stdout.hasSuffix(": 3 layers, d_model 31, 4286 parameters (231 non-zero)\nexported to \(out)\n"))
        let fileJSON = try CommandRunner.run(["compile", path, "-o", folder.appendingPathComponent("m2").path, "--json"])
        let nameJSON = try CommandRunner.run(["compile", "reverse", "-o", folder.appendingPathComponent("m3").path, "--json"])
        #expect(Self.shape(try Self.json(fileJSON.stdout)) == Self.shape(try Self.json(nameJSON.stdout)))
        let compared = try CommandRunner.run(["compare", path, "--input", "a b c"])
        #expect(compared.status == 0 && compared.stdout.hasSuffix("all s-ops agree at every position\n"))
        #expect(compared.stdout.contains("reverse"))
        let compareFile = try CommandRunner.run(["compare", path, "--input", "a b c", "--json"])
        let compareName = try CommandRunner.run(["compare", "reverse", "--input", "a b c", "--json"])
        #expect(Self.shape(try Self.json(compareFile.stdout)) == Self.shape(try Self.json(compareName.stdout)))
    }

    @Test func refusalsNameTheFileAndTheReason() throws {
        let folder = try Self.folder(Self.reverse)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("rev.rasp").path
        let trace = try CommandRunner.run(["trace", path, "--input", "a"])
        #expect(trace.status != 0)
        #expect(trace.stderr == "Error: trace applies to ALTA programs; '\(path)' is a RASP program (`alta compare` shows its s-ops at every layer)\n")
        let rules = try CommandRunner.run(["rules", path])
        #expect(rules.stderr == "Error: rules applies to ALTA programs; '\(path)' is a RASP program (RASP programs have no transition rules)\n")
        let bare = try Self.folder("reverse = aggregate(select(indices, length - indices - 1, ==), tokens);\n")
        defer { try? FileManager.default.removeItem(at: bare) }
        let barePath = bare.appendingPathComponent("rev.rasp").path
        let noVocab = try CommandRunner.run(["run", barePath, "--input", "a b"])
        #expect(noVocab.stderr == "Error: \(barePath) gives no vocabulary: add a `#@ vocab` line or pass --vocab\n")
        let noLength = try CommandRunner.run(["compile", barePath, "--vocab", "a,b", "-o", bare.appendingPathComponent("m").path])
        #expect(noLength.stderr == "Error: \(barePath) gives no maximum length: add a `#@ max_seq_len` line or pass --max-len\n")
        try "#@ vocab [1, 2]\n#@ max_seq_len 3\nx = aggregate(select(indices, indices, <=), tokens);\n"
            .write(to: bare.appendingPathComponent("mean.rasp"), atomically: true, encoding: .utf8)
        let meanPath = bare.appendingPathComponent("mean.rasp").path
        let mean = try CommandRunner.run(["compile", meanPath, "-o", bare.appendingPathComponent("m").path])
        #expect(mean.status == 1)
        #expect(mean.stderr == """
            Error: \(meanPath) evaluates but does not compile (1 compile error):
            \(meanPath):3:5: error: categorical aggregate may average different values (its selector can select several keys); mark the values numerical(…) for a mean
            x = aggregate(select(indices, indices, <=), tokens);
                ^

            """)
        #expect(!FileManager.default.fileExists(atPath: bare.appendingPathComponent("m").path))
        let missing = try CommandRunner.run(["compare", bare.appendingPathComponent("none.rasp").path, "--input", "a"])
        #expect(missing.stderr == "Error: no such file: \(bare.appendingPathComponent("none.rasp").path)\n")
    }

    @Test func checkPrintsTheEncodingOfEveryNamedSOp() throws {
        let folder = try Self.folder("""
            #@ vocab [0, 1]
            #@ max_seq_len 4
            ones = numerical(tokens * 2);
            doubled = tokens + tokens;
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("rev.rasp").path
        let checked = try CommandRunner.run(["check", path])
        #expect(checked.status == 0)
        #expect(checked.stdout == "ones: numerical\ndoubled: categorical\n\(path): output 'doubled'; 0 warnings, 0 compile errors\n")
    }

    @Test func checkParsesElaboratesAndValidatesAnALTAFile() throws {
        let folder = try Self.folder("""
            program copy
            vocabulary 3
            var x: categorical 3 from token
            var done: categorical 2 = 0
            update:
                set done = 1
            output x
            layers 1
            """, name: "copy.alta")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("copy.alta").path
        let checked = try CommandRunner.run(["check", path])
        #expect(checked.status == 0)
        #expect(checked.stdout == """
            var x: categorical(range: 3) from token
            var done: categorical(range: 2) = 0
            \(path): program copy, output 'x'; 2 variables, 0 heads, 1 rule; runs 1 layer

            """)
        try "program p\nvocabulary 2\nvar x: categorical 2 from token\noutput y\nlayers 1\n"
            .write(to: folder.appendingPathComponent("bad.alta"), atomically: true, encoding: .utf8)
        let bad = try CommandRunner.run(["check", folder.appendingPathComponent("bad.alta").path])
        #expect(bad.status == 65)
        #expect(bad.stderr == "Error: \(folder.appendingPathComponent("bad.alta").path):4:8: error: unknown variable 'y'\noutput y\n       ^\n")
        try "program p\nvocabulary 2\nvar x: categorical 2 from token\noutput x\n"
            .write(to: folder.appendingPathComponent("endless.alta"), atomically: true, encoding: .utf8)
        let endless = try CommandRunner.run(["check", folder.appendingPathComponent("endless.alta").path])
        #expect(endless.status == 1)
        #expect(endless.stderr == "Error: \(folder.appendingPathComponent("endless.alta").path): the program has no halting condition, so it must say how many layers to run (write 'layers N')\n")
        let other = try CommandRunner.run(["check", "notes.txt"])
        #expect(other.stderr == "Error: check reads .rasp and .alta files; 'notes.txt' ends in neither\n")
    }
}
