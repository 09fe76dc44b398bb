// Python's operators on values, used by the operator sugar on SOps (§2.1) and available to
// the functions users write for Map, SequenceMap and custom predicates.

// MARK: - Ordering

extension Value {
    /// Python's three-way comparison: -1, 0 or 1; `nil` when the values are unordered (NaN).
    /// Throws `TypeError` for incomparable types (a string and a number, a tuple and a number).
    public func pythonCompare(_ other: Value) throws -> Int? {
        if let a = NumericView(self), let b = NumericView(other) {
            return NumericView.compare(a, b)
        }
        switch (self, other) {
        case (.string(let a), .string(let b)):
            return Value.compareScalars(a, b)
        case (.tuple(let a), .tuple(let b)):
            for (x, y) in zip(a, b) where x != y {
                return try x.pythonCompare(y)
            }
            return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
        default:
            throw RASPValueError.typeError(
                "'<' not supported between instances of '\(typeName)' and '\(other.typeName)'")
        }
    }

    /// Python's `self < other`.
    public func pythonLessThan(_ other: Value) throws -> Bool {
        try pythonCompare(other) == -1
    }

    /// Python's `self <= other`.
    public func pythonLessThanOrEqual(_ other: Value) throws -> Bool {
        guard let c = try pythonCompare(other) else { return false }
        return c <= 0
    }

    /// Python's `self > other`.
    public func pythonGreaterThan(_ other: Value) throws -> Bool {
        try pythonCompare(other) == 1
    }

    /// Python's `self >= other`.
    public func pythonGreaterThanOrEqual(_ other: Value) throws -> Bool {
        guard let c = try pythonCompare(other) else { return false }
        return c >= 0
    }

    /// Code-point order, as Python compares strings.
    static func compareScalars(_ a: String, _ b: String) -> Int {
        var i = a.unicodeScalars.makeIterator()
        var j = b.unicodeScalars.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                if x.value != y.value { return x.value < y.value ? -1 : 1 }
            }
        }
    }

    /// The ordering Tracr uses to sort basis directions with equal names (§9.1): Python's `<`
    /// on the values, falling back to comparing the printed forms when the values are
    /// incomparable. `nil` (a direction without value) prints as the bare name, so it sorts
    /// before any value it cannot be compared with.
    public static func basisOrderLess(_ a: Value?, _ b: Value?) -> Bool {
        if let a, let b, let c = try? a.pythonCompare(b) {
            return c == -1
        }
        let sa = a.map { ":" + $0.description } ?? ""
        let sb = b.map { ":" + $0.description } ?? ""
        return compareScalars(sa, sb) == -1
    }

    /// Values sorted with ``basisOrderLess(_:_:)`` (how Tracr orders a value set).
    public static func basisSorted<S: Sequence>(_ values: S) -> [Value] where S.Element == Value {
        values.sorted { basisOrderLess($0, $1) }
    }
}

// MARK: - Arithmetic

