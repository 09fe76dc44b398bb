import RASP

/// Exact Python-type equality of value sequences (`1` is not `1.0`, `True` is not `1`).
enum ExactTypes {
    static func identical(_ a: [Value?], _ b: [Value?]) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy { x, y in
                switch (x, y) {
                case (nil, nil): return true
                case (let x?, let y?): return x.isIdentical(to: y)
                default: return false
                }
            }
    }
}
