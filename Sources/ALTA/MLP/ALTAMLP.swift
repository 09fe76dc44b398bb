/// The position-wise MLP of a program.
public enum ALTAMLP: Sendable {
    /// Rule form (compilable): the rules and the automatic reset rules.
    case rules(ALTARuleSet)
    /// Function form (interpreter only, unless rules are generated from it).
    case function(ALTAMLPFunction)
}
