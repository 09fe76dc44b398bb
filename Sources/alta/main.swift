import AltaCLI

await AltaCommand.runFromCommandLine()
