import AltaTestSupport
import Foundation
import Testing

/// Library programs are built for the `--vocab` and `--max-len` a command chooses, in the
/// compiled model and in the evaluator alike.
@Suite(.serialized) struct ProgramParameterTests {
    static func output(_ result: CommandRunner.Result) -> String? {
        result.stdout.split(separator: "\n").first { $0.hasPrefix("output: ") }.map { String($0.dropFirst(8)) }
    }

    /// The case: at --max-len 10 the sorts sort ten tokens with duplicates.
    @Test func sortsFollowMaxLen() throws {
        let sort = try CommandRunner.run(["run", "sort", "--max-len", "10", "--input", "2 1 2 1 2 1 2 1 2 1"])
        #expect(sort.status == 0, "\(sort.stderr)")
        #expect(Self.output(sort) == "BOS 1 1 1 1 1 2 2 2 2 2")
        let sortFreq = try CommandRunner.run(["run", "sort_freq", "--max-len", "10", "--input", "2 1 2 1 2 1 2 1 3 2"])
        #expect(sortFreq.status == 0, "\(sortFreq.stderr)")
        #expect(Self.output(sortFreq) == "BOS 2 2 2 2 2 1 1 1 1 3")
        let eval = try CommandRunner.run(["eval", "sort", "--max-len", "10", "--input", "2 1 2 1 2 1 2 1 2 1"])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(Self.output(eval) == "1 1 1 1 1 2 2 2 2 2")
        let compare = try CommandRunner.run(["compare", "sort_freq", "--max-len", "12", "--input", "3 1 2 3 1 2 3 1 2 3 3 2"])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.hasSuffix("all s-ops agree at every position\n"))
    }

    /// `eval` takes the vocabulary too, and a program's length limit follows --max-len.
    @Test func evalFollowsVocabAndMaxLen() throws {
        let sort = try CommandRunner.run(["eval", "sort", "--vocab", "5,6,20", "--max-len", "6", "--input", "20 6 5 6 5 6"])
        #expect(sort.status == 0, "\(sort.stderr)")
        #expect(Self.output(sort) == "5 5 6 6 6 20")
        let long = try CommandRunner.run(["eval", "reverse", "--max-len", "2", "--input", "a b c"])
        #expect(long.status != 0)
        #expect(long.stderr == "Error: input of 3 tokens is longer than reverse's max length 2\n")
    }

    /// `list --json` says what each RASP program needs of a vocabulary.
    @Test func listShowsVocabularyRequirements() throws {
        let list = try CommandRunner.run(["list", "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        func requirements(_ name: String) -> [String]? {
            entries.first { $0["name"] as? String == name }?["vocabulary_requirements"] as? [String]
        }
        #expect(requirements("sort") == ["numbers (sort keys)"])
        #expect(requirements("detect_pattern_abc")
            == ["holds 'a' (pattern token)", "holds 'b' (pattern token)", "holds 'c' (pattern token)"])
        #expect(requirements("nary_sequencemap_muldiv") == ["numbers (operands)", "not 0 (divisors)"])
        #expect(requirements("reverse") == [])
    }

    @Test func vocabulariesAProgramCannotTakeAreErrors() throws {
        let sort = try CommandRunner.run(["run", "sort", "--vocab", "a,b", "--input", "a b"])
        #expect(sort.status != 0)
        #expect(sort.stderr
            == "Error: cannot build sort: the vocabulary must hold only numbers (the tokens are sort keys), but it holds 'a'\n")
        let pattern = try CommandRunner.run(["eval", "detect_pattern_abc", "--vocab", "a,b,x", "--input", "a b"])
        #expect(pattern.status != 0)
        #expect(pattern.stderr == "Error: cannot build detect_pattern_abc: the vocabulary must hold the pattern token 'c'\n")
        let alta = try CommandRunner.run(["eval", "addition", "--max-len", "3", "--input", "1+2"])
        #expect(alta.status != 0)
        #expect(alta.stderr == "Error: --max-len applies to RASP programs; 'addition' is an ALTA program\n")
    }
}
