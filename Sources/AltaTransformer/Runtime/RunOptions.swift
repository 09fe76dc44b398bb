/// How much of a forward pass `ForwardResult.traces` keeps.
public enum TraceLevel: Sendable, Equatable {
    /// No traces (`ForwardResult.traces` is nil).
    case none
    /// The embedding and the residual after each sublayer of each layer application;
    /// `LayerTrace`'s attention logits, patterns and MLP activations are empty.
    case residuals
    /// Everything `LayerTrace` holds.
    case full
}

/// Options of one forward pass (`PreparedModel.forward(tokenIDs:options:)`,
/// `TransformerModel.run(_:options:)`), in place of editing the model.
///
/// ```swift
/// var options = RunOptions(maxLayers: 3, halting: false, trace: .residuals)
/// options.hooks.read(.residPost(step: 0)) { sequence, residual in print(sequence, residual.rows) }
/// let result = try model.run([["BOS", "a", "b"]], options: options)
/// ```
public struct RunOptions {
    /// At most this many layer applications (the first `maxLayers` layers of a stacked
    /// model, iterations of a looped one); nil runs the model's own depth. It may not
    /// exceed the model's depth (`ModelError.layerCapAboveModel`).
    public var maxLayers: Int?
    /// Whether a looped model's halting rule stops a sequence; when false every sequence
    /// runs exactly the layer cap.
    public var halting: Bool
    /// At most this many threads (at least 1); nil uses every core. With 1 the pass runs
    /// on the calling thread. Results are bit-identical whatever the value.
    public var threads: Int?
    /// What the result's traces keep.
    public var trace: TraceLevel
    /// Callbacks that read or replace activations at named points (`HookPoint`). With no
    /// hook set the pass runs the batched fast path; with hooks each sequence runs
    /// through the plain per-sequence pass (`HookedForward`), whose un-replaced values
    /// are bit-identical to the fast path's.
    public var hooks: Hooks

    /// Options; the defaults run the model as it is, without traces or hooks.
    public init(
        maxLayers: Int? = nil, halting: Bool = true, threads: Int? = nil, trace: TraceLevel = .none,
        hooks: Hooks = Hooks()
    ) {
        self.maxLayers = maxLayers
        self.halting = halting
        self.threads = threads
        self.trace = trace
        self.hooks = hooks
    }
}
