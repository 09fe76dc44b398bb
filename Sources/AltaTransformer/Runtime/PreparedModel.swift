import AltaTensors
import Synchronization

/// A model made ready for many forward passes — what a jitted function is to JAX: the
/// model is validated once, the runtime's per-model tables (the sparse output projections
/// walked by column, the embeddings' non-zero entries, the work estimate that decides how
/// a batch is split) are built once, and the working buffers of a pass are kept for the
/// next pass over as many positions or fewer.
///
/// ```swift
/// let prepared = try PreparedModel(model)
/// for batch in batches {
///     let result = try prepared.forward(tokenIDs: batch)
/// }
/// ```
///
/// `TransformerModel.forward` prepares the model for each call. A prepared model can be
/// used from several threads at once (each pass takes its own buffers); its weights are
/// those of the model at preparation.
public final class PreparedModel: Sendable {
    /// The model run.
    public let model: TransformerModel
    /// Per layer, its sparse output projections walked by column.
    let projections: [LayerProjections]
    /// The embedding tables, ready to write a group's residual.
    let embedding: EmbeddingLookup
    /// Multiply-adds per position of a whole pass (`TransformerModel.estimatedWorkPerRow`).
    let workPerRow: Double
    /// Buffers of finished passes, at most one per core, handed to the next passes.
    private let spareWorkspaces = Mutex<[ForwardWorkspace]>([])

    /// Validates `model` and builds its runtime tables.
    public init(_ model: TransformerModel) throws(ModelError) {
        try model.validate()
        self.model = model
        projections = model.layers.map(LayerProjections.init)
        embedding = EmbeddingLookup(model)
        workPerRow = model.estimatedWorkPerRow
    }

    /// Runs the model on token sequences (BOS first when the model has one), returning
    /// decoded outputs, raw scores and, when `trace` is set, per-layer traces.
    public func run(_ sequences: [[String]], trace: Bool = false) throws(ModelError) -> ForwardResult {
        try run(sequences, options: RunOptions(trace: trace ? .full : .none))
    }

    /// Runs the model on token sequences (BOS first when the model has one) with `options`.
    public func run(_ sequences: [[String]], options: RunOptions) throws(ModelError) -> ForwardResult {
        try forward(tokenIDs: try model.encode(sequences), options: options)
    }

    /// Runs the model on encoded sequences of any lengths up to `maxSequenceLength`
    /// (see `TransformerModel.forward(tokenIDs:trace:)`).
    public func forward(tokenIDs: [[Int]], trace: Bool = false) throws(ModelError) -> ForwardResult {
        try forward(tokenIDs: tokenIDs, options: RunOptions(trace: trace ? .full : .none))
    }

    /// Runs the model on encoded sequences with `options`: a layer cap, halting on or off,
    /// a thread limit, a trace level and hooks. Without hooks the batch runs the batched
    /// fast path; with hooks each sequence runs the plain per-sequence pass on the calling
    /// thread, whose values where nothing is replaced are bit-identical to the fast path's.
    public func forward(tokenIDs: [[Int]], options: RunOptions) throws(ModelError) -> ForwardResult {
        for (s, sequence) in tokenIDs.enumerated() {
            guard !sequence.isEmpty else { throw .emptySequence(sequence: s) }
            guard sequence.count <= model.maxSequenceLength else {
                throw .sequenceTooLong(length: sequence.count, maximum: model.maxSequenceLength, sequence: s)
            }
            for (p, id) in sequence.enumerated() where id < 0 || id >= model.dVocab {
                throw .tokenIDOutOfRange(id, vocabularySize: model.dVocab, sequence: s, position: p)
            }
        }
        let modelDepth = model.layout.maxDepth(layerCount: model.layers.count)
        var depth = modelDepth
        if let cap = options.maxLayers {
            guard cap >= 0 && cap <= modelDepth else { throw .layerCapOutOfRange(cap, maximum: modelDepth) }
            depth = cap
        }
        var halting: HaltingRule? = nil
        if options.halting, case let .looped(_, rule) = model.layout { halting = rule }
        if let threads = options.threads, threads < 1 { throw .invalidThreadCount(threads) }
        guard options.hooks.isEmpty else {
            let pass = HookedForward(
                model: model, depth: depth, halting: halting, trace: options.trace, hooks: options.hooks)
            var outputs: [HookedForward.Output] = []
            for (s, ids) in tokenIDs.enumerated() { outputs.append(try pass.run(ids, sequence: s)) }
            return ForwardResult(
                scores: outputs.map { StackedActivations(single: $0.scores) },
                finals: outputs.map { StackedActivations(single: $0.final) },
                layersRun: outputs.map(\.layersRun), halted: outputs.map(\.halted),
                traces: options.trace == .none ? nil : outputs.compactMap(\.trace),
                outputEncoder: model.outputEncoder, bos: model.inputEncoder.bos)
        }
        let threads = min(options.threads ?? ParallelFor.coreCount, ParallelFor.coreCount)
        return forwardValidated(
            tokenIDs: tokenIDs, trace: options.trace, depth: depth, halting: halting, threads: threads,
            groups: sequenceGroups(tokenIDs, threads: threads))
    }

