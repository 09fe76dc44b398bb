import Foundation
import RASP
import RASPCompiler

// For every position, how many positions hold the same token (Tracr's make_hist).
let histogram = SelectorWidth(Select(tokens, tokens, .eq).named("same_token")).named("histogram")

let input: [Value] = ["a", "b", "a", "c", "a"]
let expected = try evaluate(histogram, on: input)              // the reference evaluator
let compiled = try RASPModelCompiler.compile(histogram, vocabulary: ["a", "b", "c"], maxSeqLen: 8)
let (outputs, _) = try compiled.run([input])                   // through the compiled weights

print("input:     \(input.map(\.description).joined(separator: " "))")
print("evaluator: \(expected.map { $0?.description ?? "-" }.joined(separator: " "))")
print("weights:   \(outputs[0].map { $0?.description ?? "-" }.joined(separator: " "))")
print("layers:    \(compiled.model.layers.count), d_model \(compiled.model.dModel)")
guard outputs[0] == expected else {
    print("the compiled model disagrees with the evaluator")
    exit(1)
}
