import AltaPrograms
import AltaTensors
import AltaTransformer
import Foundation
import RASP
import RASPCompiler
import Testing

/// How compiled outputs are compared with the evaluator: element by element with
/// `RASPConformance`'s one rule (categorical values equal, null only for null; numerical
/// within 1e-4 relative, absolute below 1, a null counting as 0).
enum Match {
    static func agrees(_ expected: [Value?], _ actual: [Value?], numerical: Bool) -> Bool {
        expected.count == actual.count
            && zip(expected, actual).allSatisfy { RASPConformance.agree($0, $1, encoding: numerical ? .numerical : .categorical) }
    }
}
