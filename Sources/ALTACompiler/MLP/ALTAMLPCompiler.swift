import ALTA
import AltaTensors
import Craft

/// Builds the compiled four-map clipped-ReLU MLP of a rule-form program (ALTA.md §10.4, with
/// the defects of §15 fixed):
///
/// ```
/// residual --W1--> discretise --W2--> expanded atoms --W3--> one unit per rule --W4--> deltas
/// ```
///
/// * **Map 1** — categorical values read by rules or owned by head outputs pass through
///   (`a(x)`); numerical variables get one step unit per threshold they need
///   (`a(S·(x − t) − 1)`, correct for any sign of `t`), a presence unit and `a(±x / M)`
///   pass-through units; set variables get one detector per listed set rules test (`+1` from
///   members, `−1` from the others, bias `1 − |s|`, gated by presence); categorical heads that
///   can select several keys get a "several" flag `a(24·n − 14)` from their match count `n`.
/// * **Map 2** — the expanded atoms: categorical `a(x)` (or `a(2x − 2·several − 1)`), numerical
///   bucket one-hots `a(3u_j − 3u_{j+1} + 2p − 3)` from the thermometer, set detectors; pass-
///   through units are copied.
/// * **Map 3** — one AND unit per rule, `a(Σ atoms − (k − 1))`; numerical targets add two gated
///   pass-through units `a(Σ atoms − k ± x / M)` so that the update subtracts the actual value;
///   head-output reset units copy the head's output (and match count / presence).
/// * **Map 4** — deltas into the residual: categorical `−old + new`, set member differences
///   (ALTA.md §15 item 6), numerical `new` minus the gated pass-through (exact, §15 item 15),
///   resets subtract exactly what attention wrote.
///
/// Only the atoms that some rule tests get expanded units, so the hidden widths follow the
/// rules rather than the variables.
struct ALTAMLPCompiler {
    let analysis: ALTAProgramAnalysis
    let layout: ALTAResidualLayout
    let exactness: ALTAExactness
    let maxLength: Int

    /// The built MLP and what the statistics need.
    struct Output {
        let mlp: MLP
        /// Units per hidden layer.
        let widths: [Int]
        /// AND units (one per program rule).
        let ruleUnits: Int
        /// Units that reset head outputs.
        let resetUnits: Int
        /// Gated pass-through units of numerical updates.
        let numericalUpdateUnits: Int
        /// Per map-3 unit, what it computes.
        let roles: [ALTAUnitRole]
    }

