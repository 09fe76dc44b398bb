/// For a list of cubes, the cubes that can meet a given cube, found through the per-variable
/// value lists of its most selective fixed variable (instead of scanning the whole list).
struct ALTACubeIndex {
    /// `lists[v][value + 1]`: indices of the cubes with `cube[v] == value` (slot 0: free).
    private let lists: [[[Int]]]
    private let cubes: [ALTACube]

    init(_ cubes: [ALTACube], sizes: [Int]) {
        var lists = sizes.map { [[Int]](repeating: [], count: $0 + 1) }
        for (k, cube) in cubes.enumerated() {
            for v in 0..<cube.count {
                let slot = Int(cube[v]) + 1
                if slot < lists[v].count { lists[v][slot].append(k) }
            }
        }
        self.lists = lists
        self.cubes = cubes
    }

    /// The variable whose lists hold the fewest cubes that may intersect `cube` (its
    /// value's list plus the list of cubes that leave it free), with that value's list
    /// slot and the number of cubes; nil when `cube` fixes no indexed variable.
    private func narrowestLists(for cube: ALTACube) -> (variable: Int, slot: Int, count: Int)? {
        var best: (variable: Int, slot: Int, count: Int)? = nil
        for v in 0..<cube.count where cube[v] >= 0 {
            let slot = Int(cube[v]) + 1
            guard slot < lists[v].count else { continue }
            let count = lists[v][slot].count + lists[v][0].count
            if count < (best?.count ?? Int.max) { best = (v, slot, count) }
        }
        return best
    }

    /// Indices of the cubes that may intersect `cube` (a superset of those that do).
    func candidateIndices(for cube: ALTACube) -> [Int] {
        guard let best = narrowestLists(for: cube) else { return Array(cubes.indices) }
        return lists[best.variable][best.slot] + lists[best.variable][0]
    }

    /// The cubes that may intersect `cube` (a superset of those that do), skipping index
    /// `excluding`.
    func candidates(for cube: ALTACube, excluding: Int = -1) -> [ALTACube] {
        guard let best = narrowestLists(for: cube) else {
            return cubes.enumerated().compactMap { $0.offset == excluding ? nil : $0.element }
        }
        var result: [ALTACube] = []
        result.reserveCapacity(best.count)
        for k in lists[best.variable][best.slot] where k != excluding { result.append(cubes[k]) }
        for k in lists[best.variable][0] where k != excluding { result.append(cubes[k]) }
        return result
    }
}
