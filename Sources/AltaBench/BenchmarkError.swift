/// Why a benchmark could not run or could not finish.
public enum BenchmarkError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A program name the benchmark does not know; `known` says where to look.
    case unknownProgram(language: String, name: String, known: String)
    /// None of a program's inputs can be encoded or fits its positions.
    case noUsableInputs(program: String)
    /// A SCAN data file without any `IN: … OUT: …` line.
    case noSCANExamples(source: String)
    /// A compiled RASP model without a BOS token (the batch starts with one).
    case noBOS(program: String)
    /// The Tracr reference table reads but is not one.
    case unreadableReferenceTable(path: String, reason: String)
    /// `python/numpy_baseline.py` is nowhere the benchmark looked.
    case baselineScriptMissing(searched: [String])
    /// python3 could not be started, failed, or printed something else than expected.
    case python(String)
    /// A child process (`alta compile` in `bench scale`) could not be run or said nothing usable.
    case childProcess(String)

    public var description: String {
        switch self {
        case let .unknownProgram(language, name, known): "unknown \(language) program '\(name)' (\(known))"
        case let .noUsableInputs(program): "\(program): no usable inputs"
        case let .noSCANExamples(source): "\(source) holds no SCAN examples"
        case let .noBOS(program): "\(program): the compiled model has no BOS token"
        case let .unreadableReferenceTable(path, reason): "cannot read the Tracr reference table '\(path)': \(reason)"
        case let .baselineScriptMissing(searched):
            "the numpy baseline script numpy_baseline.py is not in \(searched.joined(separator: " or ")); "
                + "set ALTA_PYTHON_DIR to the package's python folder, or pass --no-numpy"
        case let .python(reason): reason
        case let .childProcess(reason): reason
        }
    }
}
