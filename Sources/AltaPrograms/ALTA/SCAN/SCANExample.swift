/// One SCAN example: a command and its action sequence.
public struct SCANExample: Hashable, Sendable {
    /// The command words.
    public let command: [SCANWord]
    /// The expected actions.
    public let actions: [SCANAction]

    /// An example from its parts.
    public init(command: [SCANWord], actions: [SCANAction]) {
        self.command = command
        self.actions = actions
    }

    /// The command as text.
    public var commandText: String { command.commandText }
    /// The actions as text, in program spelling.
    public var actionText: String { actions.actionText }
}
