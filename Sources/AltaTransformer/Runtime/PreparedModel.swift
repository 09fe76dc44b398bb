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
///
/// Passes run on one of two backends (`RuntimeBackend`), chosen at preparation —
/// `.automatic` picks sparse rows for mostly-zero looped models — and both compute the
/// same floats. The sparse-rows backend serves passes without traces or with residual
/// traces (`TraceLevel.residuals`); `.full` traces come from the feature-major pass, and
/// passes with hooks from the plain per-sequence pass (`HookedForward`), on either backend.
public final class PreparedModel: Sendable {
    /// The model run.
    public let model: TransformerModel
    /// The backend passes run on (never `.automatic`: the one it chose).
    public let backend: RuntimeBackend
    /// The sparse-rows backend's plans (sparse rows only), and whether their pivots were
    /// chosen from a measured profile; a pass without one measures it on its first
    /// sequences and keeps the calibrated plans for later passes.
    private let sparse: SparseBackendState?
    /// Per layer, its sparse output projections walked by column.
    let projections: [LayerProjections]
    /// The embedding tables, ready to write a group's residual.
    let embedding: EmbeddingLookup
    /// Multiply-adds per position of a whole pass (`TransformerModel.estimatedWorkPerRow`).
    let workPerRow: Double
    /// Buffers of finished passes, at most one per core, handed to the next passes.
    private let spareWorkspaces = Mutex<[ForwardWorkspace]>([])

    /// Validates `model` and builds its runtime tables for `backend` (`.automatic` chooses
    /// by the model, see `RuntimeBackend.resolved(for:)`). `profile`, measured on sample
    /// inputs (`activationProfile(tokenIDs:options:)`), steers the sparse-rows backend's
    /// pivots; without one, the first pass measures one on its first
    /// `profiledSequences` sequences. Neither changes any result.
    public init(
        _ model: TransformerModel, backend: RuntimeBackend = .automatic, profile: ActivationProfile? = nil
    ) throws(ModelError) {
        try model.validate()
        self.model = model
        let chosen = backend.resolved(for: model)
        if chosen == .sparseRows {
            guard SparseForward.supports(model) else { throw .backendUnavailable(.sparseRows, reason: "it uses LayerNorm") }
            sparse = SparseBackendState(SparsePlans(forward: SparseForward(model: model, profile: profile), profiled: profile != nil))
        } else {
            sparse = nil
        }
        self.backend = chosen
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
    /// a thread limit, a trace level and hooks. Without hooks the batch runs on the
    /// model's backend (`.full` traces on the feature-major pass); with hooks each
    /// sequence runs the plain per-sequence pass on the calling thread, whose values where
    /// nothing is replaced are bit-identical to the backends'.
    public func forward(tokenIDs: [[Int]], options: RunOptions) throws(ModelError) -> ForwardResult {
        let (depth, halting, threads) = try validated(tokenIDs, options)
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
        if let sparse, options.trace != .full {
            return try forwardSparse(
                sparse, tokenIDs: tokenIDs, depth: depth, halting: halting, trace: options.trace == .residuals,
                threads: threads)
        }
        return forwardValidated(
            tokenIDs: tokenIDs, trace: options.trace, depth: depth, halting: halting, threads: threads,
            groups: sequenceGroups(tokenIDs, threads: threads))
    }

    /// Checks `tokenIDs` and `options` against the model; returns the layer applications
    /// to run, the halting rule applied and the threads to use.
    private func validated(
        _ tokenIDs: [[Int]], _ options: RunOptions
    ) throws(ModelError) -> (depth: Int, halting: HaltingRule?, threads: Int) {
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
        return (depth, halting, min(options.threads ?? ParallelFor.coreCount, ParallelFor.coreCount))
    }

    /// Sequences a pass without a profile measures one on before running the rest.
    public static let profiledSequences = 8

    /// The sparse-rows pass of validated inputs. Without a profile yet, the first
    /// `profiledSequences` sequences run on the calling thread while measuring one, and
    /// the rest (and later passes) run with the pivots it chooses.
    private func forwardSparse(
        _ sparse: SparseBackendState, tokenIDs: [[Int]], depth: Int, halting: HaltingRule?, trace: Bool, threads: Int
    ) throws(ModelError) -> ForwardResult {
        var plans = sparse.plans.withLock { $0 }
        var results = [SparseForward.SequenceResult?](repeating: nil, count: tokenIDs.count)
        var start = 0
        if !plans.profiled {
            start = min(Self.profiledSequences, tokenIDs.count)
            let (first, profile) = plans.forward.profiling(tokenIDs[0..<start], depth: depth, halting: halting, trace: trace)
            for (s, result) in first.enumerated() { results[s] = result }
            plans = SparsePlans(forward: plans.forward.calibrated(profile), profiled: true)
            sparse.plans.withLock { current in if !current.profiled { current = plans } }
        }
        plans.forward.run(
            tokenIDs, range: start..<tokenIDs.count, depth: depth, halting: halting, trace: trace, threads: threads,
            into: &results)
        let done = results.compactMap { $0 }
        var scores: [StackedActivations] = []
        scores.reserveCapacity(done.count)
        for result in done {
            switch result.scores {
            case .success(let stacked): scores.append(stacked)
            case .failure(let error): throw .inconsistentShape("\(error)")
            }
        }
        return ForwardResult(
            scores: scores, finals: done.map(\.stackedFinal), layersRun: done.map(\.layersRun),
            halted: done.map(\.halted), traces: trace ? done.compactMap(\.trace) : nil,
            outputEncoder: model.outputEncoder, bos: model.inputEncoder.bos)
    }

    /// How often each MLP input is non-zero while the model runs `tokenIDs` with `options`
    /// (layer cap and halting; hooks and traces are ignored), measured by the sparse-rows
    /// pass whatever this model's backend; pass it to `init(_:backend:profile:)`.
    public func activationProfile(tokenIDs: [[Int]], options: RunOptions = RunOptions()) throws(ModelError) -> ActivationProfile {
        let (depth, halting, _) = try validated(tokenIDs, options)
        let plans: SparseForward
        if let sparse {
            plans = sparse.plans.withLock { $0.forward }
        } else {
            guard SparseForward.supports(model) else { throw .backendUnavailable(.sparseRows, reason: "it uses LayerNorm") }
            plans = SparseForward(model: model)
        }
        return plans.profiling(tokenIDs[...], depth: depth, halting: halting, trace: false).profile
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

/// The sparse-rows backend's plans and whether a profile chose their pivots.
struct SparsePlans: Sendable {
    var forward: SparseForward
    var profiled: Bool
}

/// The sparse-rows plans of a prepared model, replaced once by calibrated ones.
final class SparseBackendState: Sendable {
    let plans: Mutex<SparsePlans>

    init(_ plans: SparsePlans) { self.plans = Mutex(plans) }
}
