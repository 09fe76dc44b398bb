import ALTA
import AltaPrograms
import Synchronization
import Testing

/// An ALTA library entry builds its program once per process: every call and every copy of
/// the entry gets that program, and a build that fails fails the same way each time.
@Suite struct ProgramEntryTests {
    final class Builds: Sendable {
        let count = Atomic<Int>(0)
    }

    /// An entry like `template` whose build is counted and runs `build`.
    static func counted(
        like template: ALTAProgramEntry, builds: Builds, build: @escaping @Sendable () throws -> ALTAProgram
    ) -> ALTAProgramEntry {
        ALTAProgramEntry(
            name: "counted", summary: "a counted build", inputDescription: template.inputDescription,
            exampleInputs: template.exampleInputs, layerLimit: { _ in .exactly(1) },
            program: {
                builds.count.add(1, ordering: .relaxed)
                return try build()
            },
            inputTokens: template.inputTokens, encoding: template.encoding)
    }

    @Test func theProgramIsBuiltOnceAndShared() throws {
        let template = try ALTALibrary.entry(named: "sparse_parity_sequential_relative")
        let builds = Builds()
        let entry = Self.counted(like: template, builds: builds) { try template.program() }
        #expect(builds.count.load(ordering: .relaxed) == 0, "built eagerly")
        let copy = entry
        let programs = try [entry.program(), copy.program(), entry.program()]
        #expect(builds.count.load(ordering: .relaxed) == 1)
        let fresh = try ALTAParity.sequentialRelative(form: .rules, name: "sparse_parity_sequential_relative")
        for program in programs {
            #expect(program.rules == fresh.rules && program.variables == fresh.variables && program.heads == fresh.heads)
        }
    }

    @Test func aFailedBuildFailsTheSameWayEveryTime() throws {
        let template = try ALTALibrary.entry(named: "addition")
        let builds = Builds()
        let entry = Self.counted(like: template, builds: builds) {
            throw ALTAExampleError.invalidOutput(program: "counted", reason: "no program")
        }
        for _ in 0..<2 {
            #expect {
                try entry.program()
            } throws: { error in
                guard case .invalidOutput(let program, let reason)? = error as? ALTAExampleError else { return false }
                return program == "counted" && reason == "no program"
            }
        }
        #expect(builds.count.load(ordering: .relaxed) == 1)
    }
}
