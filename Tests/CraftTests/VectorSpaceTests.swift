import Testing
@testable import Craft

@Suite struct VectorSpaceTests {
    let a = BasisDirection("a")
    let b = BasisDirection("b")
    let c = BasisDirection("c")

    @Test func sortsAndDeduplicates() {
        let space = VectorSpace([c, a, b, a])
        #expect(space.basis == [a, b, c])
        #expect(space.index(of: b) == 1)
        #expect(space.index(of: BasisDirection("z")) == nil)
    }

    @Test func orderedKeepsOrderAndRejectsDuplicates() throws {
        let space = try VectorSpace(ordered: [c, a])
        #expect(space.basis == [c, a])
        #expect(throws: CraftError.overlappingBases([a])) { try VectorSpace(ordered: [a, b, a]) }
    }

    @Test func joinAllowsOverlapDirectSumDoesNot() throws {
        let x = VectorSpace([a, b])
        let y = VectorSpace([b, c])
        #expect(VectorSpace.join([y, x]).basis == [a, b, c])
        #expect(throws: CraftError.overlappingBases([b])) { try VectorSpace.directSum([x, y]) }
        #expect(try VectorSpace.directSum([VectorSpace([c]), VectorSpace([a])]).basis == [a, c])
        #expect(x.isSubspace(of: VectorSpace.join([x, y])))
        #expect(!y.isSubspace(of: x))
    }

    @Test func vectorProjection() {
        let v = VectorInBasis([a: 1, b: 2, c: 0]) + .basis(c, 3)
        #expect(v.project(onto: VectorSpace([a, c])) == VectorInBasis([a: 1, c: 3]))
        #expect(v.magnitudes(in: VectorSpace([c, b])) == [2, 3])
        #expect((v - v).isZero)
    }
}
