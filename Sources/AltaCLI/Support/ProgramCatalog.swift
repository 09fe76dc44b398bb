import AltaPrograms
import ALTA
import RASP

/// Every named program the command line knows, from both languages.
enum ProgramCatalog {
    /// One library program.
    struct Entry {
        let name: String
        let language: String
        let description: String
        let defaults: String
        let json: [String: Any]
    }

    static var all: [Entry] {
        let alta = ALTALibrary.all.map { p in
            Entry(
                name: ProgramLookup.displayName(alta: p.name), language: "ALTA", description: p.summary, defaults: p.inputDescription,
                json: ["name": ProgramLookup.displayName(alta: p.name), "language": "ALTA", "description": p.summary,
                       "input": p.inputDescription, "examples": p.exampleInputs])
        }
        return RASPLibrary.all.map { p in
            Entry(
                name: p.name, language: "RASP", description: p.description,
                defaults: "vocab {\(p.vocabulary.map(\.description).joined(separator: ","))}, max-len \(p.maxSeqLen)\(p.causal ? ", causal" : "")",
                json: ["name": p.name, "language": "RASP", "description": p.description,
                       "vocabulary": p.vocabulary.map(\.description), "max_seq_len": p.maxSeqLen, "causal": p.causal,
                       "vocabulary_requirements": p.requirements.map(\.description)])
        } + alta
    }
}
