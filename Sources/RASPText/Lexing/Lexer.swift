/// Splits a ``SourceFile`` into ``Token``s (RASP-TEXT §2): comments are whitespace, except
/// whole-line `#@` comments, which become header tokens (§12.1).
struct Lexer {
    /// The words the REPL's lexer turns into keywords; they cannot be identifiers.
    static let keywords: Set<String> = [
        "set", "show", "example", "examples", "selector", "on", "off", "exit", "quit", "load", "draw",
        "def", "return", "for", "in", "not", "and", "or", "if", "else", "round", "indicator",
    ]
    /// Built-ins whose name and opening parenthesis form one token (`select(`; `select (` is not one).
    static let compoundCalls: Set<String> = ["select", "aggregate", "range", "zip", "len"]

    let file: SourceFile

    /// The tokens, ending with `.end`.
    func tokenize() throws(Diagnostic) -> [Token] {
        let text = file.characters
        var tokens: [Token] = []
        var i = 0
        var lineHasToken = false
        func error(_ message: String, at offset: Int) -> Diagnostic {
            Diagnostic(.syntax, message, at: file.location(ofOffset: offset), in: file)
        }
        while i < text.count {
            let c = text[i]
            if c.isNewline {
                lineHasToken = false
                i += 1
                continue
            }
            if c == " " || c == "\t" || c == "\r" {
                i += 1
                continue
            }
            let start = i
            if c == "#" {
                var end = i
                while end < text.count, !text[end].isNewline { end += 1 }
                if !lineHasToken, end > i + 1, text[i + 1] == "@" {
                    tokens.append(Token(kind: .header(String(text[(i + 2)..<end])), offset: start, length: end - start))
                }
                i = end
                continue
            }
            lineHasToken = true
            if c.isASCII, c.isNumber {
                while i < text.count, text[i].isASCII, text[i].isNumber { i += 1 }
                if i < text.count, text[i] == "." {
                    guard i + 1 < text.count, text[i + 1].isASCII, text[i + 1].isNumber else {
                        throw error("a float needs digits after the point", at: i)
                    }
                    i += 1
                    while i < text.count, text[i].isASCII, text[i].isNumber { i += 1 }
                    guard let value = Double(String(text[start..<i])) else {
                        throw error("invalid number '\(String(text[start..<i]))'", at: start)
                    }
                    tokens.append(Token(kind: .float(value), offset: start, length: i - start))
                } else {
                    guard let value = Int(String(text[start..<i])) else {
                        throw error("integer '\(String(text[start..<i]))' is too large", at: start)
                    }
                    tokens.append(Token(kind: .integer(value), offset: start, length: i - start))
                }
                continue
            }
            if c == "_" || (c.isASCII && c.isLetter) {
                while i < text.count, text[i] == "_" || (text[i].isASCII && (text[i].isLetter || text[i].isNumber)) {
                    i += 1
                }
                let word = String(text[start..<i])
                if Lexer.compoundCalls.contains(word), i < text.count, text[i] == "(" {
                    i += 1
                    tokens.append(Token(kind: .keyword(word + "("), offset: start, length: i - start))
                } else if Lexer.keywords.contains(word) {
                    tokens.append(Token(kind: .keyword(word), offset: start, length: i - start))
                } else {
                    tokens.append(Token(kind: .identifier(word), offset: start, length: i - start))
                }
                continue
            }
            if c == "\"" {
                i += 1
                while i < text.count, text[i] != "\"", !text[i].isNewline { i += 1 }
                guard i < text.count, text[i] == "\"" else { throw error("unterminated string", at: start) }
                tokens.append(Token(kind: .string(String(text[(start + 1)..<i])), offset: start, length: i + 1 - start))
                i += 1
                continue
            }
            if c == "'" { throw error("strings use double quotes", at: start) }
            if i + 1 < text.count {
                let pair = String([c, text[i + 1]])
                if ["==", "<=", ">=", "!="].contains(pair) {
                    tokens.append(Token(kind: .symbol(pair), offset: start, length: 2))
                    i += 2
                    continue
                }
            }
            if "+-*/%^<>=()[]{},;:".contains(c) {
                tokens.append(Token(kind: .symbol(String(c)), offset: start, length: 1))
                i += 1
                continue
            }
            throw error("unexpected character '\(c)'", at: start)
        }
        tokens.append(Token(kind: .end, offset: text.count, length: 0))
        return tokens
    }
}
