import RASP

extension TracrReference {
    /// One expression of a program's graph as Tracr recorded it.
    public struct Node: Sendable {
        /// The label (`map_3`, `tokens`).
        public let label: String
        /// Tracr's class name (`Map`, `Select`, `SelectorWidth`, …).
        public let className: String
        /// The children's labels, in Tracr's order.
        public let children: [String]
        /// `categorical` / `numerical` for s-ops; nil for selectors.
        public let encoding: String?
        /// A Select's predicate (`EQ`, `LT`, …, `custom`).
        public let predicate: String?
        /// Whether the record has an Aggregate's default (which may be null).
        public let hasDefault: Bool
        /// An Aggregate's default (`nil` for None or when absent; see ``hasDefault``).
        public let defaultValue: Value?
        /// A LinearSequenceMap's coefficients.
        public let firstFactor: Value?
        public let secondFactor: Value?
        /// Tracr's inferred value set (s-ops with residual directions).
        public let valueSet: [Value]?

        init(_ r: Record) throws(TracrReferenceError) {
            label = try r.string("label")
            className = try r.string("class")
            children = try r.strings("children")
            encoding = r.json["encoding"]?.string
            predicate = r.json["predicate"]?.string
            let defaultValue = try r.value("default")
            hasDefault = defaultValue != nil
            self.defaultValue = defaultValue ?? nil
            firstFactor = try r.value("fst_fac") ?? nil
            secondFactor = try r.value("snd_fac") ?? nil
            valueSet = r.json["value_set"] == nil ? nil : try r.values("value_set")
        }
    }
}
