/// Exact two-level minimisation of rule sets over multi-valued variables.
///
/// Input: per update (target, old, new) the cubes where it fires (its on-set), plus a
/// don't-care set of states where the transition is undefined (generation from a function that
/// reads a null there). Output: per update a smaller list of cubes whose union contains the
/// on-set, stays inside on-set ∪ don't-care, and never meets the cubes of another update of the
/// same variable. The cubes of one variable are kept pairwise disjoint, so that at most one
/// rule writes a variable in any state (the interpreter rejects two, and in the compiled
/// model two lookup units would add the update twice). Steps, iterated to a fixpoint:
/// 1. merge cubes that differ only in one variable and together cover its whole range
///    (null included for variables that can be null) into one cube with that variable free;
/// 2. drop single atoms (expand) when the larger cube is still covered by on-set ∪ don't-care;
/// 3. remove cubes contained in others or covered by the union of the others.
/// The written variable's own atom (its old value) is never dropped.
struct ALTACubeMinimiser {
    let space: ALTACubeSpace
    /// Split budget per coverage check.
    var budgetPerCheck = 50_000

    /// Merges cubes that differ in exactly one (non-skipped) variable and cover its full range,
    /// repeatedly; also removes duplicates. The result order depends only on the input order.
    func merge(_ cubes: [ALTACube], skip: Int) -> [ALTACube] {
        var order: [ALTACube] = []
        var present = Set<ALTACube>()
        for cube in cubes where present.insert(cube).inserted { order.append(cube) }
        var changed = true
        while changed {
            changed = false
            for v in 0..<space.variableCount where v != skip && space.extendedSizes[v] > 0 {
                var keys: [ALTACube] = []
                var buckets: [ALTACube: Set<Int32>] = [:]
                for cube in order where cube[v] >= 0 && present.contains(cube) {
                    var key = cube
                    key[v] = -1
                    if buckets[key] == nil { keys.append(key) }
                    buckets[key, default: []].insert(cube[v])
                }
                var merged = false
                for key in keys where buckets[key]?.count == space.extendedSizes[v] {
                    var member = key
                    for value in buckets[key] ?? [] {
                        member[v] = value
                        present.remove(member)
                    }
                    if present.insert(key).inserted { order.append(key) }
                    merged = true
                }
                if merged {
                    order = order.filter { present.contains($0) }
                    changed = true
                }
            }
        }
        return order
    }

    /// Removes duplicates and cubes contained in another cube of the list; the result lists
    /// larger cubes (more free variables) first, in input order otherwise.
    func removeContained(_ cubes: [ALTACube]) -> [ALTACube] {
        // Distinct cubes, as words when the space packs (hashing one word, not an array).
        let packing = space.packing
        var seen = Set<ALTACube>(), seenPacked = Set<UInt64>()
        var distinct: [(free: Int, position: Int, cube: ALTACube)] = []
        for cube in cubes {
            let isNew = if let packing { seenPacked.insert(packing.pack(cube)).inserted } else { seen.insert(cube).inserted }
            if isNew { distinct.append((freeCount(cube), distinct.count, cube)) }
        }
        let decorated = distinct.sorted { $0.free != $1.free ? $0.free > $1.free : $0.position < $1.position }
        guard let fewest = decorated.last?.free else { return [] }
        let ordered = decorated.map(\.cube), free = decorated.map(\.free)
        // Only a cube with more free variables can contain another (distinct) cube, so the
        // index (made when a scan needs it) holds just those.
        var index: ALTACubeIndex? = nil
        var kept: [ALTACube] = []
        for (i, cube) in ordered.enumerated() {
            // Containment among distinct cubes is a strict order, so "contained in some other
            // cube" is the same as "contained in some kept cube"; a container has more free
            // variables (so it is not the cube itself), at most `gap` more.
            let gap = free[0] - free[i]
            var contained = false
            if gap > 0 {
                // Few variants with freed variables: look them up (in packed spaces, where a
                // look-up hashes one word); otherwise scan the possible containers.
                if let packing, Self.subsetCount(of: space.variableCount - free[i], atMost: gap) <= Self.lookupLimit {
                    contained = hasFreedVariant(of: cube, freeingAtMost: gap, in: seenPacked, packing: packing)
                } else {
                    let containers = index
                        ?? ALTACubeIndex(Array(ordered[..<free.prefix { $0 > fewest }.count]), sizes: space.extendedSizes)
                    index = containers
                    for j in containers.candidateIndices(for: cube) where free[j] > free[i] && space.contains(ordered[j], cube) {
                        contained = true
                        break
                    }
                }
            }
            if !contained { kept.append(cube) }
        }
        return kept
    }

