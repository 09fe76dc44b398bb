/// A command-line failure with a message for stderr (ArgumentParser prints it and exits
/// non-zero).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
