/// The text of one `.rasp` file, with its name for diagnostics and a line lookup.
public struct SourceFile: Sendable {
    /// The name diagnostics print (usually the path as given).
    public let name: String
    /// The text, as characters.
    public let characters: [Character]
    /// The directory `load` resolves relative paths against, or `nil` (then only the bundled
    /// library files can be loaded).
    public let directory: String?
    /// The offset in ``characters`` at which each line starts.
    private let lineStarts: [Int]

    /// A source file named `name` holding `text`.
    public init(name: String, text: String, directory: String? = nil) {
        self.name = name
        self.directory = directory
        let characters = Array(text)
        self.characters = characters
        var starts = [0]
        for (offset, character) in characters.enumerated() where character.isNewline {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// The line and column of a character offset (an offset at the end maps past the last character).
    public func location(ofOffset offset: Int) -> SourceLocation {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(line: low + 1, column: offset - lineStarts[low] + 1)
    }

    /// The text of line `line` (1-based) without its line break; empty when out of range.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : characters.count
        while end > start, characters[end - 1].isNewline { end -= 1 }
        return String(characters[start..<end])
    }

    /// The number of lines.
    public var lineCount: Int { lineStarts.count }
}
