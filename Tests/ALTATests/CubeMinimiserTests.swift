@testable import ALTA
import AltaTensors
import Testing

/// The minimiser's containment steps against their plain definitions, on random cube lists
/// over a small space (free entries drawn often, so that containment and overlap are common):
/// the fast paths (subset look-ups, adding one join without re-sorting) must give the same
/// list in the same order, since rule order decides the compiled weights.
@Suite(.timeLimit(.minutes(1))) struct CubeMinimiserTests {
    /// Five variables of 2…4 values (one nullable), whose cubes pack into one word; or, with
    /// `wide`, eight of 300 values, which do not (`ALTACubePacking`).
    static func space(wide: Bool = false) throws -> ALTACubeSpace {
        let schema = try ALTASchema(
            inputRange: 2,
            variables: wide
                ? [.input("a", range: 2)] + (1..<8).map { .categorical("v\($0)", range: 300) }
                : [
                    .input("a", range: 2), .categorical("b", range: 3), .categorical("c", range: 4),
                    .categorical("d", range: 2), .categorical("e", range: 3),
                ])
        let space = ALTACubeSpace(schema: schema, nullable: wide ? [] : [2])
        #expect((space.packing == nil) == wide)
        return space
    }

    /// `count` cubes, each entry free with `freeOdds` percent, none entirely free (it would
    /// contain every other cube).
    static func randomCubes(_ count: Int, space: ALTACubeSpace, freeOdds: UInt64, using rng: inout SplitMix64) -> [ALTACube] {
        (0..<count).map { _ in
            var cube = space.extendedSizes.map { size in rng.next() % 100 < freeOdds ? -1 : Int32(rng.next() % UInt64(size)) }
            if freeCount(cube) == cube.count { cube[0] = 0 }
            return cube
        }
    }

    static func freeCount(_ cube: ALTACube) -> Int { cube.filter { $0 < 0 }.count }

    /// The definition: distinct cubes (first occurrence), those inside no other distinct cube,
    /// more free variables first, input order otherwise.
    static func plainRemoveContained(_ cubes: [ALTACube], space: ALTACubeSpace) -> [ALTACube] {
        var distinct: [ALTACube] = []
        for cube in cubes where !distinct.contains(cube) { distinct.append(cube) }
        let kept = distinct.filter { cube in !distinct.contains { $0 != cube && space.contains($0, cube) } }
        return kept.enumerated()
            .sorted { (freeCount($0.element), -$0.offset) > (freeCount($1.element), -$1.offset) }
            .map(\.element)
    }

    /// The definition: join the first overlapping pair found, re-minimise the whole list,
    /// start again.
    static func plainJoinOverlaps(_ cubes: [ALTACube], space: ALTACubeSpace, minimiser: ALTACubeMinimiser) -> [ALTACube] {
        var list = minimiser.removeContained(cubes)
        while true {
            let wide = list.filter { freeCount($0) > 0 }
            let index = ALTACubeIndex(wide, sizes: space.extendedSizes)
            var joined: ALTACube? = nil
            search: for (i, cube) in wide.enumerated() {
                for j in index.candidateIndices(for: cube) where j != i && space.intersects(wide[j], cube) {
                    joined = zip(cube, wide[j]).map { $0 == $1 ? $0 : -1 }
                    break search
                }
            }
            guard let joined else { return list }
            list = minimiser.removeContained(list + [joined])
        }
    }

    @Test(arguments: [false, true], 0..<30)
    func removeContainedIsItsDefinition(wide: Bool, seed: Int) throws {
        let space = try Self.space(wide: wide)
        var rng = SplitMix64(seed: UInt64(seed))
        var cubes = Self.randomCubes(20 + seed * 5, space: space, freeOdds: 15 + UInt64(seed % 4) * 8, using: &rng)
        // Containers with two or three more free variables than a listed cube, and no cube in
        // between (a look-up of single freed variables would miss them).
        for k in 0..<cubes.count / 3 {
            let fixed = cubes[k].indices.filter { cubes[k][$0] >= 0 }
            guard fixed.count >= 3 else { continue }
            var container = cubes[k]
            for v in fixed.shuffled(using: &rng).prefix(2 + k % 2) { container[v] = -1 }
            cubes.append(container)
        }
        let fast = ALTACubeMinimiser(space: space).removeContained(cubes)
        #expect(fast == Self.plainRemoveContained(cubes, space: space), "seed \(seed), wide: \(wide)")
        #expect(fast.count < Set(cubes).count, "seed \(seed), wide: \(wide): nothing was contained")
    }

    @Test(arguments: 0..<40)
    func joinOverlapsIsItsDefinition(seed: Int) throws {
        let space = try Self.space()
        let minimiser = ALTACubeMinimiser(space: space)
        var rng = SplitMix64(seed: 1000 + UInt64(seed))
        let cubes = Self.randomCubes(6 + seed % 12, space: space, freeOdds: 35, using: &rng)
        let joined = minimiser.joinOverlaps(cubes)
        #expect(joined == Self.plainJoinOverlaps(cubes, space: space, minimiser: minimiser), "seed \(seed)")
        // What joining is for: a disjoint list covering every input cube.
        #expect(!minimiser.hasOverlap(joined), "seed \(seed)")
        #expect(cubes.allSatisfy { cube in joined.contains { space.contains($0, cube) } }, "seed \(seed)")
    }
}
