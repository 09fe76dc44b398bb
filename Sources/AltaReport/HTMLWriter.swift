import AltaTransformer

/// Accumulates the report's HTML; text goes through ``SVGCanvas/escape(_:)``, so the page
/// stays well-formed XML.
struct HTMLWriter {
    private(set) var text = ""

    /// Appends markup as it is.
    mutating func raw(_ markup: String) { text += markup }

    /// Appends `<name attributes>escaped text</name>`.
    mutating func element(_ name: String, _ content: String, attributes: String = "") {
        text += "<\(name)\(attributes.isEmpty ? "" : " " + attributes)>\(SVGCanvas.escape(content))</\(name)>\n"
    }

    /// `s` escaped for an attribute value, line breaks kept (`&#10;`).
    static func attribute(_ s: String) -> String {
        SVGCanvas.escape(s).replacingOccurrences(of: "\n", with: "&#10;")
    }
}
