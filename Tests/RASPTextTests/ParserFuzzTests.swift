import AltaTensors
import RASP
import Testing

@testable import RASPText

/// A seeded parser fuzz test: thousands of random and mutated programs. Reading one never
/// crashes or hangs; every failure is a ``Diagnostic`` whose location lies in the file; every
/// program that reads also evaluates (or fails with an evaluation error) on a short input.
@Suite struct ParserFuzzTests {
    /// Programs to mutate: the worked examples and the bundled libraries.
    static let corpus: [String] = [
        "same_token = select(tokens, tokens, ==);\nhistogram = selector_width(same_token);\nhistogram;\n",
        "opposite = length - indices - 1;\nflip = select(indices, opposite, ==);\nreversed = aggregate(flip, tokens);\n",
        "keys = tokens_int;\ngoes_before = select(keys, keys, <) or (select(keys, keys, ==) and select(indices, indices, <));\ntarget = selector_width(goes_before);\nsorted = aggregate(select(target, indices, ==), keys);\n",
        "upto = select(indices, indices, <=);\nstep = indicator(tokens == \"(\") - indicator(tokens == \")\");\ndepth = round((indices + 1) * aggregate(upto, step));\nok = depth == 0 and not (depth < 0);\n",
        "def count_where(cond) {\n  return selector_width(select(cond, True, ==));\n}\nn_big = count_where(tokens_int > 3);\n",
        "#@ vocab [\"a\", \"b\"]\n#@ max_seq_len 5\nx = \"big\" if indices > 2 else \"odd\" if indices % 2 == 1 else \"even\";\n",
        "l = [i * i for i in range(4)];\nd = {\"a\": 1, \"b\": 2};\nfor i in range(3) { l = l + [i]; }\nx = d[tokens] + l[indices];\n",
        LibraryFiles.text(named: "rasplib"),
        "load \"tracrlib\";\n" + LibraryFiles.text(named: "tracrlib") + "\nx = make_sort_freq(5);\n",
    ]

    static let fragments = [
        "tokens", "indices", "length", "select(", "aggregate(", "selector_width(", "(", ")", "[", "]", "{", "}", ",", ";",
        "==", "<", ">", "<=", ">=", "!=", "+", "-", "*", "/", "%", "^", "and", "or", "not", "if", "else", "in", "for", "def",
        "return", "load", "\"a\"", "1", "0", "2.5", "x", "y", "f", "=", "#", "\n", " ", "round(", "indicator(", "True",
        "range(", "zip(", "len(", "numerical(", "#@ vocab ", "#@ output ", "exit", "draw(", "1️⃣", "\"", "'", ".",
    ]

    /// A random expression of at most `depth` levels over `names`.
    static func expression(_ depth: Int, _ names: [String], _ rng: inout SplitMix64) -> String {
        let leaves = names + ["tokens", "indices", "length", "1", "2", "\"a\"", "True", "tokens_int"]
        if depth == 0 || rng.next() % 4 == 0 { return leaves[Int(rng.next() % UInt64(leaves.count))] }
        let a = expression(depth - 1, names, &rng)
        let b = expression(depth - 1, names, &rng)
        let ops = ["+", "-", "*", "/", "%", "^", "==", "<", ">", "<=", ">=", "and", "or"]
        switch rng.next() % 12 {
        case 0: return "select(\(a), \(b), \(["==", "<", "!=", ">="][Int(rng.next() % 4)]))"
        case 1: return "aggregate(select(\(a), \(b), ==), \(expression(depth - 1, names, &rng)))"
        case 2: return "selector_width(select(\(a), \(b), <))"
        case 3: return "\(a) if \(b) else \(expression(depth - 1, names, &rng))"
        case 4: return "not \(a)"
        case 5: return "-(\(a))"
        case 6: return "round(\(a))"
        case 7: return "indicator(\(a))"
        case 8: return "(\(a))"
        default: return "\(a) \(ops[Int(rng.next() % UInt64(ops.count))]) \(b)"
        }
    }

