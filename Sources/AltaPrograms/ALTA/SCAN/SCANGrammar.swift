/// The 20-rule SCAN QCFG in upstream order (`grammar_utils.py`); the parse tree stores
/// rule index + 1.
public enum SCANGrammar {
    /// The rules, indices 0–19.
    public static let rules: [SCANGrammarRule] = {
        let s = SCANSymbol.nonterminal
        func w(_ word: SCANWord) -> SCANSymbol { .word(word) }
        let left = SCANSymbol.action(.turnLeft), right = SCANSymbol.action(.turnRight)
        return [
            SCANGrammarRule(source: [s, w(.and), s], target: [s, s], mapping: [0, 1]),
            SCANGrammarRule(source: [s, w(.after), s], target: [s, s], mapping: [1, 0]),
            SCANGrammarRule(source: [s, w(.twice)], target: [s, s], mapping: [0, 0]),
            SCANGrammarRule(source: [s, w(.thrice)], target: [s, s, s], mapping: [0, 0, 0]),
            SCANGrammarRule(source: [w(.walk)], target: [.action(.walk)], mapping: []),
            SCANGrammarRule(source: [w(.look)], target: [.action(.look)], mapping: []),
            SCANGrammarRule(source: [w(.run)], target: [.action(.run)], mapping: []),
            SCANGrammarRule(source: [w(.jump)], target: [.action(.jump)], mapping: []),
            SCANGrammarRule(source: [w(.turn), w(.left)], target: [left], mapping: []),
            SCANGrammarRule(source: [w(.turn), w(.right)], target: [right], mapping: []),
            SCANGrammarRule(
                source: [w(.turn), w(.opposite), w(.left)], target: [left, left], mapping: []),
            SCANGrammarRule(
                source: [w(.turn), w(.opposite), w(.right)], target: [right, right], mapping: []),
            SCANGrammarRule(
                source: [s, w(.opposite), w(.left)], target: [left, left, s], mapping: [0]),
            SCANGrammarRule(
                source: [s, w(.opposite), w(.right)], target: [right, right, s], mapping: [0]),
            SCANGrammarRule(
                source: [s, w(.around), w(.left)],
                target: [left, s, left, s, left, s, left, s], mapping: [0, 0, 0, 0]),
            SCANGrammarRule(
                source: [s, w(.around), w(.right)],
                target: [right, s, right, s, right, s, right, s], mapping: [0, 0, 0, 0]),
            SCANGrammarRule(
                source: [w(.turn), w(.around), w(.left)], target: [left, left, left, left],
                mapping: []),
            SCANGrammarRule(
                source: [w(.turn), w(.around), w(.right)], target: [right, right, right, right],
                mapping: []),
            SCANGrammarRule(source: [s, w(.left)], target: [left, s], mapping: [0]),
            SCANGrammarRule(source: [s, w(.right)], target: [right, s], mapping: [0]),
        ]
    }()

    /// For each symbol id, the indices of the rules whose source ends with it.
    private static let rulesByLastSymbol: [[Int]] = (0..<SCANSymbol.count).map { id in
        rules.indices.filter { rules[$0].sourceIDs.last == id }
    }

    /// The longest target (8 symbols); also the largest per-node symbol index.
    public static var maxTargetLength: Int { rules.map(\.target.count).max() ?? 0 }

    /// Indices of the rules whose source equals the top of `stack` (symbol ids, last
    /// element = top), honouring the `eos` look-ahead condition of `and`/`after`.
    public static func matchingRules(stack: [Int], lookaheadIsEnd: Bool) -> [Int] {
        var matches: [Int] = []
        guard let top = stack.last, rulesByLastSymbol.indices.contains(top) else { return [] }
        for index in rulesByLastSymbol[top] {
            let rule = rules[index]
            let source = rule.sourceIDs
            guard stack.count >= source.count else { continue }
            guard !rule.needsEndOfInput || lookaheadIsEnd else { continue }
            var equal = true
            for k in 0..<source.count where stack[stack.count - source.count + k] != source[k] {
                equal = false
                break
            }
            if equal { matches.append(index) }
        }
        return matches
    }
}
