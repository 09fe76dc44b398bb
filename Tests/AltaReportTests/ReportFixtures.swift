import ALTA
import ALTACompiler
import AltaPrograms
import AltaReport
import AltaTransformer
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import RASP
import RASPCompiler

/// Reports of one RASP and one ALTA library program, and a small reader of the page
/// (the report is well-formed XML).
enum ReportFixtures {
    /// A report, the model and trace it shows, and the page parsed.
    struct Built {
        let model: TransformerModel
        let tokens: [String]
        let trace: SequenceTrace
        let html: String
        let page: Element
    }

    /// `sort` on `3 1 2`.
    static func rasp() throws -> Built {
        guard let entry = RASPLibrary.entry(named: "sort") else { throw FixtureError("no library program sort") }
        let compiled = try RASPModelCompiler.compile(
            try entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD)
        let tokens = compiled.tokens(for: [.int(3), .int(1), .int(2)])
        let result = try compiled.model.run([tokens], options: RunOptions(trace: .full))
        guard let trace = result.traces?.first else { throw FixtureError("no trace") }
        let report = HTMLReport(
            run: HTMLReport.Run(program: "sort", language: "RASP", input: "3 1 2", tokens: tokens, output: "BOS 1 2 3"),
            model: compiled.model, trace: trace)
        return Built(model: compiled.model, tokens: tokens, trace: trace, html: report.html, page: try Element.parse(report.html))
    }

    /// An ALTA program (heads with attention sinks) on `0110`, with the interpreter's trace.
    static func alta(_ name: String = "parity_sequential_absolute") throws -> Built {
        let entry = try ALTALibrary.entry(named: name)
        let text = "0110"
        let options = ALTACompilerOptions(
            maxLayers: max(1, entry.layerLimit(forTokenCount: 8).maxLayers), tokens: entry.inputTokens,
            outputValues: entry.outputValues, textEncoding: entry.encoding)
        let compiled = try ALTATransformerCompiler.compile(try entry.program(), maxLength: 8, options: options)
        let model = compiled.model
        let programTokens = try entry.tokens(text)
        let tokens = model.inputEncoder.prependingBOS(programTokens)
        let result = try model.run([tokens], options: RunOptions(trace: .full))
        guard let trace = result.traces?.first else { throw FixtureError("no trace") }
        let (output, run) = try entry.run(text, trace: true)
        guard let interpreterTrace = run.trace else { throw FixtureError("no interpreter trace") }
        let report = HTMLReport(
            run: HTMLReport.Run(program: entry.name, language: "ALTA", input: text, tokens: tokens, output: output),
            model: model, trace: trace,
            interpreter: HTMLReport.Interpreter(trace: interpreterTrace, tokens: programTokens, output: output))
        return Built(model: model, tokens: tokens, trace: trace, html: report.html, page: try Element.parse(report.html))
    }

    struct FixtureError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// An element of the parsed page: name, attributes, children, and its own text.
final class Element {
    let name: String
    let attributes: [String: String]
    var children: [Element] = []
    var ownText = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// All text inside, in document order.
    var text: String { ownText + children.map(\.text).joined() }

    /// Every element below (depth first) satisfying `match`.
    func all(_ match: (Element) -> Bool) -> [Element] {
        children.flatMap { (match($0) ? [$0] : []) + $0.all(match) }
    }

    /// Every element below named `name` whose class list holds `className` (when given).
    func all(_ name: String, class className: String? = nil) -> [Element] {
        all { element in
            element.name == name
                && (className.map { (element.attributes["class"] ?? "").split(separator: " ").contains(Substring($0)) } ?? true)
        }
    }

    /// The element with this id.
    func byID(_ id: String) -> Element? { all { $0.attributes["id"] == id }.first }

    /// Parses `html` as XML (the report is well-formed); throws when it is not.
    static func parse(_ html: String) throws -> Element {
        let builder = Builder()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw ReportFixtures.FixtureError("the page is not well-formed: \(parser.parserError.map { "\($0)" } ?? "no root")")
        }
        return root
    }

    final class Builder: NSObject, XMLParserDelegate {
        var stack: [Element] = []
        var root: Element?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let element = Element(name: name, attributes: attributes)
            stack.last?.children.append(element)
            if root == nil { root = element }
            stack.append(element)
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.ownText += string }
        func parser(_ parser: XMLParser, foundCDATA block: Data) { stack.last?.ownText += String(decoding: block, as: UTF8.self) }
    }
}
