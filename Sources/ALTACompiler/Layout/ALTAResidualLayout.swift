import ALTA
import AltaTensors
import Craft

/// Where every variable of a compiled program lives in the residual stream, and how to read
/// it back.
///
/// Variables are laid out contiguously in schema order (declared variables, `relative_qk`,
/// head outputs), each followed by its auxiliary dimensions (see `ALTAVariableBlock`). Labels
/// are `name:value` for categorical values and set members, `name` for a number,
/// `name.defined` and `name.matches` for the auxiliary dimensions (suffixed with `'` if a
/// variable already has that name).
///
/// ```swift
/// let compiled = try ALTACompiler.compile(program, maxLength: 20)
/// let result = try compiled.model.forward(tokenIDs: [tokens], trace: true)
/// let state = try compiled.layout.decodeState(result.finalResidual(of: 0))   // [[ALTAValue?]]
/// ```
public struct ALTAResidualLayout: Sendable {
    /// One block per schema variable, in schema order.
    public let blocks: [ALTAVariableBlock]
    /// One basis direction per residual dimension.
    public let directions: [BasisDirection]
    /// Absolute tolerance of `decode`: a dimension must be within it of 0 or 1 (categorical,
    /// set, presence).
    public let tolerance: Float

    private let blockByName: [String: Int]

    /// Residual width.
    public var dModel: Int { directions.count }
    /// One label per residual dimension.
    public var labels: [String] { directions.map(\.description) }
    /// The residual as a Craft vector space (in layout order).
    public var space: VectorSpace {
        // Directions are unique by construction.
        (try? VectorSpace(ordered: directions)) ?? VectorSpace(directions)
    }

    init(analysis: ALTAProgramAnalysis, maxLength: Int, tolerance: Float = 1e-3) {
        let schema = analysis.schema
        let names = Set(schema.variableNames)
        func auxiliary(_ base: String) -> String {
            var name = base
            while names.contains(name) { name += "'" }
            return name
        }
        var blocks: [ALTAVariableBlock] = []
        var directions: [BasisDirection] = []
        var severalByOutput: [String: Bool] = [:]
        for (h, head) in schema.heads.enumerated() { severalByOutput[head.output] = analysis.headCanSelectSeveral[h] && head.kind == .categorical }
        for (i, variable) in schema.variables.enumerated() {
            let start = directions.count
            switch variable.kind {
            case .categorical(let range), .set(let range, _):
                for v in 0..<range { directions.append(BasisDirection(variable.name, .int(v))) }
            case .numerical:
                directions.append(BasisDirection(variable.name))
            }
            let end = directions.count
            var presence: Int? = nil
            if !variable.kind.isCategorical && analysis.nullable[i] {
                presence = directions.count
                directions.append(BasisDirection(auxiliary(variable.name + ".defined")))
            }
            var matches: Int? = nil
            if variable.isHeadOutput && severalByOutput[variable.name] == true {
                matches = directions.count
                directions.append(BasisDirection(auxiliary(variable.name + ".matches")))
            }
            var threshold: Float = 0.5
            if variable.isHeadOutput, let head = schema.head(writing: variable.name),
               let value = schema.variableIndex(named: head.value), analysis.nullableHeadValue[value] {
                threshold = 1 - 1 / Float(2 * maxLength)
            }
            blocks.append(ALTAVariableBlock(
                name: variable.name, variableIndex: i, kind: variable.kind, dimensions: start..<end,
                presenceDimension: presence, matchCountDimension: matches, isHeadOutput: variable.isHeadOutput,
                presenceThreshold: threshold))
        }
        self.blocks = blocks
        self.directions = directions
        self.tolerance = tolerance
        var index: [String: Int] = [:]
        for (i, block) in blocks.enumerated() { index[block.name] = i }
        self.blockByName = index
    }

    /// The block of variable `name`, if any.
    public func block(named name: String) -> ALTAVariableBlock? {
        blockByName[name].map { blocks[$0] }
    }

    /// The match-count value above which a categorical head selected two or more keys
    /// (`m / (m + 1)` is ½ for one key, ≥ ⅔ for several).
    public static let severalMatchesThreshold: Float = 7.0 / 12.0

    // MARK: decoding

    /// The value of `block`'s variable at one row of a `[T, dModel]` residual.
    ///
    /// * categorical: null when the block is zero or the match count says several keys were
    ///   selected, else the one value whose dimension is 1;
    /// * numerical: null when the presence dimension is below the block's threshold, else the
    ///   number (as a `Double`);
    /// * set: null when absent, else the members whose dimensions are 1.
    ///
    /// Throws `undecodable` when a dimension that must be 0 or 1 is further than `tolerance`
    /// from both, or a categorical block has several ones.
    public func decode(_ block: ALTAVariableBlock, residual: Matrix, position: Int) throws(ALTACompilerError) -> ALTAValue? {
        let row = position * residual.columns
        func value(_ d: Int) -> Float { residual.values[row + d] }
        func bit(_ d: Int) throws(ALTACompilerError) -> Bool {
            let x = value(d)
            if abs(x) <= tolerance { return false }
            if abs(x - 1) <= tolerance { return true }
            throw .undecodable(variable: block.name, position: position, block: block.allDimensions.map(value))
        }
        switch block.kind {
        case .categorical:
            if let m = block.matchCountDimension, value(m) > Self.severalMatchesThreshold { return nil }
            var found: Int? = nil
            for d in block.dimensions where try bit(d) {
                if found != nil { throw .undecodable(variable: block.name, position: position, block: block.allDimensions.map(value)) }
                found = d - block.dimensions.lowerBound
            }
            return found.map { .int($0) }
        case .numerical:
            if let p = block.presenceDimension {
                let presence = value(p)
                let fractional = block.presenceThreshold > 0.5
                if presence < block.presenceThreshold {
                    if presence <= tolerance || fractional { return nil }
                    throw .undecodable(variable: block.name, position: position, block: block.allDimensions.map(value))
                }
                if !fractional && abs(presence - 1) > tolerance {
                    throw .undecodable(variable: block.name, position: position, block: block.allDimensions.map(value))
                }
            }
            return .number(Double(value(block.numberDimension)))
        case .set:
            if let p = block.presenceDimension, !(try bit(p)) { return nil }
            var members = Set<Int>()
            for d in block.dimensions where try bit(d) { members.insert(d - block.dimensions.lowerBound) }
            return .set(members)
        }
    }

    /// The value of variable `name` at one row of a residual; throws for unknown names.
    public func decode(_ name: String, residual: Matrix, position: Int) throws(ALTACompilerError) -> ALTAValue? {
        guard let block = block(named: name) else {
            throw .invalidInput("no variable named '\(name)' in the compiled program")
        }
        return try decode(block, residual: residual, position: position)
    }

    /// Every variable at every position of a `[T, dModel]` residual: `[T][variables]`, in
    /// schema order (the layout of `ALTAState`).
    public func decodeState(_ residual: Matrix) throws(ALTACompilerError) -> [[ALTAValue?]] {
        var state: [[ALTAValue?]] = []
        for position in 0..<residual.rows {
            var row: [ALTAValue?] = []
            for block in blocks { row.append(try decode(block, residual: residual, position: position)) }
            state.append(row)
        }
        return state
    }
}