    /// `forwardValidated` with the model's own depth and halting, on every core.
    func forwardValidated(tokenIDs: [[Int]], trace: Bool, groups: [Range<Int>]) -> ForwardResult {
        var halting: HaltingRule? = nil
        if case let .looped(_, rule) = model.layout { halting = rule }
        return forwardValidated(
            tokenIDs: tokenIDs, trace: trace ? .full : .none, depth: model.layout.maxDepth(layerCount: model.layers.count),
            halting: halting, threads: ParallelFor.coreCount, groups: groups)
    }

    /// The forward pass of validated inputs, each range of `groups` (contiguous, covering
    /// `tokenIDs` in order) run as one group — concurrently when there are several.
    /// `threads` 1 keeps all work on the calling thread.
    func forwardValidated(
        tokenIDs: [[Int]], trace: TraceLevel, depth: Int, halting: HaltingRule?, threads: Int, groups: [Range<Int>]
    ) -> ForwardResult {
        var parts: [GroupForward.Output?] = Array(repeating: nil, count: groups.count)
        if groups.count == 1 {
            parts[0] = GroupForward(prepared: self, parallel: threads > 1, depth: depth, haltingRule: halting)
                .run(tokenIDs[groups[0]], trace: trace)
        } else {
            parts.withUnsafeMutableBufferPointer { results in
                // Each task writes only its own slot.
                ParallelFor.run(groups.count) { g in
                    results[g] = GroupForward(prepared: self, parallel: false, depth: depth, haltingRule: halting)
                        .run(tokenIDs[groups[g]], trace: trace)
                }
            }
        }
        let done = parts.compactMap { $0 }
        return ForwardResult(
            scores: done.map(\.scores), finals: done.map(\.finals), layersRun: done.flatMap(\.layersRun),
            halted: done.flatMap(\.halted), traces: trace != .none ? done.flatMap(\.traces) : nil,
            outputEncoder: model.outputEncoder, bos: model.inputEncoder.bos)
    }

    /// Multiply-adds below which a batch runs as one group on the calling thread. Compiled
    /// RASP models on a batch of 64 need well under a million and finish in tens of
    /// microseconds, where waking other threads costs about as much as it saves (and much
    /// more when the cores are busy); dense models of realistic size are far above.
    static let concurrentGroupThreshold = 1 << 22

    /// Contiguous ranges of `tokenIDs` run as separate groups: one per thread (at most
    /// `threads`, balanced by rows) when the batch has enough work, else the whole batch.
    func sequenceGroups(_ tokenIDs: [[Int]], threads: Int = ParallelFor.coreCount) -> [Range<Int>] {
        let count = tokenIDs.count
        let cores = min(threads, ParallelFor.coreCount)
        let totalRows = tokenIDs.reduce(0) { $0 + $1.count }
        guard cores > 1, count > 1,
            Double(totalRows) * workPerRow >= Double(Self.concurrentGroupThreshold)
        else { return [0..<count] }
        let groups = min(cores, count)
        var ranges: [Range<Int>] = []
        var start = 0
        var rowsSoFar = 0
        for (s, sequence) in tokenIDs.enumerated() {
            rowsSoFar += sequence.count
            let remaining = count - s - 1
            let groupsLeft = groups - ranges.count - 1
            // Close the group once it holds its share of the rows, keeping at least one
            // sequence for every group still to come.
            if groupsLeft > 0 && (rowsSoFar * groups >= totalRows * (ranges.count + 1) || remaining == groupsLeft) {
                ranges.append(start..<(s + 1))
                start = s + 1
            }
        }
        ranges.append(start..<count)
        return ranges
    }

    /// Calls `body` with buffers for `positions` positions of sequences at most `longest`
    /// long: a finished pass's when one fits, else new ones, kept afterwards for later
    /// passes (at most one per core).
    func withWorkspace<Result>(positions: Int, longest: Int, _ body: (ForwardWorkspace) -> Result) -> Result {
        let reused = spareWorkspaces.withLock { spares -> ForwardWorkspace? in
            guard let index = spares.firstIndex(where: { $0.fits(positions: positions, longest: longest) }) else {
                return nil
            }
            return spares.remove(at: index)
        }
        let workspace = reused ?? ForwardWorkspace(model: model, positions: positions, longest: longest)
        let result = body(workspace)
        spareWorkspaces.withLock { spares in
            if spares.count < ParallelFor.coreCount { spares.append(workspace) }
        }
        return result
    }
}