    /// Subsets to look up before scanning the index's candidates instead.
    private static let lookupLimit = 64

    /// The number of non-empty subsets of at most `k` of `n` elements (capped above
    /// `lookupLimit`).
    private static func subsetCount(of n: Int, atMost k: Int) -> Int {
        guard n > 0, k > 0 else { return 0 }
        var total = 0
        var choose = 1
        for size in 1...min(k, n) {
            choose = choose * (n - size + 1) / size
            total += choose
            if total > lookupLimit { break }
        }
        return total
    }

    /// Whether `members` (packed cubes) holds `cube` with one to `most` of its fixed variables
    /// freed.
    private func hasFreedVariant(
        of cube: ALTACube, freeingAtMost most: Int, in members: Set<UInt64>, packing: ALTACubePacking
    ) -> Bool {
        let fixedMasks = cube.indices.compactMap { cube[$0] >= 0 ? packing.masks[$0] : nil }
        func search(_ word: UInt64, from start: Int, left: Int) -> Bool {
            for k in start..<fixedMasks.count {
                let variant = word & ~fixedMasks[k]
                if members.contains(variant) || (left > 1 && search(variant, from: k + 1, left: left - 1)) { return true }
            }
            return false
        }
        return search(packing.pack(cube), from: 0, left: most)
    }

    private func freeCount(_ cube: ALTACube) -> Int {
        var count = 0
        for x in cube where x < 0 { count += 1 }
        return count
    }

    /// Whether two cubes of the list share a state.
    func hasOverlap(_ cubes: [ALTACube]) -> Bool {
        let index = ALTACubeIndex(cubes, sizes: space.extendedSizes)
        for (i, cube) in cubes.enumerated() {
            if index.candidateIndices(for: cube).contains(where: { $0 != i && space.intersects(cubes[$0], cube) }) { return true }
        }
        return false
    }

    /// Replaces overlapping cubes by their join (the smallest cube containing both) until the
    /// list is disjoint. Only valid for cubes produced by generation from a function, where an
    /// overlap of two freed cubes means the function's path reads none of the freed variables.
    func joinOverlaps(_ cubes: [ALTACube]) -> [ALTACube] {
        var list = removeContained(cubes)
        while true {
            // Single states cannot overlap each other, and removeContained drops those inside a
            // larger cube: only cubes with free variables can overlap.
            let wide = list.filter { freeCount($0) > 0 }
            let index = ALTACubeIndex(wide, sizes: space.extendedSizes)
            var join: ALTACube? = nil
            search: for (i, cube) in wide.enumerated() {
                for j in index.candidateIndices(for: cube) where j != i && space.intersects(wide[j], cube) {
                    var joined = cube
                    for v in 0..<joined.count where joined[v] != wide[j][v] { joined[v] = -1 }
                    join = joined
                    break search
                }
            }
            guard let join else { return list }
            list = adding(join, toContainmentFree: list)
        }
    }

    /// `removeContained(list + [cube])` for a `list` that `removeContained` returned (distinct,
    /// none inside another, more free variables first), without hashing or sorting the list
    /// again: `cube` is dropped when a listed cube contains it (equal ones included); otherwise
    /// the listed cubes inside it go and it takes the last place among cubes with as many free
    /// variables. (Distinct cubes can only contain one another with more free variables.)
    private func adding(_ cube: ALTACube, toContainmentFree list: [ALTACube]) -> [ALTACube] {
        if list.contains(where: { space.contains($0, cube) }) { return list }
        let free = freeCount(cube)
        var result: [ALTACube] = []
        result.reserveCapacity(list.count + 1)
        var placed = false
        for other in list {
            if !placed && freeCount(other) < free {
                result.append(cube)
                placed = true
            }
            if !space.contains(cube, other) { result.append(other) }
        }
        if !placed { result.append(cube) }
        return result
    }