    static func randomProgram(_ rng: inout SplitMix64) -> String {
        var names: [String] = []
        var lines: [String] = []
        if rng.next() % 3 == 0 {
            lines.append("def f(p, q) {\n  r = \(expression(2, ["p", "q"], &rng));\n  return r;\n}")
            names.append("f(tokens, indices)")
        }
        for i in 0..<Int(1 + rng.next() % 5) {
            lines.append("v\(i) = \(expression(3, names, &rng));")
            names.append("v\(i)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func mutate(_ source: String, _ rng: inout SplitMix64) -> String {
        var characters = Array(source)
        for _ in 0..<Int(1 + rng.next() % 4) {
            let position = characters.isEmpty ? 0 : Int(rng.next() % UInt64(characters.count + 1))
            switch rng.next() % 4 {
            case 0 where !characters.isEmpty:
                let end = min(characters.count, position + Int(rng.next() % 8))
                if position < end { characters.removeSubrange(position..<end) }
            case 1:
                let fragment = fragments[Int(rng.next() % UInt64(fragments.count))]
                characters.insert(contentsOf: Array(fragment), at: min(position, characters.count))
            case 2 where !characters.isEmpty:
                let start = Int(rng.next() % UInt64(characters.count))
                let end = min(characters.count, start + Int(rng.next() % 30))
                characters.insert(contentsOf: Array(characters[start..<end]), at: min(position, characters.count))
            default:
                if position < characters.count {
                    characters[position] = Array("();,=\"x1 \n#[]{}")[Int(rng.next() % 15)]
                }
            }
        }
        return String(characters)
    }

    /// Reads `source`; a failure must be a diagnostic inside the file.
    static func check(_ source: String) {
        let file = SourceFile(name: "fuzz.rasp", text: source)
        let result = Result { () throws(Diagnostic) -> RASPTextProgram in
            try RASPTextProgram(source: source, fileName: "fuzz.rasp")
        }
        switch result {
        case .success(let program):
            for semantics in EvaluationSemantics.allCases {
                _ = try? program.evaluate(TextTest.words("a b 1"), semantics: semantics)
            }
        case .failure(let diagnostic):
            if diagnostic.fileName == "fuzz.rasp" {
                #expect(diagnostic.location.line >= 1 && diagnostic.location.line <= file.lineCount, "\(diagnostic.summary)\n\(source)")
                let lineLength = file.lineText(diagnostic.location.line).count
                #expect(diagnostic.location.column >= 1 && diagnostic.location.column <= lineLength + 1, "\(diagnostic.summary)\n\(source)")
            }
            #expect(!diagnostic.message.isEmpty)
            #expect(diagnostic.description.hasPrefix(diagnostic.fileName + ":"))
        }
    }

    @Test func randomPrograms() {
        var rng = SplitMix64(seed: 0xF022)
        for _ in 0..<1500 { Self.check(Self.randomProgram(&rng)) }
    }

    @Test func mutatedPrograms() {
        var rng = SplitMix64(seed: 0xF023)
        for i in 0..<2000 {
            let base = Self.corpus[i % Self.corpus.count]
            Self.check(Self.mutate(base, &rng))
        }
    }

    @Test func randomFragmentSoup() {
        var rng = SplitMix64(seed: 0xF024)
        for _ in 0..<1000 {
            let count = Int(1 + rng.next() % 30)
            let source = (0..<count).map { _ in Self.fragments[Int(rng.next() % UInt64(Self.fragments.count))] }.joined(separator: " ")
            Self.check(source)
        }
    }

    @Test func deepNestingAndHugeLoopsAreRefused() {
        Self.check(String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + ";")
        Self.check("x = " + String(repeating: "-", count: 5000) + "indices;")
        Self.check("a = indices;\nfor i in range(5000) { a = a + i; }\n")
        Self.check("def f(n) { return f(n - 1) + f(n - 1) if n > 0 else indices; }\nx = f(40);")
        Self.check("s = \"ab\";\nfor i in range(40) { s = s + s; }\n")
        Self.check("x = indices + 99999999999999999999999;")
        Self.check("l = range(-9223372036854775807, 9223372036854775807);")
        Self.check("l = range(9223372036854775807, -9223372036854775807, -1);")
        Self.check("x = indices + round(-9223372036854775807 - 1);")
        Self.check("x = indices + -(-9223372036854775807 - 1);")
        Self.check("x = indices * 3 ^ 99;")
        // The longest chains the size limit allows still evaluate.
        Self.check("a = indices;\nfor i in range(990) { a = a + i; }\n")
        Self.check("a = select(indices, indices, ==);\nfor i in range(990) { a = a and select(indices, indices, <=); }\nx = selector_width(a);")
    }
}
