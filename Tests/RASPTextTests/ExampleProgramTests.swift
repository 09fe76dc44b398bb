import RASP
import Testing

@testable import RASPText

/// The worked examples of RASP-TEXT §13, with the REPL's outputs exactly as the reference gives them.
@Suite struct ExampleProgramTests {
    @Test func histogram() throws {
        let source = """
            same_token = select(tokens, tokens, ==);
            histogram = selector_width(same_token);
            histogram;
            """
        #expect(try TextTest.repl(source, TextTest.words("h e l l o")) == "[1, 1, 2, 2, 1]")
        #expect(try TextTest.repl(source, TextTest.words("a b a a")) == "[3, 1, 3, 3]")
        #expect(try TextTest.repl(source, TextTest.words("z")) == "[1]")
    }

    @Test func reverse() throws {
        let source = """
            opposite = length - indices - 1;
            flip = select(indices, opposite, ==);
            reversed = aggregate(flip, tokens);
            reversed;
            """
        #expect(try TextTest.repl(source, TextTest.words("a b c d")) == "[d, c, b, a]")
        #expect(try TextTest.repl(source, TextTest.words("x y")) == "[y, x]")
        #expect(try TextTest.repl(source, TextTest.words("q")) == "[q]")
    }

    @Test func stableSortWrittenOut() throws {
        let source = """
            keys = tokens_int;
            goes_before = select(keys, keys, <) or (select(keys, keys, ==) and select(indices, indices, <));
            target = selector_width(goes_before);
            sorted = aggregate(select(target, indices, ==), keys);
            sorted;
            """
        #expect(try TextTest.repl(source, [3, 1, 2]) == "[1, 2, 3]")
        #expect(try TextTest.repl(source, [2, 0, 2, 1]) == "[0, 1, 2, 2]")
        #expect(try TextTest.repl(source, [7]) == "[7]")
    }

    @Test func mostFrequentFirst() throws {
        let source = """
            same = select(tokens, tokens, ==);
            freq = selector_width(same);
            repeat = selector_width(same and select(indices, indices, <)) > 0;
            key = length if repeat else 0 - freq;
            shown = "-" if repeat else tokens;
            most_frequent_first = sort(shown, key);
            most_frequent_first;
            """
        #expect(try TextTest.repl(source, TextTest.words("a b b c c c")) == "[c, b, a, -, -, -]")
        #expect(try TextTest.repl(source, TextTest.words("x y x")) == "[x, y, -]")
        #expect(try TextTest.repl(source, TextTest.words("p q r")) == "[p, q, r]")
    }

    @Test func dyckOne() throws {
        let source = """
            upto = select(indices, indices, <=);
            step = indicator(tokens == "(") - indicator(tokens == ")");
            depth = round((indices + 1) * aggregate(upto, step));
            went_negative = aggregate(select(indices, indices, <=), indicator(depth < 0)) > 0;
            ok_here = depth == 0 and not went_negative;
            last = select(indices, length - 1, ==);
            balanced = aggregate(last, ok_here);
            balanced;
            """
        #expect(try TextTest.repl(source, TextTest.words("( ) ( )")) == "[T]*4")
        #expect(try TextTest.repl(source, TextTest.words("( ( )")) == "[F]*3")
        #expect(try TextTest.repl(source, TextTest.words(") (")) == "[F]*2")
        #expect(try TextTest.repl(source, TextTest.words("( ( ) )")) == "[T]*4")
    }

    @Test func shiftRightWithFiller() throws {
        let source = """
            from_left = select(indices, indices - 1, ==);
            previous = aggregate(from_left, tokens, "_");
            previous;
            """
        #expect(try TextTest.repl(source, TextTest.words("a b c")) == "[_, a, b]")
        #expect(try TextTest.repl(source, TextTest.words("x")) == "[_]")
        #expect(try TextTest.repl(source, TextTest.words("m n")) == "[_, m]")
        // The library call is the same.
        #expect(try TextTest.repl("s = shift(tokens, 1, \"_\");", TextTest.words("a b c")) == "[_, a, b]")
    }

    @Test func fractionOfASoFar() throws {
        let source = """
            frac_a = aggregate(select(indices, indices, <=), indicator(tokens == "a"));
            frac_a;
            """
        #expect(try TextTest.replTyped(source, TextTest.words("a b a c")) == "[1, 0.5, 0.667, 0.5] (floats)")
        #expect(try TextTest.replTyped(source, TextTest.words("b b b")) == "[0]*3 (floats)")
        #expect(try TextTest.replTyped(source, TextTest.words("a")) == "[1] (ints)")
    }

    @Test func compositeSelectorWithNot() throws {
        let source = """
            others_same = selector_width(select(tokens, tokens, ==) and not select(indices, indices, ==));
            others_same;
            """
        #expect(try TextTest.repl(source, TextTest.words("a b a a")) == "[2, 0, 2, 2]")
        // The reference writes the list out; the REPL prints equal values as `[0]*2`.
        #expect(try TextTest.replList(source, TextTest.words("x y")) == "[0, 0]")
        #expect(try TextTest.repl(source, TextTest.words("x y")) == "[0]*2")
        #expect(try TextTest.repl(source, TextTest.words("k")) == "[0]")
    }

    @Test func userFunctionWithConstantQuery() throws {
        let source = """
            def count_where(cond) {
              return selector_width(select(cond, True, ==));
            }
            n_big = count_where(tokens_int > 3);
            n_big;
            """
        #expect(try TextTest.replList(source, [5, 1, 9, 3]) == "[2, 2, 2, 2]")
        #expect(try TextTest.replList(source, [0, 0]) == "[0, 0]")
        #expect(try TextTest.repl(source, [4]) == "[1]")
        #expect(try TextTest.program(source).tokenType == .int)
    }
}
