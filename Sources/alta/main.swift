import AltaCLI

// Commands run synchronously on the main thread: compiling large programs needs its
// full stack, which the concurrency runtime's worker threads do not have.
AltaCommand.runFromCommandLine()
