import Foundation

/// Prints machine-readable results (`--json`): one pretty-printed object with sorted keys.
enum JSONOutput {
    static func print(_ object: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed])
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
