/// A transition rule: "if every atom holds, set `variable` from `old` to `new`".
///
/// `conditions` always contains the atom `variable == old` (the compiler subtracts the old
/// value's encoding, so the old value must be known); the initialiser adds it when missing.
/// `new == nil` resets the variable to null. All rules whose conditions hold fire at once,
/// on the MLP input; two fired rules writing the same variable are an error.
public struct ALTARule: Sendable, Hashable, CustomStringConvertible {
    /// The conjunction (at most one atom per variable; includes `variable == old`).
    public let conditions: [ALTAAtom]
    /// The written variable.
    public let variable: String
    /// Its value before the update (equal to its atom in `conditions`).
    public let old: ALTAValue
    /// Its value after the update; `nil` = null.
    public let new: ALTAValue?

    /// `if conditions then variable: old → new`. The atom `variable == old` is appended to
    /// `conditions` if it is not there (a conflicting atom is reported when the program is
    /// built).
    public init(when conditions: [ALTAAtom], set variable: String, from old: ALTAValue, to new: ALTAValue?) {
        var atoms = conditions
        if !atoms.contains(where: { $0.variable == variable }) {
            atoms.append(ALTAAtom(variable, old))
        }
        self.conditions = atoms
        self.variable = variable
        self.old = old
        self.new = new
    }

    /// `a=1 & b=0 => b: 0 -> 1` (null written as `-`).
    public var description: String {
        let lhs = conditions.map(\.description).joined(separator: " & ")
        return "\(lhs) => \(variable): \(old) -> \(ALTAValue.format(new))"
    }
}
