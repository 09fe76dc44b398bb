import Foundation

/// A SCAN data file shipped with the program library: the full data set or one part of a
/// split. Read it with ``SCANDataset/init(_:)``.
public enum SCANDataFile: Hashable, Sendable, CustomStringConvertible {
    /// `tasks.txt`: every command of the bounded SCAN language (20,910).
    case tasks
    /// One part of a split, e.g. `simple_split/tasks_test_simple.txt`.
    case split(SCANSplit, SCANSplit.Part)

    /// The file's path inside the `SCAN/` folder of ``LibraryResources``.
    public var relativePath: String {
        switch self {
        case .tasks:
            return "tasks.txt"
        case .split(let split, let part):
            return "\(split.rawValue)_split/tasks_\(part.rawValue)_\(split.rawValue).txt"
        }
    }

    /// Where the file is.
    public var url: URL {
        LibraryResources.url("SCAN/" + relativePath)
    }

    /// The file's path inside the SCAN data set, e.g. `tasks.txt`.
    public var description: String { relativePath }
}
