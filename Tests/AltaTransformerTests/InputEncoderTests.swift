import AltaTransformer
import Testing

/// The input encoder's checks on where BOS and PAD may stand.
@Suite struct InputEncoderTests {
    let encoder: InputEncoder

    init() throws {
        encoder = try InputEncoder(tokens: ["BOS", "PAD", "a", "b"], bos: "BOS", pad: "PAD")
    }

    @Test func bosOnlyStartsASequence() throws {
        #expect(try encoder.encode(["BOS", "a", "b"], maxLength: 5) == [0, 2, 3])
        let error = ModelError.misplacedSpecialToken("BOS", role: "BOS", sequence: 1, position: 2)
        #expect(throws: error) { try encoder.encode(["BOS", "a", "BOS", "b"], maxLength: 5, sequenceIndex: 1) }
        #expect(error.description == "the BOS token 'BOS' cannot be at position 2 of sequence 1: it may only start a sequence")
    }

    @Test func padOnlyTrailsTheInput() throws {
        #expect(try encoder.encode(["BOS", "a", "PAD", "PAD"], maxLength: 5) == [0, 2, 1, 1])
        let error = ModelError.misplacedSpecialToken("PAD", role: "PAD", sequence: 0, position: 1)
        #expect(throws: error) { try encoder.encode(["BOS", "PAD", "PAD", "a"], maxLength: 5) }
        #expect(error.description == "the PAD token 'PAD' cannot be at position 1 of sequence 0: padding may only follow the input")
    }

    @Test func modelsWithoutSpecialTokensTakeAnyKnownToken() throws {
        let plain = try InputEncoder(tokens: ["BOS", "x"])
        #expect(try plain.encode(["x", "BOS", "x"], maxLength: 3) == [1, 0, 1])
    }
}
