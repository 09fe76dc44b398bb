extension SCANProgram {
    /// Commands whose runs measure how often each rule condition holds (the activation
    /// profile that chooses the sparse-rows backend's pivots; any commands would do), used
    /// by `alta scan` and `alta bench alta`.
    public static let calibrationCommands = [
        "walk around left thrice and look right", "turn opposite right twice after run left", "jump",
        "look around right twice after walk opposite left thrice", "run left and turn around left",
        "turn right thrice", "jump opposite right and walk", "look twice after turn left",
    ]
}
