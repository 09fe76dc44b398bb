import ALTAText
import AltaBench
import AltaPrograms
import AltaReport
import AltaTraining
import AltaTransformer
import Foundation
import RASPText

/// What went wrong, as far as the exit status tells (BSD `sysexits.h`): a command line that
/// is wrong (64), input data that is malformed (65), a file that cannot be read or written
/// (74), anything else (1).
public enum FailureKind: Int32, Sendable {
    case failure = 1
    case usage = 64
    case data = 65
    case io = 74

    /// The kind of `error`, or `nil` for an error the command line does not classify
    /// (ArgumentParser's own, which it renders itself, and unknown ones: exit status 1).
    public static func of(_ error: any Error) -> FailureKind? {
        switch error {
        case let error as CLIError: error.kind
        case is FileError, is FolderWriteError, is CocoaError: .io
        case let error as ExportError: of(error)
        case is SafeTensorsError, is DecodingError, is Diagnostic, is ALTATextDiagnostic, is SCANError, is TextEncodingError: .data
        case let error as ModelError: of(error)
        case let error as ALTAExampleError:
            if case .invalidInput = error { .data } else { .failure }
        case let error as TrainingError:
            if case .unreadableDataset = error { .io } else { .failure }
        case let error as BenchmarkError: of(error)
        case let error as ReportFile.WriteError: error == .emptyPath ? .failure : .io
        default: nil
        }
    }

    private static func of(_ error: ExportError) -> FailureKind {
        switch error {
        case .io, .folder: .io
        case .memory: .failure
        case .invalidConfig, .missingTensor, .tensorShape, .weights, .nonFiniteWeight, .model: .data
        }
    }

    /// An input the model cannot take is malformed data; the rest are the caller's settings.
    private static func of(_ error: ModelError) -> FailureKind {
        switch error {
        case .unknownToken, .missingBOS, .sequenceTooLong, .tokenIDOutOfRange, .emptySequence, .misplacedSpecialToken: .data
        default: .failure
        }
    }

    private static func of(_ error: BenchmarkError) -> FailureKind {
        switch error {
        case .unknownProgram: .usage
        case .noUsableInputs, .noSCANExamples, .unreadableReferenceTable: .data
        case .baselineScriptMissing: .io
        case .noBOS, .python, .childProcess: .failure
        }
    }
}