    /// Minimises every update's cubes. `groups` is in output order. With `joinOverlapping`
    /// (generated rules) overlapping cubes of one update are joined; otherwise (written rules)
    /// a group whose rules overlap — states where the original already lets two rules write
    /// the variable — is left as it is.
    func minimise(
        groups: [(key: ALTAUpdateKey, cubes: [ALTACube])], dontCare: [ALTACube], joinOverlapping: Bool
    ) -> [(key: ALTAUpdateKey, cubes: [ALTACube])] {
        let mergedDontCare = removeContained(merge(dontCare, skip: -1))
        let dontCareIndex = ALTACubeIndex(mergedDontCare, sizes: space.extendedSizes)
        var frozen = Set<Int>()
        var result: [(key: ALTAUpdateKey, cubes: [ALTACube])] = []
        for (g, group) in groups.enumerated() {
            var cubes = removeContained(group.cubes)
            if joinOverlapping {
                cubes = joinOverlaps(cubes)
            } else if hasOverlap(cubes) {
                frozen.insert(g)
                result.append((group.key, group.cubes))
                continue
            }
            result.append((group.key, removeContained(merge(cubes, skip: group.key.target))))
        }
        // Updates of the same variable and old value with another new value: their cubes must
        // stay disjoint from ours (they can overlap only inside the don't-care set).
        var rivals: [Int: [Int]] = [:]  // group → other groups writing the same variable from the same old value
        var byTargetOld: [[Int32]: [Int]] = [:]
        for (g, group) in result.enumerated() {
            byTargetOld[[Int32(group.key.target), group.key.old], default: []].append(g)
        }
        for members in byTargetOld.values {
            for g in members { rivals[g] = members.filter { $0 != g } }
        }
        for g in result.indices where !frozen.contains(g) {
            var cubes = result[g].cubes
            let target = result[g].key.target
            var changed = true
            while changed {
                changed = false
                // Expand: drop atoms while the cube stays inside on-set ∪ don't-care.
                var index = ALTACubeIndex(cubes, sizes: space.extendedSizes)
                var k = 0
                while k < cubes.count {
                    var cube = cubes[k]
                    for v in 0..<space.variableCount where v != target && cube[v] >= 0 {
                        var bigger = cube
                        bigger[v] = -1
                        // Stay disjoint from the group's other cubes: swallow them whole or miss them.
                        let overlapsPartly = index.candidateIndices(for: bigger).contains { j in
                            j != k && space.intersects(cubes[j], bigger) && !space.contains(bigger, cubes[j])
                        }
                        if overlapsPartly { continue }
                        var budget = budgetPerCheck
                        let cover = index.candidates(for: bigger) + dontCareIndex.candidates(for: bigger)
                        guard space.covered(bigger, by: cover, budget: &budget) else { continue }
                        // Inside the on-set, any overlap with a rival was already there; only
                        // growth into the don't-care set can create a new clash.
                        if !mergedDontCare.isEmpty {
                            let clashes = (rivals[g] ?? []).contains { r in
                                result[r].cubes.contains { space.intersects($0, bigger) }
                            }
                            if clashes { continue }
                        }
                        cube = bigger
                        changed = true
                    }
                    if cube != cubes[k] {
                        cubes[k] = cube
                        // Drop the cubes the expanded one now contains.
                        var i = 0
                        while i < cubes.count {
                            if i != k && space.contains(cube, cubes[i]) {
                                cubes.remove(at: i)
                                if i < k { k -= 1 }
                            } else {
                                i += 1
                            }
                        }
                        index = ALTACubeIndex(cubes, sizes: space.extendedSizes)
                    }
                    k += 1
                }
                // Irredundant: drop cubes covered by the others and the don't-care set.
                var i = cubes.count - 1
                while i >= 0 {
                    let cover = index.candidates(for: cubes[i], excluding: i) + dontCareIndex.candidates(for: cubes[i])
                    var budget = budgetPerCheck
                    if space.covered(cubes[i], by: cover, budget: &budget) {
                        cubes.remove(at: i)
                        changed = true
                        index = ALTACubeIndex(cubes, sizes: space.extendedSizes)
                    }
                    i -= 1
                }
                let merged = removeContained(merge(cubes, skip: target))
                if merged.count < cubes.count { changed = true }
                cubes = merged
            }
            result[g].cubes = cubes
        }
        return result.filter { !$0.cubes.isEmpty }
    }
}
