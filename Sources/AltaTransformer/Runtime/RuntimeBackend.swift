import AltaTensors

/// Which kernels a `PreparedModel` runs its forward passes with. Every backend computes
/// the same floats (the same operations in the same order); they differ in speed only.
public enum RuntimeBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Chooses by the model (`resolved(for:)`): sparse rows for a looped model without
    /// LayerNorm whose layer weights are mostly zeros, feature-major otherwise.
    case automatic
    /// Batches of sequences stacked in one feature-major residual, position-wise work over
    /// all positions at once, large batches split over threads (`GroupForward`): the backend
    /// for dense models and for stacked compiled models run on batches.
    case featureMajor = "feature-major"
    /// One sequence at a time per thread, the residual kept as each position's non-zero
    /// entries, attention through inverted key indexes and AND-like MLP units evaluated only
    /// when their pivot input is non-zero (`SparseForward`): the backend for compiled looped
    /// (ALTA) models, whose residuals and weights are almost all zeros. Not for models with
    /// LayerNorm.
    case sparseRows = "sparse-rows"

    /// The share of non-zero layer weight entries (`TransformerModel.layerWeightDensity`) at
    /// or below which `.automatic` picks sparse rows for a looped model. Measured (release,
    /// one input at a time): the compiled addition, SUBLEQ, sort_unique and parity programs
    /// at most 5% non-zero run 1.3–166× faster on sparse rows; the 9-dimensional relative
    /// parity (15% non-zero) runs 4.7× faster feature-major; SCAN is about 0.2% non-zero, a
    /// dense model near 100%.
    public static let sparseDensityThreshold = 0.05

    /// The backend `.automatic` stands for on `model` (a concrete one is itself): sparse
    /// rows when the model is looped, has no LayerNorm and at most `sparseDensityThreshold`
    /// of its layer weights are non-zero; feature-major otherwise.
    public func resolved(for model: TransformerModel) -> RuntimeBackend {
        guard self == .automatic else { return self }
        guard case .looped = model.layout, SparseForward.supports(model) else { return .featureMajor }
        return model.layerWeightDensity <= Self.sparseDensityThreshold ? .sparseRows : .featureMajor
    }

    public var description: String { rawValue }
}

extension TransformerModel {
    /// The share of non-zero entries among the layers' weight matrices (attention heads and
    /// MLPs; embeddings and unembedding excluded), what `RuntimeBackend.automatic` reads.
    public var layerWeightDensity: Double {
        var stored = 0.0
        var total = 0.0
        func count(_ w: WeightMatrix) {
            stored += Double(w.nonZeroCount)
            total += Double(w.rows * w.columns)
        }
        for layer in layers {
            for head in layer.heads {
                count(head.query)
                count(head.key)
                count(head.value)
                count(head.output)
            }
            for linear in layer.feedForward.layers { count(linear.weight) }
        }
        return total == 0 ? 1 : stored / total
    }
}
