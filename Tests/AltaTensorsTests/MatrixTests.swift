import AltaTensors
import AltaTestSupport
import Testing

@Suite("Matrix basics")
struct MatrixTests {
    @Test("shape errors from user data are thrown")
    func shapeErrors() {
        #expect(throws: TensorError.elementCountMismatch(shape: [2, 3], count: 5)) {
            try Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5])
        }
        expectError(TensorError.invalidShape([-1, 3]),
                    message: "shape [-1, 3] has a negative dimension or more elements than can be counted") {
            try Matrix(rows: -1, columns: 3, values: [])
        }
        expectError(TensorError.shapeMismatch(operation: "Matrix(rows:), row 1", left: [2], right: [1]),
                    message: "Matrix(rows:), row 1: incompatible shapes [2] and [1]") {
            try Matrix([[1, 2], [3]])
        }
        var m = Matrix(rows: 2, columns: 3)
        expectError(TensorError.shapeMismatch(operation: "addRowVector", left: [2, 3], right: [2]),
                    message: "addRowVector: incompatible shapes [2, 3] and [2]") {
            try m.addRowVector([1, 2])
        }
        expectError(TensorError.shapeMismatch(operation: "+", left: [2, 3], right: [3, 2]),
                    message: "+: incompatible shapes [2, 3] and [3, 2]") {
            try m + Matrix(rows: 3, columns: 2)
        }
        expectError(TensorError.shapeMismatch(operation: "+", left: [2, 3], right: [2, 2]),
                    message: "+: incompatible shapes [2, 3] and [2, 2]") {
            try m += Matrix(rows: 2, columns: 2)
        }
        #expect(TensorError.shapeMismatch(operation: "matmul", left: [1, 2], right: [3, 4]).description
            == "matmul: incompatible shapes [1, 2] and [3, 4]")
    }

    @Test("elementwise operations, bias, transpose, slices")
    func basics() throws {
        var rng = SplitMix64(seed: 8)
        let a = rng.matrix(37, 45, fill: 0.5)
        let b = rng.matrix(37, 45)
        var sum = a
        try sum += b
        #expect(sum == (try a + b))
        for i in sum.values.indices { #expect(sum.values[i] == a.values[i] + b.values[i]) }
        let t = a.transposed()
        #expect(t.shape == [45, 37])
        for r in 0..<37 { for c in 0..<45 { #expect(t[c, r] == a[r, c]) } }
        #expect(t.transposed() == a)
        #expect(a.nonZeroCount == a.values.filter { $0 != 0 }.count)
        var biased = a
        let bias = (0..<45).map { Float($0) }
        try biased.addRowVector(bias)
        #expect(biased[3, 7] == a[3, 7] + 7)
        #expect(a.rows(5..<9) == (try Matrix((5..<9).map { a.row($0) })))
        #expect(Matrix.identity(3).values == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(try a.matmul(Matrix.identity(45)) == a)
        #expect(a.maxAbsDifference(b) == zip(a.values, b.values).map { abs($0 - $1) }.max())
    }
}