extension Value {
    /// Python `lhs + rhs`: numeric addition (bools count as ints), `str + str` and
    /// `tuple + tuple` concatenate.
    public static func + (lhs: Value, rhs: Value) throws -> Value {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return .string(a + b)
        case (.tuple(let a), .tuple(let b)): return .tuple(a + b)
        default:
            return try numericBinary(lhs, rhs, "+", intOp: { $0.addingReportingOverflow($1) }, floatOp: +)
        }
    }

    /// Python `lhs - rhs` (numbers only).
    public static func - (lhs: Value, rhs: Value) throws -> Value {
        try numericBinary(lhs, rhs, "-", intOp: { $0.subtractingReportingOverflow($1) }, floatOp: -)
    }

    /// Python `lhs * rhs`: numeric product; `str * int` and `tuple * int` repeat.
    public static func * (lhs: Value, rhs: Value) throws -> Value {
        if let repeated = try repetition(lhs, rhs) ?? repetition(rhs, lhs) { return repeated }
        return try numericBinary(lhs, rhs, "*", intOp: { $0.multipliedReportingOverflow(by: $1) }, floatOp: *)
    }

    /// Python true division `lhs / rhs`: always a float; division by zero throws.
    public static func / (lhs: Value, rhs: Value) throws -> Value {
        guard let a = lhs.doubleValue, let b = rhs.doubleValue else {
            throw unsupported("/", lhs, rhs)
        }
        if b == 0 { throw RASPValueError.divisionByZero("division by zero") }
        if case .int(let x) = lhs.asIntegral, case .int(let y) = rhs.asIntegral {
            // Python divides ints exactly and rounds once; Double(x)/Double(y) does the same
            // whenever both are exactly representable (|x|, |y| ≤ 2^53).
            if x.magnitude <= 1 << 53 && y.magnitude <= 1 << 53 { return .float(Double(x) / Double(y)) }
        }
        return .float(a / b)
    }

    /// Python `lhs % rhs` for numbers (the result takes the sign of the divisor).
    public static func % (lhs: Value, rhs: Value) throws -> Value {
        if case .int(let x) = lhs.asIntegral, case .int(let y) = rhs.asIntegral {
            if y == 0 { throw RASPValueError.divisionByZero("integer division or modulo by zero") }
            if y == -1 { return .int(0) }
            let r = x % y
            return .int(r != 0 && (r < 0) != (y < 0) ? r + y : r)
        }
        guard let a = lhs.doubleValue, let b = rhs.doubleValue else { throw unsupported("%", lhs, rhs) }
        if b == 0 { throw RASPValueError.divisionByZero("float modulo") }
        var r = a.truncatingRemainder(dividingBy: b)
        if r != 0 && (r < 0) != (b < 0) { r += b }
        return .float(r)
    }

    /// Python unary minus (numbers only; `-True == -1`).
    public static prefix func - (operand: Value) throws -> Value {
        switch operand {
        case .int(let i):
            let (r, o) = Int(0).subtractingReportingOverflow(i)
            if o { throw RASPValueError.overflow("integer overflow in -\(i)") }
            return .int(r)
        case .bool(let b): return .int(b ? -1 : 0)
        case .float(let d): return .float(-d)
        case .string, .tuple:
            throw RASPValueError.typeError("bad operand type for unary -: '\(operand.typeName)'")
        }
    }

    /// Python `lhs and rhs`: `rhs` when `lhs` is truthy, else `lhs`.
    public static func pythonAnd(_ lhs: Value, _ rhs: Value) -> Value { lhs.isTruthy ? rhs : lhs }

    /// Python `lhs or rhs`: `lhs` when truthy, else `rhs`.
    public static func pythonOr(_ lhs: Value, _ rhs: Value) -> Value { lhs.isTruthy ? lhs : rhs }

    /// Python `not value`.
    public static func pythonNot(_ value: Value) -> Value { .bool(!value.isTruthy) }

    // MARK: helpers

    /// Bools as ints (Python's bool is an int subclass); other values unchanged.
    private var asIntegral: Value {
        if case .bool(let b) = self { return .int(b ? 1 : 0) }
        return self
    }

    private static func numericBinary(
        _ lhs: Value, _ rhs: Value, _ symbol: String,
        intOp: (Int, Int) -> (partialValue: Int, overflow: Bool),
        floatOp: (Double, Double) -> Double
    ) throws -> Value {
        switch (lhs.asIntegral, rhs.asIntegral) {
        case (.int(let a), .int(let b)):
            let (r, overflow) = intOp(a, b)
            if overflow { throw RASPValueError.overflow("integer overflow in \(a) \(symbol) \(b)") }
            return .int(r)
        default:
            guard let a = lhs.doubleValue, let b = rhs.doubleValue else {
                throw unsupported(symbol, lhs, rhs)
            }
            return .float(floatOp(a, b))
        }
    }

    /// `str * int` / `tuple * int` repetition, or nil when not applicable.
    private static func repetition(_ sequence: Value, _ count: Value) throws -> Value? {
        guard case .int(let n) = count.asIntegral else { return nil }
        switch sequence {
        case .string(let s): return .string(String(repeating: s, count: max(0, n)))
        case .tuple(let t):
            let times = max(0, n)
            var out: [Value] = []
            out.reserveCapacity(t.count * times)
            for _ in 0..<times { out.append(contentsOf: t) }
            return .tuple(out)
        default: return nil
        }
    }

    private static func unsupported(_ symbol: String, _ lhs: Value, _ rhs: Value) -> RASPValueError {
        .typeError("unsupported operand type(s) for \(symbol): '\(lhs.typeName)' and '\(rhs.typeName)'")
    }
}
