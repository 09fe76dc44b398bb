import ALTA
import AltaTensors
import AltaTransformer

/// One self-contained HTML page about one run of a model (`alta report`): inline CSS,
/// inline SVG and a little inline JavaScript (hover tooltips only; the page reads fully
/// without it). Sections:
///
/// - header: the program, the model's sizes, the input, its tokens and the output;
/// - program graph: variables and heads as nodes with the sublayer each is computed in,
///   arrows for every read (``ModelGraph``, ``ModelGraphPlot``);
/// - residual stream: after every sublayer, decoded per variable (categorical: the value;
///   numerical: the number), columns headed by the input tokens;
/// - attention: every head's pattern at every layer application, titled `layer L head H`
///   with what the head computes, a sink column where the head has one (rows sum to 1),
///   a colour legend, exact values on hover and in tables (``AttentionGrid``);
/// - for ALTA programs, the interpreter's per-layer trace and the rules that fired.
///
/// The page is well-formed XML, so tools can read it back; it carries ``marker`` so that
/// ``ReportFile`` can tell a report it may replace from any other file.
public struct HTMLReport: Sendable {
    /// What the header says about the run.
    public struct Run: Sendable {
        /// The program's name (a library name, a file or a model folder).
        public var program: String
        /// `RASP`, `ALTA`, or a description of a model folder.
        public var language: String
        /// The input as the user wrote it.
        public var input: String
        /// The model's input tokens (BOS included), which label every axis.
        public var tokens: [String]
        /// The decoded output text.
        public var output: String
        /// Further facts for the header, e.g. `("layers run", "5 (halted)")`.
        public var facts: [(String, String)]

        /// A run description.
        public init(program: String, language: String, input: String, tokens: [String], output: String, facts: [(String, String)] = []) {
            self.program = program
            self.language = language
            self.input = input
            self.tokens = tokens
            self.output = output
            self.facts = facts
        }
    }

    /// The interpreter's record of the same input (ALTA programs).
    public struct Interpreter: Sendable {
        /// The trace (`ALTAProgramEntry.run(_:trace:)`).
        public var trace: ALTATrace
        /// The interpreter's input tokens (no BOS), labelling its positions.
        public var tokens: [String]
        /// The interpreter's output text.
        public var output: String

        /// An interpreter record.
        public init(trace: ALTATrace, tokens: [String], output: String) {
            self.trace = trace
            self.tokens = tokens
            self.output = output
        }
    }

    /// The line every report carries in its head; ``ReportFile`` replaces only files that
    /// hold it.
    public static let marker = "<meta name=\"generator\" content=\"alta report\"/>"

    /// The residual stream is drawn as a heatmap only up to this many cells (stages ×
    /// positions × dimensions); the decoded tables are always there.
    public static let heatmapCellLimit = 150_000

    /// The tables of each section (residual stream, attention, interpreter trace) hold at
    /// most this many cells by default; a long run's later tables are left out with a note
    /// saying how many, so that the page stays a size a browser opens.
    public static let defaultCellLimit = 100_000

    let run: Run
    let model: TransformerModel
    let trace: SequenceTrace
    let interpreter: Interpreter?
    let graph: ModelGraph
    let cellLimit: Int

    /// A report of `model` on one input: `trace` is the model's forward trace of
    /// `run.tokens` at `TraceLevel.full` (attention patterns and logits kept). Each
    /// section's tables hold at most `cellLimit` cells.
    public init(run: Run, model: TransformerModel, trace: SequenceTrace, interpreter: Interpreter? = nil,
                cellLimit: Int = HTMLReport.defaultCellLimit) {
        self.run = run
        self.model = model
        self.trace = trace
        self.interpreter = interpreter
        self.graph = ModelGraph(model: model)
        self.cellLimit = max(1, cellLimit)
    }

    /// The note for `count` tables (each a `noun`) left out of a section.
    static func leftOut(_ count: Int, _ noun: String, limit: Int) -> String {
        "\(count) more \(noun)\(count == 1 ? "" : "s") left out: the section would exceed \(limit) table cells "
            + "(a shorter input shows them all)."
    }

    /// The page.
    public var html: String {
        var page = HTMLWriter()
        page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\(Self.marker)\n")
        page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        page.element("title", "Alta report: \(run.program) on \(run.input)")
        page.raw("<style>\n\(ReportStyle.css)</style>\n</head>\n<body>\n<div id=\"tip\" role=\"tooltip\"></div>\n")
        header(into: &page)
        graphSection(into: &page)
        ResidualSection(model: model, tokens: run.tokens, trace: trace, cellLimit: cellLimit).write(into: &page)
        AttentionSection(
            grids: AttentionGrid.grids(model: model, tokens: run.tokens, trace: trace, graph: graph), layout: model.layout,
            cellLimit: cellLimit)
            .write(into: &page)
        if let interpreter { InterpreterSection(interpreter: interpreter, cellLimit: cellLimit).write(into: &page) }
        page.raw("<footer>Written by <code>alta report</code>. Colours: \(SVGCanvas.escape(ReportStyle.colourNote))</footer>\n")
        page.raw("<script>//<![CDATA[\n\(ReportStyle.script)//]]>\n</script>\n</body>\n</html>\n")
        return page.text
    }

