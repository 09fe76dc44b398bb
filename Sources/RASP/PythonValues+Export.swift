// RASP values are Python values: every client of RASP sees ``Value``, its operations and
// ``OrderedValueSet`` without importing PythonValues itself.
@_exported import PythonValues
