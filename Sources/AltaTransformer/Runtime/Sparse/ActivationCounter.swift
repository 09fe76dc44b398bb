import AltaTensors

/// Counts, per layer, MLP map and input, how often the input was non-zero while the sparse
/// backend ran (what an `ActivationProfile` holds). Owned by one thread's workspace.
final class ActivationCounter {
    /// `[layer][map]` → `[input width]` counts.
    let counts: [[UnsafeMutablePointer<Int>]]
    let widths: [[Int]]

    init(layers: [[Int]]) {
        widths = layers
        counts = layers.map { maps in
            maps.map { width in
                let p = UnsafeMutablePointer<Int>.allocate(capacity: max(width, 1))
                p.initialize(repeating: 0, count: max(width, 1))
                return p
            }
        }
    }

    deinit { for layer in counts { for p in layer { p.deallocate() } } }

    /// The counts so far, `[layer][map][input]`.
    var snapshot: [[[Int]]] {
        counts.indices.map { l in
            counts[l].indices.map { m in Array(UnsafeBufferPointer(start: counts[l][m], count: widths[l][m])) }
        }
    }
}
