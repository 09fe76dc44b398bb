import RASP
import Testing

@Test func reverseLabelsFollowTracrNumbering() throws {
    let allTrue = Select(tokens, tokens, .true).named("all_true_selector")
    let len = SelectorWidth(allTrue).named("length")
    var oppIdx = (len - indices).named("opp_idx")
    oppIdx = (oppIdx - 1).named("opp_idx-1")
    let sel = Select(indices, oppIdx, .eq).named("reverse_selector")
    let reverse = Aggregate(sel, tokens).named("reverse")
    let graph = RASPGraph(reverse)
    #expect(graph.labels == ["reverse_1", "reverse_selector_2", "tokens", "indices", "opp_idx-1_3", "opp_idx_4", "length_5", "all_true_selector_6"])
    #expect(try evaluate(reverse, on: ["a", "b", "c"]) == ["c", "b", "a"])
}
