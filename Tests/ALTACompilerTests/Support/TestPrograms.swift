import ALTA

/// Small programs written for the compiler tests (independent of the example library).
enum TestPrograms {
    /// Sequential parity with relative heads (ALTA-EXAMPLES §1.2): input START(2) + bits.
    static func parityRelative() throws -> ALTAProgram {
        try ALTAProgram(
            name: "test_parity_relative", inputRange: 3,
            variables: [
                .categorical("parity", range: 2, fromToken: { $0 == 2 ? 0 : $0 }),
                .categorical("done", range: 2, fromToken: { $0 == 2 ? 1 : 0 }),
            ],
            heads: [
                .relative("parity_left", value: "parity", offset: -1),
                .relative("done_left", value: "done", offset: -1),
            ],
            output: "parity", halt: ALTAHalt("done", equals: 1)
        ) { x in
            try x.when("done", is: 0) {
                try x.when("done_left", is: 1) {
                    try x.set("done", 1)
                    try x.forEach("parity_left", "parity") { left, own in try x.set("parity", left ^ own) }
                }
            }
        }
    }
}
