import AltaCLI

await AltaCommand.main()
