import ALTA
import ALTAText
import Testing

/// Seeded fuzzing of the `.alta` front end: thousands of mutated library programs and
/// random token soups. Every input must either elaborate or fail with a diagnostic whose
/// location is inside the text and whose source line is the line it names; nothing may
/// crash or hang (work is bounded by small `ALTATextLimits`).
@Suite struct ALTATextFuzzTests {
    /// A small deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let snippets = [
        "for", "when", "if", "elif", "else", "set", "let", "pass", ":", "\n", "    ", "  ", "\t", "(", ")", "[", "]",
        "{", "}", "..", "=", "==", ",", "1e308", "99999999999999999999", "-", "\"", "#", "null", "true", "0", "-1",
        "9223372036854775807", "x", "done", "parity", "token", "position", "é", "\\", "\"a\\q\"", "1️⃣", "\r\n", "//", "%", "^", "/",
        "and", "or", "not", "round(", "str(", "[k for k in 0..3]", "{0..5}", "var y: categorical 3\n",
        "head h = qkv(done, done, parity)\n", "vocabulary 4\n", "positions 8\n", "const C = 2\n", "rules:\n",
        "update:\n", "output done\n", "halt when done = 1\n", " mask {-1}", " as numerical [0, 1]", "v_relative(",
        "from token: ", "from position", "9999999", "1 // 0", "clamp(", "sorted(", "[1 / k for k in 1..9]", "1.5",
    ]

    static let limits = ALTATextLimits(maxTableSize: 300, maxRuleSteps: 30_000, maxEnumeratedStates: 4_000)

    /// The programs mutated and fully elaborated (small enough to elaborate quickly).
    static let smallPrograms = [
        "sparse_parity_sequential_relative", "parity_sequential_relative", "sparse_parity_sequential_absolute",
        "parity_sequential_absolute", "sparse_parity_sum_mod_2", "parity_sum_mod_2_direct",
    ]

    static func mutate(_ text: String, _ g: inout Generator) -> String {
        var characters = Array(text)
        for _ in 0...g.below(3) {
            switch g.below(6) {
            case 0 where !characters.isEmpty:
                let start = g.below(characters.count)
                characters.removeSubrange(start..<min(characters.count, start + 1 + g.below(10)))
            case 1:
                characters.insert(contentsOf: Array(g.pick(snippets)), at: g.below(characters.count + 1))
            case 2, 3:
                var lines = String(characters).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                guard lines.count > 1 else { break }
                let i = g.below(lines.count)
                let j = g.below(lines.count)
                switch g.below(3) {
                case 0: lines.insert(lines[i], at: j)
                case 1: lines.swapAt(i, j)
                default: lines[i] = String(repeating: " ", count: g.below(9)) + lines[i].drop { $0 == " " }
                }
                characters = Array(lines.joined(separator: "\n"))
            default:
                guard let i = characters.indices.filter({ characters[$0].isNumber }).randomElement(using: &g) else { break }
                let replacement = g.pick(["0", "1", "2", "3", "7", "16", "49", "100", "299", "301", "-5", "100000"])
                characters.replaceSubrange(i...i, with: Array(replacement))
            }
        }
        return String(characters)
    }

    /// Checks one input; returns whether it elaborated.
    @discardableResult
    static func check(_ source: String, elaborate: Bool) -> Bool {
        do throws(ALTATextDiagnostic) {
            if elaborate {
                let text = try ALTATextProgram(source: source, file: "fuzz.alta", limits: limits)
                // A program that elaborates also runs (or refuses the input) without crashing.
                _ = try? ALTAInterpreter(program: text.program).run([0, 1, 0], layers: .exactly(2), trace: false)
            } else {
                _ = try ALTAParser.parse(file: "fuzz.alta", source: source)
            }
            return true
        } catch {
            let lines = source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            let line = error.location.line
            #expect(line >= 1 && line <= max(lines.count, 1), "line \(line) outside the text: \(error)")
            if line >= 1, line <= lines.count {
                let text = String(lines[line - 1]).replacingOccurrences(of: "\r", with: "")
                #expect(error.sourceLine == text, "\(error)")
                #expect(error.location.column >= 1 && error.location.column <= text.count + 1, "column outside the line: \(error)")
            }
            #expect(error.description.hasPrefix("fuzz.alta:\(line):\(error.location.column): error: "))
            #expect(!error.message.isEmpty && !error.message.contains("\n"), "\(error.message)")
            return false
        }
    }

    @Test func mutatedSmallProgramsElaborateOrFailWithALocatedDiagnostic() throws {
        var g = Generator(state: 0xA17A_7E47)
        let sources = try Self.smallPrograms.map { try ALTATextLibrary.source(named: $0) }
        var succeeded = 0
        for _ in 0..<1_500 {
            if Self.check(Self.mutate(g.pick(sources), &g), elaborate: true) { succeeded += 1 }
        }
        // Both outcomes happen: the mutations are neither all harmless nor all fatal.
        #expect(succeeded > 50 && succeeded < 1_450, "\(succeeded) of 1500 elaborated")
    }

    @Test func mutatedLibraryProgramsParseOrFailWithALocatedDiagnostic() throws {
        var g = Generator(state: 0x5EED)
        let sources = try ALTATextLibrary.names.map { try ALTATextLibrary.source(named: $0) }
        for _ in 0..<1_500 {
            Self.check(Self.mutate(g.pick(sources), &g), elaborate: false)
        }
    }

    @Test func randomTokenSoups() {
        var g = Generator(state: 42)
        for _ in 0..<1_000 {
            let soup = (0..<g.below(40)).map { _ in g.pick(Self.snippets) }.joined(separator: g.pick(["", " ", "\n"]))
            Self.check(soup, elaborate: true)
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = "program p\nvocabulary 2\nconst c = " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(!Self.check(deep, elaborate: true))
        let blocks = (0..<200).map { String(repeating: " ", count: 4 * ($0 + 1)) + "if true:" }.joined(separator: "\n")
        #expect(!Self.check("program p\nvocabulary 2\nvar x: categorical 2\noutput x\nrules:\n" + blocks + "\n" + String(repeating: " ", count: 804) + "pass\n", elaborate: true))
    }
}

extension ALTATextFuzzTests.Generator: RandomNumberGenerator {}
