import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import AltaTransformer

@Suite struct TracePlotsTests {
    /// Counts elements by name and checks the document is well-formed XML.
    final class Counter: NSObject, XMLParserDelegate {
        var counts: [String: Int] = [:]
        var texts: [String] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            counts[name, default: 0] += 1
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }
    }

    static func parse(_ svg: String) throws -> Counter {
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = Counter()
        parser.delegate = counter
        #expect(parser.parse(), "well-formed SVG")
        return counter
    }

    @Test func residualPictureHasOneCellPerStagePositionAndDimension() throws {
        let model = try CopyPreviousTokenModel.make()
        let tokens = ["BOS", "a", "<b>", "c"]
        let result = try model.forward(tokenIDs: [[0, 2, 3, 4]], trace: true)
        let svg = TracePlots.residualSVG(model: model, tokens: tokens, trace: try #require(result.traces?.first))
        let counter = try Self.parse(svg)
        let stages = 1 + 2 * model.layers.count
        // One background rectangle, the legend (48 steps and a frame), one cell per stage,
        // position and dimension.
        #expect(counter.counts["rect"] == 1 + 49 + stages * tokens.count * model.dModel)
        #expect(counter.counts["title"] == 1 + stages * tokens.count * model.dModel, "the picture's title and every cell's value")
        // Stage titles as in the text trace: "layer 1" over "attention" and "mlp".
        #expect(counter.texts.filter { $0 == "layer 1" }.count == 2)
        #expect(counter.texts.contains("attention") && counter.texts.contains("mlp") && counter.texts.contains("embedding"))
        #expect(counter.texts.contains("previous:a"))
        #expect(counter.texts.joined().contains("\n<b>\n"), "tokens are escaped, not dropped")
    }

    @Test func attentionPictureHasOneGridPerHeadAndLayer() throws {
        let model = try SpreadingFlagModel.make()
        let result = try model.run([["0", "1", "1", "0"]], trace: true)
        let trace = try #require(result.traces?.first)
        let counter = try Self.parse(TracePlots.attentionSVG(model: model, tokens: ["0", "1", "1", "0"], trace: trace))
        let heads = model.layers[0].heads.count
        let sinks = model.layers[0].heads.filter { $0.sinkLogit != nil }.count
        // Background and legend, then per grid its cells (a sink column for heads with a
        // sink) and a frame.
        let perLayer = heads * (16 + 1) + sinks * 4
        #expect(counter.counts["rect"] == 1 + 49 + trace.layers.count * perLayer)
        // Grids titled `iteration N head H`, as the text trace of a looped model names layers.
        #expect(counter.texts.contains("iteration 1 head 0") && counter.texts.contains("iteration \(trace.layers.count) head 0"))
        #expect(counter.texts.filter { $0 == "sink" }.count == trace.layers.count * sinks)
        #expect(counter.texts.joined().contains("range 0 … 1 (symmetric log scale)"))
    }
}
