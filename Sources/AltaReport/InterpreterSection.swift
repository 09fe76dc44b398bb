import ALTA
import AltaTransformer

/// The report's ALTA section: the interpreter's trace of the same input, as `alta trace`
/// lays it out (a row per position and variable; columns `Input`, then `L<k>a` after layer
/// k's attention and `L<k>b` after its MLP, `-` for null; changed cells outlined), and the
/// rules that fired at each layer and position.
struct InterpreterSection {
    let interpreter: HTMLReport.Interpreter
    let cellLimit: Int

    func write(into page: inout HTMLWriter) {
        let trace = interpreter.trace
        page.raw("<section id=\"interpreter\">\n")
        page.element("h2", "Interpreter trace (ALTA)")
        page.element("p", "The ALTA interpreter on the same input (output: \(interpreter.output)). Its layer k is iteration "
            + "k+1 of the compiled model; positions are counted from 0 over the program's input tokens. "
            + "Outlined cells changed in that column.")
        let names = trace.initial.variableNames
        // As many layers as fit in the cell budget (the input column, then two per layer).
        let perLayer = max(1, trace.initial.length * names.count * 2)
        let shown = min(trace.layers.count, max(0, (cellLimit - trace.initial.length * names.count) / perLayer))
        let layers = trace.layers.prefix(shown)
        page.raw("<div class=\"scroll\">\n<table class=\"data interpreter-trace\">\n<thead><tr><th>position</th><th>variable</th><th>Input</th>")
        for layer in layers { page.raw("<th>L\(layer.index)a</th><th>L\(layer.index)b</th>") }
        page.raw("</tr></thead>\n<tbody>\n")
        for position in 0..<trace.initial.length {
            for (v, name) in names.enumerated() {
                let history = Array(trace.history(of: v, at: position).prefix(1 + 2 * shown))
                let label = v == 0 ? "\(position) (\(token(position)))" : ""
                page.raw("<tr><th>\(SVGCanvas.escape(label))</th><th>\(SVGCanvas.escape(name))</th>")
                for (k, value) in history.enumerated() {
                    let changed = k > 0 && history[k - 1] != value
                    page.raw("<td\(changed ? " class=\"changed\"" : value == nil ? " class=\"null\"" : "")>\(SVGCanvas.escape(ALTAValue.format(value)))</td>")
                }
                page.raw("</tr>\n")
            }
        }
        page.raw("</tbody>\n</table>\n</div>\n")
        if shown < trace.layers.count {
            page.element("p", HTMLReport.leftOut(trace.layers.count - shown, "layer", limit: cellLimit), attributes: "class=\"left-out\"")
        }

        page.element("h3", "Rules that fired")
        if trace.rules.isEmpty {
            page.element("p", "This program's MLP is written as a function, not as rules: no rule log.")
        } else {
            page.raw("<div class=\"scroll\">\n<table class=\"data fired-rules\">\n<thead><tr><th>layer</th>")
            for position in 0..<trace.initial.length {
                page.raw("<th>\(position) (\(SVGCanvas.escape(token(position))))</th>")
            }
            page.raw("</tr></thead>\n<tbody>\n")
            for layer in layers {
                page.raw("<tr><th>L\(layer.index)</th>")
                for position in 0..<trace.initial.length {
                    let fired = layer.firedRules.indices.contains(position) ? layer.firedRules[position] : []
                    let text = fired.compactMap { trace.rules.indices.contains($0) ? "\(trace.rules[$0])" : nil }
                    page.raw("<td class=\"rules\">\(text.isEmpty ? "-" : text.map(SVGCanvas.escape).joined(separator: "<br/>"))</td>")
                }
                page.raw("</tr>\n")
            }
            page.raw("</tbody>\n</table>\n</div>\n")
        }
        page.raw("</section>\n")
    }

    func token(_ position: Int) -> String {
        interpreter.tokens.indices.contains(position) ? interpreter.tokens[position] : "#\(position)"
    }
}