    func build() throws(ALTACompilerError) -> Output {
        let schema = analysis.schema
        var l1 = ALTAHiddenLayer()
        var l2 = ALTAHiddenLayer()
        var l3 = ALTAHiddenLayer()
        var deltas: [[(Int, Double)]] = []

        // Per variable: domain index → map-2 unit of the atom.
        var atomUnit = [[Int: Int]](repeating: [:], count: schema.variables.count)
        // Per numerical variable: map-2 units of a(x/M) and a(−x/M).
        var passPlus = [Int?](repeating: nil, count: schema.variables.count)
        var passMinus = [Int?](repeating: nil, count: schema.variables.count)
        var resetUnits = 0

        var roles: [ALTAUnitRole] = []
        func pass(_ unit1: Int) -> Int {
            l2.add([(unit1, 1)])
        }
        func reset(_ unit2: Int, _ dimension: Int, _ amount: Double, _ variable: String, _ part: String) {
            l3.add([(unit2, 1)])
            roles.append(.reset(variable: variable, part: part))
            deltas.append([(dimension, -amount)])
            resetUnits += 1
        }

        for (v, variable) in schema.variables.enumerated() {
            let block = layout.blocks[v]
            let name = variable.name
            let referenced = analysis.referencedIndices[v]
            switch variable.kind {
            case .categorical(let range):
                if variable.isHeadOutput {
                    let matches = block.matchCountDimension
                    var several: Int? = nil
                    var countUnit: Int? = nil
                    if let n = matches {
                        countUnit = l1.add([(n, 1)])
                        several = l1.add([(n, 24)], bias: -14)
                    }
                    for c in 0..<range {
                        let x = block.dimension(of: c)
                        let u1 = l1.add([(x, 1)])
                        let p2 = pass(u1)
                        reset(p2, x, 1, name, "=\(c)")
                        if let several {
                            let over = l1.add([(x, 1)], bias: -1)
                            reset(pass(over), x, 1, name, "=\(c) above 1")
                            if referenced.contains(c) {
                                atomUnit[v][c] = l2.add([(u1, 2), (several, -2)], bias: -1)
                            }
                        } else {
                            atomUnit[v][c] = p2
                        }
                    }
                    if let countUnit, let n = matches {
                        reset(pass(countUnit), n, 1, name, ".matches")
                    }
                } else {
                    for c in referenced {
                        let u1 = l1.add([(block.dimension(of: c), 1)])
                        atomUnit[v][c] = pass(u1)
                    }
                }

            case .set(let range, let values):
                guard !referenced.isEmpty else { continue }
                guard let values else {
                    throw .missingBuckets(variable: name, reason: "rules test it but it lists no set values")
                }
                for index in referenced {
                    let s = values[index]
                    var inputs: [(Int, Double)] = (0..<range).map { (block.dimension(of: $0), s.contains($0) ? 1 : -1) }
                    var bias = 1 - Double(s.count)
                    if let p = block.presenceDimension {
                        inputs.append((p, 1))
                        bias -= 1
                    }
                    let u1 = l1.add(inputs, bias: bias)
                    atomUnit[v][index] = pass(u1)
                }

            case .numerical(let buckets):
                let needsPass = variable.isHeadOutput || analysis.written[v]
                if !referenced.isEmpty || needsPass {
                    guard let buckets, let entry = exactness.numerical[name] else {
                        throw .missingBuckets(variable: name, reason: variable.isHeadOutput
                            ? "the compiled MLP needs to reset this head output exactly and to read its buckets"
                            : "rules read or write it")
                    }
                    let x = block.numberDimension
                    // Presence, sharpened when the head's selected values may be null.
                    var presenceUnit: Int? = nil
                    if let p = block.presenceDimension, !referenced.isEmpty {
                        let sharp = Double(block.presenceThreshold > 0.5 ? maxLength : 1)
                        presenceUnit = l1.add([(p, sharp)], bias: 1 - sharp)
                    }
                    // Step units for the thresholds next to referenced buckets.
                    var step: [Int: Int] = [:]
                    func stepUnit(_ k: Int) -> Int {
                        if let u = step[k] { return u }
                        let t = entry.thresholds[k - 1]
                        let u = l1.add([(x, t.slope)], bias: -t.slope * t.threshold - 1)
                        step[k] = u
                        return u
                    }
                    for j in referenced {
                        var inputs: [(Int, Double)] = []
                        var bias = -1.0
                        if j == 0 { bias += 3 } else { inputs.append((stepUnit(j), 3)) }
                        if j + 1 < buckets.count { inputs.append((stepUnit(j + 1), -3)) }
                        if let presenceUnit {
                            inputs.append((presenceUnit, 2))
                            bias -= 2
                        }
                        atomUnit[v][j] = l2.add(inputs, bias: bias)
                    }
                    if needsPass {
                        let m = entry.scale
                        let plus = l1.add([(x, 1 / m)])
                        let minus = l1.add([(x, -1 / m)])
                        let plus2 = pass(plus)
                        let minus2 = pass(minus)
                        passPlus[v] = plus2
                        passMinus[v] = minus2
                        if variable.isHeadOutput {
                            reset(plus2, x, m, name, " (positive part)")
                            reset(minus2, x, -m, name, " (negative part)")
                            if let p = block.presenceDimension {
                                let a = l1.add([(p, 1)])
                                let b = l1.add([(p, 1)], bias: -1)
                                reset(pass(a), p, 1, name, ".defined")
                                reset(pass(b), p, 1, name, ".defined above 1")
                            }
                        }
                    }
                } else if variable.isHeadOutput {
                    throw .missingBuckets(variable: name, reason: "the compiled MLP needs to reset this head output")
                }
            }
        }

        // One AND unit per program rule.
        var numericalUpdateUnits = 0
        for (r, rule) in analysis.rules.enumerated() {
            let atoms = analysis.ruleAtoms[r]
            var inputs: [(Int, Double)] = []
            for (v, index) in atoms {
                guard let unit = atomUnit[v][index] else {
                    throw .assembly("rule [\(rule)]: no expanded unit for \(schema.variables[v].name) index \(index)")
                }
                inputs.append((unit, 1))
            }
            let k = Double(atoms.count)
            let target = analysis.ruleTargets[r]
            let block = layout.blocks[target]
            let context = { "rule [\(rule)]" }
            var delta: [(Int, Double)] = []
            for (d, value) in try block.encode(rule.old, context: context()) where d != block.presenceDimension {
                delta.append((d, -Double(value)))
            }
            switch block.kind {
            case .numerical:
                // The gated pass-through below subtracts the actual value; drop the centre.
                delta.removeAll()
                if let new = rule.new {
                    if case .number(let x) = new, x != 0 { delta.append((block.numberDimension, x)) }
                } else if let p = block.presenceDimension {
                    delta.append((p, -1))
                }
            case .categorical, .set:
                if let new = rule.new {
                    for (d, value) in try block.encode(new, context: context()) where d != block.presenceDimension {
                        delta.append((d, Double(value)))
                    }
                } else if let p = block.presenceDimension {
                    delta.append((p, -1))
                }
            }
            // Merge per dimension (a set member in both old and new cancels).
            var merged: [Int: Double] = [:]
            for (d, value) in delta { merged[d, default: 0] += value }
            l3.add(inputs, bias: 1 - k)
            roles.append(.rule(r))
            deltas.append(merged.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            if case .numerical = block.kind {
                guard let plus = passPlus[target], let minus = passMinus[target], let entry = exactness.numerical[block.name] else {
                    throw .missingBuckets(variable: block.name, reason: "rules write it")
                }
                l3.add(inputs + [(plus, 1)], bias: -k)
                roles.append(.subtractCurrent(rule: r, positivePart: true))
                deltas.append([(block.numberDimension, -entry.scale)])
                l3.add(inputs + [(minus, 1)], bias: -k)
                roles.append(.subtractCurrent(rule: r, positivePart: false))
                deltas.append([(block.numberDimension, entry.scale)])
                numericalUpdateUnits += 2
            }
        }

        // Assemble the four maps.
        let residual = layout.space
        let h1 = l1.space(named: "alta.mlp.discretise")
        let h2 = l2.space(named: "alta.mlp.atoms")
        let h3 = l3.space(named: "alta.mlp.rules")
        var w4 = CraftMatrix(rows: l3.count, columns: residual.count)
        for (unit, delta) in deltas.enumerated() {
            for (d, value) in delta { w4.add(value, row: unit, column: d) }
        }
        let maps = [
            l1.linear(input: residual, output: h1),
            l2.linear(input: h1, output: h2),
            l3.linear(input: h2, output: h3),
            Linear(input: h3, output: residual, matrix: w4),
        ]
        let mlp: MLP
        do {
            mlp = try MLP(name: "alta.mlp", layers: maps, activation: .clippedReLU)
        } catch {
            throw .assembly("\(error)")
        }
        return Output(
            mlp: mlp, widths: [l1.count, l2.count, l3.count],
            ruleUnits: analysis.rules.count, resetUnits: resetUnits, numericalUpdateUnits: numericalUpdateUnits,
            roles: roles)
    }
}
