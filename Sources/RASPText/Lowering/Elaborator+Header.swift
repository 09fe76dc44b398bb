import RASP

/// `#@ key value` header lines (RASP-TEXT §12.1).
extension Elaborator {
    func readHeader(_ text: String, at offset: Int, file: SourceFile) throws {
        // Re-read the value where it stands in the file, so diagnostics point into the line.
        let characters = Array(text)
        var i = 0
        while i < characters.count, characters[i] == " " || characters[i] == "\t" { i += 1 }
        let keyStart = i
        while i < characters.count, characters[i] == "_" || characters[i].isLetter || characters[i].isNumber { i += 1 }
        let key = String(characters[keyStart..<i])
        let keyOffset = offset + 2 + keyStart
        guard ProgramSettings.keys.contains(key) else {
            let known = ProgramSettings.keys.joined(separator: ", ")
            throw diagnostic(.header, "unknown setting '\(key)' (known: \(known))", at: keyOffset, in: file)
        }
        guard settingLocations[key] == nil else {
            throw diagnostic(.header, "setting '\(key)' is given twice", at: keyOffset, in: file)
        }
        while i < characters.count, characters[i] == " " || characters[i] == "\t" { i += 1 }
        let valueOffset = offset + 2 + i
        let location = file.location(ofOffset: valueOffset)
        let padded = String(repeating: "\n", count: location.line - 1) + String(repeating: " ", count: location.column - 1)
            + String(characters[i...])
        let valueFile = SourceFile(name: file.name, text: padded, directory: file.directory)
        var parser = try Parser(file: valueFile)
        let expression = try parser.parseExpression()
        if let extra = parser.offsetOfRemainingText {
            throw Diagnostic(.header, "unexpected text after the value of '\(key)'", at: valueFile.location(ofOffset: extra), in: file)
        }
        // Header values are literals; names other than True/False (and `output`'s name) are not evaluated.
        let value: MetaValue
        if key == "output" || key == "semantics", case .name(let name, _) = expression {
            value = .atom(.string(name))
        } else {
            value = try evaluate(expression, in: base, file: valueFile)
        }
        func fail(_ message: String) -> Diagnostic {
            Diagnostic(.header, message, at: location, in: file)
        }
        switch key {
        case "vocab":
            guard case .list(let elements) = value else { throw fail("vocab must be a list of tokens, not \(value.kindName)") }
            var atoms: [Value] = []
            for element in elements {
                guard case .atom(let v) = element else { throw fail("vocab must hold tokens, not \(element.kindName)") }
                atoms.append(v)
            }
            guard !atoms.isEmpty else { throw fail("vocab must not be empty") }
            guard atoms.count <= ProgramSettings.maxVocabulary else {
                throw Diagnostic(.valueSetTooLarge,
                    "a vocabulary of \(atoms.count) tokens is too large for the compiler (at most \(ProgramSettings.maxVocabulary))",
                    at: location, in: file)
            }
            settings.vocabulary = atoms
        case "max_seq_len":
            guard case .atom(.int(let n)) = value, n >= 1 else { throw fail("max_seq_len must be a positive int") }
            guard n <= ProgramSettings.maxLength else {
                throw Diagnostic(.valueSetTooLarge,
                    "max_seq_len \(n) is too large for the compiler (at most \(ProgramSettings.maxLength))", at: location, in: file)
            }
            settings.maxSeqLen = n
        case "output":
            guard case .atom(.string(let name)) = value else { throw fail("output must name an s-op") }
            settings.output = name
        case "causal":
            guard case .atom(.bool(let b)) = value else { throw fail("causal must be True or False") }
            settings.causal = b
        case "bos", "pad":
            guard case .atom(.string(let s)) = value, !s.isEmpty else { throw fail("\(key) must be a non-empty string") }
            if key == "bos" { settings.bos = s } else { settings.pad = s }
        default:
            guard case .atom(.string(let s)) = value, let semantics = EvaluationSemantics(rawValue: s) else {
                throw fail("semantics must be repl or tracr")
            }
            settings.semantics = semantics
        }
        settingLocations[key] = (file, valueOffset)
    }
}
