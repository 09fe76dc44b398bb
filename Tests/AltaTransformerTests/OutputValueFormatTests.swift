import AltaTransformer
import Testing

/// How numbers print (`run`, `eval`, traces): integers bare, others to 6 significant digits,
/// so float32 results and exact reference values print alike.
@Suite struct OutputValueFormatTests {
    @Test(arguments: [
        (1.0, "1"), (-3.0, "-3"), (0.5, "0.5"), (1.0 / 3, "0.333333"), (Double(Float(1.0 / 3)), "0.333333"),
        (0.99999994, "1"), (2.0 / 3, "0.666667"), (1e-7, "1e-07"), (-0.0, "0"), (12_345_678.5, "1.23457e+07"),
        (.infinity, "inf"), (.nan, "nan"),
    ])
    func numbersPrintAlike(value: Double, printed: String) {
        #expect(OutputValue.format(value) == printed)
    }

    @Test func numericalOutputsUseTheFormat() {
        #expect(OutputValue.number(Float(2.0 / 3)).description == "0.666667")
        #expect(OutputValue.number(4).description == "4")
    }
}
