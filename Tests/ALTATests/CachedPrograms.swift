import ALTA
import AltaPrograms

/// Programs that are slow to generate in debug builds, built once for all tests.
enum CachedPrograms {
    static let sortUnique = Result { try ALTASortUnique.program(form: .generated(minimised: true)) }
    static let absoluteParity = Result { try ALTAParity.sequentialAbsolute(form: .generated(minimised: true)) }
}
