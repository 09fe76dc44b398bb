import AltaTensors

/// Callbacks at named points of the forward pass (`HookPoint`): read ones see an
/// activation, replace ones return the activation the pass continues with — the
/// TransformerLens hook idea without copying the runtime.
///
/// ```swift
/// var hooks = Hooks()
/// hooks.read(.residMid(step: 1)) { sequence, residual in seen.append(residual) }
/// hooks.replace(.attnPattern(step: 0, head: 2)) { _, pattern in
///     Matrix(rows: pattern.rows, columns: pattern.columns)   // ablate head 2 of layer 0
/// }
/// let result = try model.run(inputs, options: RunOptions(hooks: hooks))
/// ```
///
/// Callbacks run on the calling thread, sequence by sequence in batch order and point by
/// point in pass order; at one point replacements apply first, in the order added, then
/// reads see the result. `sequence` is the index in the batch.
public struct Hooks {
    /// Reads an activation of one sequence.
    public typealias Read = (_ sequence: Int, _ activation: Matrix) -> Void
    /// Returns the activation one sequence continues with, of the same shape.
    public typealias Replace = (_ sequence: Int, _ activation: Matrix) -> Matrix

    private var reads: [HookPoint: [Read]] = [:]
    private var everyPoint: [(HookPoint, Int, Matrix) -> Void] = []
    private var replacements: [HookPoint: [Replace]] = [:]

    /// No hooks.
    public init() {}

    /// Whether no hook is set (the forward pass then runs its batched fast path).
    public var isEmpty: Bool { reads.isEmpty && everyPoint.isEmpty && replacements.isEmpty }

    /// Calls `body` with the activation at `point`.
    public mutating func read(_ point: HookPoint, _ body: @escaping Read) {
        reads[point, default: []].append(body)
    }

    /// Calls `body` at every point the pass reaches, with the point's name.
    public mutating func readAll(_ body: @escaping (_ point: HookPoint, _ sequence: Int, _ activation: Matrix) -> Void) {
        everyPoint.append(body)
    }

    /// Replaces the activation at `point` by what `body` returns.
    public mutating func replace(_ point: HookPoint, _ body: @escaping Replace) {
        replacements[point, default: []].append(body)
    }

    /// Whether any hook reads or replaces `point` (the pass skips computing a read-only
    /// copy otherwise).
    func wants(_ point: HookPoint) -> Bool {
        !everyPoint.isEmpty || reads[point] != nil || replacements[point] != nil
    }

    /// `activation` after the replacements at `point`, which the reads then see.
    func apply(_ point: HookPoint, sequence: Int, to activation: Matrix) throws(ModelError) -> Matrix {
        var current = activation
        for replace in replacements[point] ?? [] {
            let next = replace(sequence, current)
            guard next.rows == current.rows && next.columns == current.columns else {
                throw .hookShapeMismatch(
                    point: point.description, sequence: sequence, expected: [current.rows, current.columns],
                    found: [next.rows, next.columns])
            }
            current = next
        }
        for read in reads[point] ?? [] { read(sequence, current) }
        for read in everyPoint { read(point, sequence, current) }
        return current
    }
}
