import AltaTransformer
import ArgumentParser

/// `--backend automatic|feature-major|sparse-rows` (`RuntimeBackend`'s raw values).
extension RuntimeBackend: ExpressibleByArgument {}
