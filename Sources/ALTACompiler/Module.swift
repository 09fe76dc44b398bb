// ALTACompiler: see ../../README.md and ../shared/DESIGN.md for this module's role.
