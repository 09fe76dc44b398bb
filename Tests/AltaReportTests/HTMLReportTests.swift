import ALTA
import AltaPrograms
import AltaReport
import AltaTransformer
import Foundation
import Testing

/// The structure of `alta report` pages, read back from the HTML.
@Suite struct HTMLReportTests {
    @Test func raspReportHasItsSectionsAndNoInterpreterSection() throws {
        let built = try ReportFixtures.rasp()
        for id in ["header", "graph", "residual", "attention"] {
            #expect(built.page.byID(id)?.name == "section" || built.page.byID(id)?.name == "header", "section \(id)")
        }
        #expect(built.page.byID("interpreter") == nil)
        #expect(built.html.contains(HTMLReport.marker))
        // The graph names every variable and every head with the sublayer it is computed in.
        let variables = try #require(built.page.all("table", class: "graph-variables").first)
        let rows = variables.all("tr").dropFirst().map { $0.children.map(\.text) }
        #expect(rows.contains(["sort_1", "layer 3 attention", ""]))
        #expect(rows.contains(["tokens", "embedding", ""]))
        let graphSVG = try #require(built.page.byID("graph")?.all("svg").first)
        #expect(graphSVG.all("text").map(\.ownText).contains("L3 H0"))
        #expect(graphSVG.all("path").count >= 6, "arrows between the nodes")
    }

    @Test func altaReportHasTheInterpreterTraceAndFiredRules() throws {
        let built = try ReportFixtures.alta()
        let section = try #require(built.page.byID("interpreter"))
        let trace = try #require(section.all("table", class: "interpreter-trace").first)
        let header = trace.all("th").prefix(5).map(\.text)
        #expect(header == ["position", "variable", "Input", "L0a", "L0b"])
        // One row per position and variable.
        let body = trace.all("tbody").first?.all("tr") ?? []
        #expect(body.count == 4 * 6)
        let fired = try #require(section.all("table", class: "fired-rules").first)
        #expect(fired.all("thead").first?.all("th").map(\.text) == ["layer", "0 (0)", "1 (1)", "2 (1)", "3 (0)"])
        #expect(fired.all("td").contains { $0.text.contains("=>") }, "some rule fired and is written out")
    }

    @Test(arguments: [false, true])
    func oneAttentionGridPerHeadWithTokenAxes(alta: Bool) throws {
        let built = try alta ? ReportFixtures.alta() : ReportFixtures.rasp()
        let tables = built.page.all("table", class: "attention")
        let figures = built.page.all("figure", class: "head")
        var expected: [(title: String, sink: Bool)] = []
        for step in built.trace.layers {
            for h in step.attentionPatterns.indices {
                expected.append(("\(built.model.layout.stepName(step.step)) head \(h)", built.model.layers[step.layer].heads[h].sinkLogit != nil))
            }
        }
        #expect(!expected.isEmpty)
        #expect(tables.count == expected.count && figures.count == expected.count)
        for (table, head) in zip(tables, expected) {
            #expect(table.attributes["data-title"] == head.title)
            let keys = built.tokens + (head.sink ? ["sink"] : [])
            // Header: the corner, one column per key, the row sum.
            #expect(table.all("thead").first?.all("th").map(\.text) == ["query \\ key"] + keys + ["sum"])
            let rows = table.all("tbody").first?.all("tr") ?? []
            #expect(rows.map { $0.all("th").first?.text } == built.tokens)
            #expect(rows.allSatisfy { $0.all("td").count == keys.count + 1 })
        }
        // The pictures are titled the same way, the title first in each figure.
        for (figure, head) in zip(figures, expected) {
            #expect(figure.all("text").first?.ownText == head.title)
            #expect(figure.all("text").contains { $0.ownText == "sink" } == head.sink)
        }
        #expect(expected.contains { $0.sink } == alta, "ALTA's heads have sinks, RASP's attend to BOS")
    }

    @Test(arguments: [false, true])
    func residualTablesAreHeadedByTheRealTokensAndDecodePerVariable(alta: Bool) throws {
        let built = try alta ? ReportFixtures.alta() : ReportFixtures.rasp()
        let tables = built.page.all("table", class: "residual")
        let stages = built.trace.stages(layout: built.model.layout)
        #expect(tables.map { $0.attributes["data-stage"] } == stages.map(\.title))
        let groups = ResidualGroups(labels: built.model.residualLabels)
        for (table, stage) in zip(tables, stages) {
            #expect(table.all("thead").first?.all("th").map(\.text) == ["variable"] + built.tokens)
            let rows = table.all("tbody").first?.all("tr") ?? []
            #expect(rows.map { $0.all("th").first?.text ?? "" } == groups.groups.map(\.name))
            for (row, group) in zip(rows, groups.groups) {
                let decoded = (0..<built.tokens.count).map { groups.decode(group, residual: stage.residual, position: $0).description }
                #expect(row.all("td").map(\.text) == decoded)
            }
        }
        if !alta {
            #expect(built.tokens == ["BOS", "3", "1", "2"])
            let last = try #require(tables.last?.all("tr").first { $0.all("th").first?.text == "sort_1" })
            #expect(last.all("td").map(\.text) == ["-", "1", "2", "3"], "sort's output, decoded per position")
        } else {
            #expect(built.tokens == ["0", "1", "1", "0"])
        }
    }

