import AltaPrograms
import AltaTensors
import AltaTransformer
import Foundation
import RASP
import RASPCompiler
import Testing

/// How compiled outputs are compared with the evaluator.
enum Match {
    /// The reference's rule, made strict about nulls: categorical values equal (null only
    /// where the evaluator gives null); numerical within `1e-7 + tolerance·|expected|`
    /// (a null numerical value counts as 0).
    static func agrees(
        _ expected: [Value?], _ actual: [Value?], numerical: Bool, tolerance: Double = 0.005
    ) -> Bool {
        guard expected.count == actual.count else { return false }
        for (e, a) in zip(expected, actual) {
            if numerical {
                let x = e?.doubleValue ?? 0
                guard let y = a?.doubleValue, abs(x - y) <= 1e-7 + tolerance * abs(x) else { return false }
            } else if e != a {
                return false
            }
        }
        return true
    }
}
