/// The meaning of SCAN commands, computed directly from the phrase-structure grammar and
/// interpretation function of Lake & Baroni (2018) — independently of the QCFG and of the
/// ALTA program, so it can check both:
///
///     C → S | S and S | S after S            ⟦x and y⟧ = ⟦x⟧⟦y⟧,  ⟦x after y⟧ = ⟦y⟧⟦x⟧
///     S → V | V twice | V thrice             ⟦x twice⟧ = ⟦x⟧⟦x⟧, ⟦x thrice⟧ = ⟦x⟧⟦x⟧⟦x⟧
///     V → U | X D | X opposite D | X around D        (X ∈ U ∪ {turn}, D ∈ {left, right})
///     U → walk | look | run | jump
///
/// with `⟦turn⟧` the empty sequence, `⟦X D⟧ = d ⟦X⟧`, `⟦X opposite D⟧ = d d ⟦X⟧` and
/// `⟦X around D⟧ = (d ⟦X⟧)⁴`, where `d` is `LTURN` or `RTURN`.
public enum SCANSemantics {
    /// The action sequence of `command`; throws ``SCANError/notInGrammar(command:reason:)``
    /// for a word sequence the SCAN grammar does not generate.
    public static func interpret(_ command: [SCANWord]) throws(SCANError) -> [SCANAction] {
        func reject(_ reason: String) -> SCANError {
            .notInGrammar(command: command.commandText, reason: reason)
        }
        let conjunctions = command.indices.filter { command[$0] == .and || command[$0] == .after }
        guard conjunctions.count <= 1 else {
            throw reject("a second '\(command[conjunctions[1]].rawValue)' at position \(conjunctions[1]) (at most one 'and'/'after')")
        }
        guard let split = conjunctions.first else {
            return try sentence(command[...], reject: reject)
        }
        let first = try sentence(command[..<split], reject: reject)
        let second = try sentence(command[(split + 1)...], reject: reject)
        return command[split] == .and ? first + second : second + first
    }

    /// The action sequence of a command given as text.
    public static func interpret(command: String) throws(SCANError) -> [SCANAction] {
        try interpret(SCANWord.parse(command))
    }

    /// `S → V | V twice | V thrice`.
    private static func sentence(
        _ words: ArraySlice<SCANWord>, reject: (String) -> SCANError
    ) throws(SCANError) -> [SCANAction] {
        guard let last = words.last else { throw reject("empty phrase at position \(words.startIndex)") }
        switch last {
        case .twice:
            let verb = try verbPhrase(words.dropLast(), reject: reject)
            return verb + verb
        case .thrice:
            let verb = try verbPhrase(words.dropLast(), reject: reject)
            return verb + verb + verb
        default:
            return try verbPhrase(words, reject: reject)
        }
    }

    /// `V → U | X D | X opposite D | X around D`.
    private static func verbPhrase(
        _ words: ArraySlice<SCANWord>, reject: (String) -> SCANError
    ) throws(SCANError) -> [SCANAction] {
        let start = words.startIndex
        let words = Array(words)
        guard let head = words.first else { throw reject("empty phrase at position \(start)") }
        let base: [SCANAction]
        switch head {
        case .walk: base = [.walk]
        case .look: base = [.look]
        case .run: base = [.run]
        case .jump: base = [.jump]
        case .turn: base = []
        default: throw reject("'\(head.rawValue)' at position \(start) cannot start a phrase (expected walk, look, run, jump or turn)")
        }
        if words.count == 1 {
            guard head != .turn else { throw reject("'turn' at position \(start) needs a direction") }
            return base
        }
        let turn: SCANAction
        switch words.last {
        case .left?: turn = .turnLeft
        case .right?: turn = .turnRight
        default:
            let last = start + words.count - 1
            throw reject("expected 'left' or 'right' at position \(last) after '\(head.rawValue)', found '\(words[words.count - 1].rawValue)'")
        }
        switch words.count {
        case 2:
            return [turn] + base
        case 3 where words[1] == .opposite:
            return [turn, turn] + base
        case 3 where words[1] == .around:
            return Array([[SCANAction]](repeating: [turn] + base, count: 4).joined())
        default:
            throw reject("malformed phrase '\(words.commandText)' at positions \(start)...\(start + words.count - 1)")
        }
    }
}
