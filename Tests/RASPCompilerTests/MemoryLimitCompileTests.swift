import AltaTensors
import RASP
import RASPCompiler
import Testing

/// A length whose position embedding alone exceeds the memory limit is refused before any
/// value set over it is built.
@Suite struct MemoryLimitCompileTests {
    @Test(arguments: [Int.max, 100_000])
    func hugeMaxSeqLenIsRefusedUpFront(maxSeqLen: Int) throws {
        let outcome = Result { () throws(RASPCompileError) -> CompiledRASPProgram in
            try RASPModelCompiler.compile(Map({ x in x }, tokens), vocabulary: ["a", "b"], maxSeqLen: maxSeqLen)
        }
        guard case let .failure(error) = outcome else {
            Issue.record("a length of \(maxSeqLen) must be refused")
            return
        }
        let limit = try MemoryLimit.current()
        let bytes = MemoryLimit.bytes(of: [maxSeqLen, maxSeqLen])
        #expect(error == .memory(.exceeded(
            what: "a model for inputs of length \(maxSeqLen) (its position embedding alone)", bytes: bytes, limit: limit.bytes)))
        #expect(error.description.hasPrefix("a model for inputs of length \(maxSeqLen) (its position embedding alone) needs "))
    }
}
