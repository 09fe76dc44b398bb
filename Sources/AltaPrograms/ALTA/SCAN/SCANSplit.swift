/// One of SCAN's two published train/test splits (Lake & Baroni 2018), shipped in
/// ``LibraryResources``.
public enum SCANSplit: String, CaseIterable, Hashable, Sendable {
    /// `length_split/`: the test commands have longer action sequences than any in training
    /// (16,990 train / 3,920 test).
    case length
    /// `simple_split/`: a random 80/20 split (16,728 train / 4,182 test).
    case simple

    /// The half of a split.
    public enum Part: String, CaseIterable, Hashable, Sendable {
        case train
        case test
    }
}