    @Test func legendsStateTheRangeTheyColour() throws {
        let built = try ReportFixtures.rasp()
        // The numerical variables' range, from the trace itself.
        let groups = ResidualGroups(labels: built.model.residualLabels)
        let values = built.trace.stages(layout: built.model.layout).flatMap { stage in
            groups.groups.compactMap(\.numericalDimension).flatMap { d in (0..<stage.residual.rows).map { stage.residual[$0, d] } }
        }
        let low = try #require(values.min()), high = try #require(values.max())
        let residual = try #require(built.page.byID("residual"))
        #expect(residual.text.contains("range \(ColorScale.short(low)) … \(ColorScale.short(high)) (symmetric log scale)"))
        let legend = try #require(residual.all("g", class: "legend").first)
        let labels = legend.all("text").map(\.ownText)
        #expect(labels.contains(ColorScale.short(low)) && labels.contains(ColorScale.short(high)))
        // Every attention picture has its legend, 0 … 1.
        for figure in built.page.all("figure", class: "head") {
            let legend = try #require(figure.all("g", class: "legend").first)
            #expect(legend.all("text").map(\.ownText).prefix(2) == ["0", "1"])
            #expect(legend.text.contains("range 0 … 1"))
        }
    }

    @Test func everyAttentionRowSumsToOneWithItsSink() throws {
        for built in [try ReportFixtures.rasp(), try ReportFixtures.alta(), try ReportFixtures.alta("sparse_parity_sequential_relative")] {
            let grids = AttentionGrid.grids(model: built.model, tokens: built.tokens, trace: built.trace)
            #expect(!grids.isEmpty)
            for grid in grids {
                for (i, row) in grid.weights.enumerated() {
                    #expect(abs(row.reduce(0, +) - 1) <= 1e-6, "\(grid.title) row \(i): \(row)")
                }
            }
        }
        // With relative heads, the first position has no left neighbour: its query sends its
        // weight to the sink, which the runtime's pattern leaves out.
        let built = try ReportFixtures.alta("sparse_parity_sequential_relative")
        let grid = try #require(AttentionGrid.grids(model: built.model, tokens: built.tokens, trace: built.trace).first)
        #expect(grid.hasSink && grid.keys.last == "sink")
        let pattern = built.trace.layers[0].attentionPatterns[0]
        let patternSum = (0..<pattern.columns).reduce(Float(0)) { $0 + pattern[0, $1] }
        #expect(patternSum < 0.5 && grid.weights[0].last! > 0.5, "pattern row 0 sums to \(patternSum)")
    }

    @Test func colourScaleTellsOneFourAndNineApart() {
        let scale = ColorScale(values: [0, 1, 4, 9])
        #expect(scale.minimum == 0 && scale.maximum == 9)
        let colours = [Float(1), 4, 9].map(scale.color)
        #expect(Set(colours).count == 3, "\(colours)")
        let intensities = [Float(1), 4, 9].map(scale.intensity)
        #expect(intensities[0] < intensities[1] && intensities[1] < intensities[2] && intensities[2] == 1)
        #expect(scale.color(0) == "rgb(255,255,255)")
        #expect(ColorScale(values: [-2, 2]).color(-2) == "rgb(103,0,13)" && ColorScale(values: [-2, 2]).color(2) == "rgb(8,48,107)")
        #expect(scale.caption == "range 0 … 9 (symmetric log scale)")
        // Beyond the range: clamped; not finite: grey.
        #expect(scale.color(100) == scale.color(9) && scale.color(.nan) == "rgb(190,190,190)")
    }
}

/// A long run's tables are cut at the cell budget, with a note saying how many are left out.
@Suite struct HTMLReportSizeTests {
    @Test func sectionsStopAtTheirCellBudgetAndSaySo() throws {
        let built = try ReportFixtures.alta()
        let entry = try ALTALibrary.entry(named: "parity_sequential_absolute")
        let (output, run) = try entry.run("0110", trace: true)
        let interpreterTrace = try #require(run.trace)
        // Residual tables are 6 variables × 4 positions = 24 cells: 100 fits 4 of 7 stages.
        let report = HTMLReport(
            run: HTMLReport.Run(program: "parity", language: "ALTA", input: "0110", tokens: built.tokens, output: output),
            model: built.model, trace: built.trace,
            interpreter: HTMLReport.Interpreter(trace: interpreterTrace, tokens: built.tokens, output: output), cellLimit: 100)
        let page = try Element.parse(report.html)
        #expect(page.all("table", class: "residual").count == 4)
        // Grids are 4 × 5 = 20 cells: 5 of the 6.
        #expect(page.all("table", class: "attention").count == 5)
        let notes = page.all("p", class: "left-out").map(\.text)
        #expect(notes == [
            "3 more stages left out: the section would exceed 100 table cells (a shorter input shows them all).",
            "1 more head grid left out: the section would exceed 100 table cells (a shorter input shows them all).",
            "2 more layers left out: the section would exceed 100 table cells (a shorter input shows them all).",
        ])
        // The interpreter's table: the input column (24 cells) and one layer (48) fit in 100.
        let trace = try #require(page.all("table", class: "interpreter-trace").first)
        #expect(trace.all("thead").first?.all("th").map(\.text) == ["position", "variable", "Input", "L0a", "L0b"])
        #expect(page.all("table", class: "fired-rules").first?.all("tbody").first?.all("tr").count == 1)
    }
}