    /// The title, the model's sizes, the input and the output.
    func header(into page: inout HTMLWriter) {
        page.raw("<header id=\"header\">\n")
        page.element("h1", "Alta report: \(run.program)")
        var facts: [(String, String)] = [("program", "\(run.program) (\(run.language))")]
        let heads = model.layers.map(\.heads.count)
        let layout: String
        switch model.layout {
        case .stacked: layout = "\(model.layers.count) stacked layer\(model.layers.count == 1 ? "" : "s")"
        case let .looped(cap, halting):
            layout = "1 layer looped up to \(cap) times" + (halting.map { ", halting when \($0.label) > \($0.threshold) everywhere" } ?? "")
        }
        facts.append(("model", "\(layout); d_model \(model.dModel); heads per layer \(heads.map(String.init).joined(separator: ", ")); "
            + "MLP hidden widths \(model.layers.map { $0.feedForward.hiddenWidths.map(String.init).joined(separator: "+") }.joined(separator: ", ")); "
            + "\(model.parameterCount) parameters (\(model.nonZeroCount) non-zero)"))
        facts.append(("vocabulary", "\(model.inputEncoder.tokens.count) input tokens; max length \(model.maxSequenceLength)"))
        facts.append(("input", run.input))
        facts.append(("tokens", run.tokens.joined(separator: " ")))
        facts.append(("output", run.output))
        facts.append(("layers applied", "\(trace.layers.count)"))
        facts += run.facts
        page.raw("<table class=\"facts\">\n")
        for (key, value) in facts {
            page.raw("<tr><th>\(SVGCanvas.escape(key))</th><td>\(SVGCanvas.escape(value))</td></tr>\n")
        }
        page.raw("</table>\n<nav>")
        let sections = [("graph", "program graph"), ("residual", "residual stream"), ("attention", "attention")]
            + (interpreter == nil ? [] : [("interpreter", "interpreter trace")])
        page.raw(sections.map { "<a href=\"#\($0.0)\">\($0.1)</a>" }.joined(separator: " · "))
        page.raw("</nav>\n</header>\n")
    }

    /// The program graph: the picture, then the heads and variables as tables.
    func graphSection(into page: inout HTMLWriter) {
        page.raw("<section id=\"graph\">\n")
        page.element("h2", "Program graph")
        page.element("p", "Variables of the residual stream and attention heads, read off the weights; columns in computation "
            + "order, each variable in the sublayer that computes it. Arrows: query (orange), key (purple), value (green), "
            + "head output (red), MLP input → output (grey). Hover a node or arrow for details.")
        page.raw("<div class=\"scroll\">\n\(ModelGraphPlot.svg(graph, layout: model.layout))</div>\n")
        page.raw("<div class=\"row\">\n<table class=\"data graph-heads\">\n<caption>heads</caption>\n")
        page.raw("<tr><th>head</th><th>writes</th><th>query reads</th><th>key reads</th><th>value reads</th><th>sink</th></tr>\n")
        for head in graph.heads {
            page.raw("<tr><th>\(SVGCanvas.escape(head.title(layout: model.layout)))</th>")
            for list in [head.writes, head.query, head.key, head.value] {
                page.raw("<td>\(SVGCanvas.escape(list.joined(separator: ", ")))</td>")
            }
            page.raw("<td>\(head.hasSink ? "yes" : "no")</td></tr>\n")
        }
        page.raw("</table>\n<table class=\"data graph-variables\">\n<caption>variables</caption>\n")
        page.raw("<tr><th>variable</th><th>computed in</th><th>also written in</th></tr>\n")
        for variable in graph.variables {
            let first = variable.computedIn?.name(layout: model.layout) ?? "nothing writes it"
            let more = variable.writers.dropFirst().map { $0.name(layout: model.layout) }.joined(separator: ", ")
            page.raw("<tr><th>\(SVGCanvas.escape(variable.name))</th><td>\(SVGCanvas.escape(first))</td><td>\(SVGCanvas.escape(more))</td></tr>\n")
        }
        page.raw("</table>\n</div>\n</section>\n")
    }
}

extension ModelGraph.Head {
    /// `layer 2 head 0`, or `head 0` for a looped model's one layer.
    func title(layout: ModelLayout) -> String {
        if case .looped = layout { return "head \(index)" }
        return "layer \(layer + 1) head \(index)"
    }
}
