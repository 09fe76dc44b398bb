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

    /// Indices of the cubes that may intersect `cube` (a superset of those that do).
    func candidateIndices(for cube: ALTACube) -> [Int] {
        var best = -1
        var bestCount = Int.max
        for v in 0..<cube.count where cube[v] >= 0 {
            let slot = Int(cube[v]) + 1
            guard slot < lists[v].count else { continue }
            let count = lists[v][slot].count + lists[v][0].count
            if count < bestCount {
                bestCount = count
                best = v
            }
        }
        if best < 0 { return Array(cubes.indices) }
        let slot = Int(cube[best]) + 1
        return lists[best][slot] + lists[best][0]
    }

    /// The cubes that may intersect `cube` (a superset of those that do), skipping index
    /// `excluding`.
    func candidates(for cube: ALTACube, excluding: Int = -1) -> [ALTACube] {
        var best = -1
        var bestCount = Int.max
        for v in 0..<cube.count where cube[v] >= 0 {
            let slot = Int(cube[v]) + 1
            guard slot < lists[v].count else { continue }
            let count = lists[v][slot].count + lists[v][0].count
            if count < bestCount {
                bestCount = count
                best = v
            }
        }
        if best < 0 {
            return cubes.enumerated().compactMap { $0.offset == excluding ? nil : $0.element }
        }
        let slot = Int(cube[best]) + 1
        var result: [ALTACube] = []
        result.reserveCapacity(bestCount)
        for k in lists[best][slot] where k != excluding { result.append(cubes[k]) }
        for k in lists[best][0] where k != excluding { result.append(cubes[k]) }
        return result
    }
}
