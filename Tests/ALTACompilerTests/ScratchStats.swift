@testable import ALTACompiler
import ALTA
import AltaPrograms
import Foundation
import Testing

@Test func scratchPivotStats() throws {
    guard ProcessInfo.processInfo.environment["SCRATCH"] != nil else { return }
    let compiled = try SCANProgram.make().compile()
    let calibration = try ["walk around left thrice and look right", "turn opposite right twice after run left", "jump"].map { try SCANProgram.encode(command: $0) }
    let test = try ["look around right twice and jump left", "run opposite left after walk thrice"].map { try SCANProgram.encode(command: $0) }
    let base = try ALTASparseRunner(compiled)
    let calibrated = try base.calibrated(on: calibration)
    let ws = RunnerWorkspace(runner: base, counting: true)
    var positions = 0
    for ids in test { let r = base.runSequence(ids, trace: false, workspace: ws); positions += r.layers * ids.count }
    let freq = ws.frequencies!.frequencies(layer: 0, map: 2)
    for (name, runner) in [("static", base), ("calibrated", calibrated)] {
        let map = runner.layers[0].maps[2]
        var candidates = 0, work = 0
        for p in 0..<map.inputWidth {
            for u in Int(map.pivots.starts[p])..<Int(map.pivots.starts[p + 1]) {
                candidates += freq[p]
                work += freq[p] * Int(map.pivots.inputStarts[u + 1] - map.pivots.inputStarts[u])
            }
        }
        print(name, "candidates/position", Double(candidates) / Double(positions), "atom reads/position", Double(work) / Double(positions))
    }
    let f0 = ws.frequencies!.frequencies(layer: 0, map: 0), f1 = ws.frequencies!.frequencies(layer: 0, map: 1), f3 = ws.frequencies!.frequencies(layer: 0, map: 3)
    print("nonzero inputs per position: map0", Double(f0.reduce(0, +)) / Double(positions), "map1", Double(f1.reduce(0, +)) / Double(positions), "map2", Double(freq.reduce(0, +)) / Double(positions), "map3", Double(f3.reduce(0, +)) / Double(positions))
}
