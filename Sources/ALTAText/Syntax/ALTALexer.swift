/// Cuts an `.alta` source text into tokens, Python style: `#` starts a comment, a line break
/// ends a statement except inside brackets, and indentation opens and closes blocks
/// (`indent` / `dedent` tokens).
public struct ALTALexer {
    /// The file name used in diagnostics.
    public let file: String
    /// The source text.
    public let source: String

    /// A lexer over `source`.
    public init(file: String, source: String) {
        self.file = file
        self.source = source
    }

    private static let symbols: [String] = [
        "//", "==", "!=", "<=", ">=", "..", "+", "-", "*", "/", "%", "^", "<", ">", "=",
        "(", ")", "[", "]", "{", "}", ",", ":",
    ]

    /// All tokens, ending with `end`.
    public func tokens() throws(ALTATextDiagnostic) -> [ALTAToken] {
        let characters = Array(source)
        var tokens: [ALTAToken] = []
        var indents = [0]
        var depth = 0
        var i = 0
        var line = 1
        var column = 1
        var atLineStart = true

        func isNewline(_ c: Character) -> Bool { c == "\n" || c == "\r\n" || c == "\r" }
        func fail(_ message: String, _ l: Int, _ c: Int) -> ALTATextDiagnostic {
            ALTATextDiagnostic(file: file, source: source, location: ALTASourceLocation(line: l, column: c), message: message)
        }

        while i < characters.count {
            if atLineStart && depth == 0 {
                // Measure the indentation; skip blank and comment-only lines.
                var width = 0
                var j = i
                while j < characters.count, characters[j] == " " || characters[j] == "\t" {
                    width += 1
                    j += 1
                }
                if j >= characters.count { i = j; column += width; break }
                if isNewline(characters[j]) || characters[j] == "#" {
                    while j < characters.count, !isNewline(characters[j]) { j += 1 }
                    i = j + 1
                    line += 1
                    column = 1
                    continue
                }
                let location = ALTASourceLocation(line: line, column: width + 1)
                if width > indents[indents.count - 1] {
                    indents.append(width)
                    tokens.append(ALTAToken(.indent, at: location))
                } else {
                    while width < indents[indents.count - 1] {
                        indents.removeLast()
                        tokens.append(ALTAToken(.dedent, at: location))
                    }
                    if width != indents[indents.count - 1] {
                        throw fail("this line's indentation matches no enclosing block", line, width + 1)
                    }
                }
                i = j
                column = width + 1
                atLineStart = false
                continue
            }
            let c = characters[i]
            let start = ALTASourceLocation(line: line, column: column)
            if isNewline(c) {
                if depth == 0 {
                    tokens.append(ALTAToken(.newline, at: start))
                    atLineStart = true
                }
                i += 1
                line += 1
                column = 1
                continue
            }
            if c == " " || c == "\t" {
                i += 1
                column += 1
                continue
            }
            if c == "#" {
                while i < characters.count, !isNewline(characters[i]) {
                    i += 1
                    column += 1
                }
                continue
            }
            if c.isLetter || c == "_" {
                var name = ""
                while i < characters.count, characters[i].isLetter || characters[i].isNumber || characters[i] == "_" {
                    name.append(characters[i])
                    i += 1
                    column += 1
                }
                tokens.append(ALTAToken(.identifier(name), at: start))
                continue
            }
            if c.isASCII && c.isNumber {
                var text = ""
                var isInteger = true
                while i < characters.count, characters[i].isASCII && characters[i].isNumber {
                    text.append(characters[i]); i += 1; column += 1
                }
                if i + 1 < characters.count, characters[i] == ".", characters[i + 1].isASCII && characters[i + 1].isNumber {
                    isInteger = false
                    text.append("."); i += 1; column += 1
                    while i < characters.count, characters[i].isASCII && characters[i].isNumber {
                        text.append(characters[i]); i += 1; column += 1
                    }
                }
                if i < characters.count, characters[i] == "e" || characters[i] == "E" {
                    var j = i + 1
                    var exponent = "e"
                    if j < characters.count, characters[j] == "+" || characters[j] == "-" {
                        exponent.append(characters[j]); j += 1
                    }
                    if j < characters.count, characters[j].isASCII && characters[j].isNumber {
                        while j < characters.count, characters[j].isASCII && characters[j].isNumber {
                            exponent.append(characters[j]); j += 1
                        }
                        isInteger = false
                        text += exponent
                        column += j - i
                        i = j
                    }
                }
                if isInteger {
                    guard let value = Int(text) else { throw fail("the integer \(text) is too large", start.line, start.column) }
                    tokens.append(ALTAToken(.integer(value), at: start))
                } else {
                    guard let value = Double(text), value.isFinite else {
                        throw fail("the number \(text) is not a finite number", start.line, start.column)
                    }
                    tokens.append(ALTAToken(.number(value), at: start))
                }
                continue
            }
            if c == "\"" {
                var text = ""
                i += 1
                column += 1
                var closed = false
                while i < characters.count, !isNewline(characters[i]) {
                    let d = characters[i]
                    i += 1
                    column += 1
                    if d == "\"" { closed = true; break }
                    if d == "\\" {
                        guard i < characters.count, !isNewline(characters[i]) else { break }
                        let e = characters[i]
                        switch e {
                        case "\"", "\\": text.append(e)
                        case "n": text.append("\n")
                        case "t": text.append("\t")
                        default: throw fail("unknown escape '\\\(e)' in a string", line, column - 1)
                        }
                        i += 1
                        column += 1
                    } else {
                        text.append(d)
                    }
                }
                guard closed else { throw fail("unterminated string", start.line, start.column) }
                tokens.append(ALTAToken(.string(text), at: start))
                continue
            }
            if let symbol = Self.symbols.first(where: { matches($0, characters, at: i) }) {
                switch symbol {
                case "(", "[", "{": depth += 1
                case ")", "]", "}": depth = max(0, depth - 1)
                default: break
                }
                tokens.append(ALTAToken(.symbol(symbol), at: start))
                i += symbol.count
                column += symbol.count
                continue
            }
            throw fail("unexpected character '\(c)'", line, column)
        }
        let last = ALTASourceLocation(line: line, column: column)
        if depth == 0, let previous = tokens.last, previous.kind != .newline, previous.kind != .dedent, previous.kind != .indent {
            tokens.append(ALTAToken(.newline, at: last))
        }
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(ALTAToken(.dedent, at: last))
        }
        tokens.append(ALTAToken(.end, at: last))
        return tokens
    }

    private func matches(_ symbol: String, _ characters: [Character], at i: Int) -> Bool {
        var k = i
        for s in symbol {
            guard k < characters.count, characters[k] == s else { return false }
            k += 1
        }
        return true
    }
}
