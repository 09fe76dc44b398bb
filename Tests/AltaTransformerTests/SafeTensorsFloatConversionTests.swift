import AltaTensors
import AltaTransformer
import Testing

@Suite("SafeTensors: F16, BF16 and F8 conversions")
struct SafeTensorsFloatConversionTests {
    private typealias Conversion = ReducedPrecisionFloat

    // MARK: Independent references (exact search over the target format's values)

    /// Nearest binary16 by binary search over the positive finite half bit patterns (which are
    /// ordered like their values), ties to even, ≥ 65520 → inf; compares 2|x| with the sum of
    /// the two neighbours, which Double holds exactly.
    private static func referenceFloat16Bits(_ x: Float) -> UInt16? {
        if x.isNaN { return nil }
        let sign: UInt16 = x.sign == .minus ? 0x8000 : 0
        let magnitude = Double(x.magnitude)
        func value(_ bits: UInt16) -> Double { bits == 0x7C00 ? 65536 : Double(Conversion.float(fromFloat16Bits: bits)) }
        if magnitude >= 65536 { return sign | 0x7C00 }
        // Largest pattern in 0...0x7BFF whose value is ≤ magnitude.
        var low: UInt16 = 0
        var high: UInt16 = 0x7BFF
        while low < high {
            let middle = low + (high - low + 1) / 2
            if value(middle) <= magnitude { low = middle } else { high = middle - 1 }
        }
        let below = low
        let above = low + 1
        let twice = 2 * magnitude
        let sum = value(below) + value(above)
        if value(below) == magnitude { return sign | below }
        if twice < sum { return sign | below }
        if twice > sum { return sign | above }
        return sign | (below & 1 == 0 ? below : above)
    }

    /// Nearest bfloat16 by comparing the two bfloat16 neighbours of x exactly, ties to even.
    private static func referenceBFloat16Bits(_ x: Float) -> UInt16? {
        if x.isNaN { return nil }
        let truncated = UInt16(x.bitPattern >> 16)  // toward zero in magnitude
        let magnitudeBits = truncated & 0x7FFF
        func value(_ bits: UInt16) -> Double {
            bits == 0x7F80 ? 0x1p128 : Double(Float(bitPattern: UInt32(bits) << 16))
        }
        let magnitude = Double(x.magnitude)
        if magnitudeBits == 0x7F80 { return truncated }  // ±inf
        let below = magnitudeBits
        let above = magnitudeBits + 1
        let twice = 2 * magnitude
        let sum = value(below) + value(above)
        let chosen: UInt16
        if value(below) == magnitude || twice < sum {
            chosen = below
        } else if twice > sum {
            chosen = above
        } else {
            chosen = below & 1 == 0 ? below : above
        }
        return (truncated & 0x8000) | chosen
    }

    // MARK: F16

    @Test("F16 rounding of known values: ties to even, subnormals, overflow, zero signs, NaN")
    func float16KnownPatterns() {
        let cases: [(Float, UInt16)] = [
            (1, 0x3C00), (-2, 0xC000), (0.5, 0x3800), (65504, 0x7BFF), (Float(65520).nextDown, 0x7BFF),
            (65520, 0x7C00), (1e6, 0x7C00), (-1e6, 0xFC00), (0x1p-24, 0x0001), (0x1p-25, 0x0000),
            (Float(0x1p-25).nextUp, 0x0001), (3 * 0x1p-25, 0x0002), (5 * 0x1p-25, 0x0002), (0x1p-14, 0x0400),
            (Float(0x1p-14).nextDown, 0x0400), (1023 * 0x1p-24, 0x03FF), (0.1, 0x2E66), (Float(1) / 3, 0x3555),
            (1 + 0x1p-11, 0x3C00), (1 + 3 * 0x1p-11, 0x3C02), (Float(1 + 0x1p-11).nextUp, 0x3C01),
            (0, 0x0000), (-0.0, 0x8000), (.infinity, 0x7C00), (-.infinity, 0xFC00),
            (.leastNonzeroMagnitude, 0x0000), (-.leastNonzeroMagnitude, 0x8000), (.greatestFiniteMagnitude, 0x7C00),
        ]
        for (value, bits) in cases {
            #expect(Conversion.float16Bits(from: value) == bits, "\(value)")
        }
        let nan = Conversion.float16Bits(from: .nan)
        #expect(nan == 0x7E00)
        #expect(Conversion.float16Bits(from: -.nan) == 0xFE00)
        // A signalling NaN whose payload lies only in the discarded bits stays a NaN (quiet).
        #expect(Conversion.float16Bits(from: Float(bitPattern: 0x7F80_0001)) == 0x7E00)
    }

    @Test("F16 decoding of known patterns")
    func float16Decoding() {
        #expect(Conversion.float(fromFloat16Bits: 0x7BFF) == 65504)
        #expect(Conversion.float(fromFloat16Bits: 0x0001) == 0x1p-24)
        #expect(Conversion.float(fromFloat16Bits: 0x03FF) == 1023 * 0x1p-24)
        #expect(Conversion.float(fromFloat16Bits: 0x0400) == 0x1p-14)
        #expect(Conversion.float(fromFloat16Bits: 0x3555) == 0.333251953125)
        #expect(Conversion.float(fromFloat16Bits: 0x8000).bitPattern == (-0.0 as Float).bitPattern)
        #expect(Conversion.float(fromFloat16Bits: 0x8001) == -0x1p-24)
        #expect(Conversion.float(fromFloat16Bits: 0x7C00) == .infinity)
        #expect(Conversion.float(fromFloat16Bits: 0xFC00) == -.infinity)
        #expect(Conversion.float(fromFloat16Bits: 0x7E00).isNaN)
        #expect(Conversion.float(fromFloat16Bits: 0x7C01).isNaN)
    }

    @Test("all 65536 F16 patterns decode and re-encode to themselves (NaN stays NaN)")
    func float16ExhaustiveRoundTrip() {
        var mismatches = 0
        for bits in 0...UInt16.max {
            let value = Conversion.float(fromFloat16Bits: bits)
            let back = Conversion.float16Bits(from: value)
            if value.isNaN {
                if back & 0x7C00 != 0x7C00 || back & 0x03FF == 0 || back & 0x8000 != bits & 0x8000 { mismatches += 1 }
            } else if back != bits {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    @Test("F16 rounding matches an exact search at every midpoint, its neighbours, and random floats")
    func float16AgainstExactReference() {
        var mismatches: [Float] = []
        func check(_ x: Float) {
            let expected = Self.referenceFloat16Bits(x)
            let actual = Conversion.float16Bits(from: x)
            if let expected {
                if expected != actual { mismatches.append(x) }
            } else if !Conversion.float(fromFloat16Bits: actual).isNaN {
                mismatches.append(x)
            }
        }
        for bits in UInt16(0)..<0x7BFF where bits % 3 == 0 || bits < 0x0800 || bits > 0x7800 {
            let low = Double(Conversion.float(fromFloat16Bits: bits))
            let high = Double(Conversion.float(fromFloat16Bits: bits + 1))
            let midpoint = Float((low + high) / 2)  // exact: 12 significant bits
            for x in [midpoint, midpoint.nextUp, midpoint.nextDown] {
                check(x)
                check(-x)
            }
        }
        var rng = SplitMix64(seed: 16)
        for _ in 0..<100_000 {
            check(Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng)))
            // Values in the half range (exponents −30 … 17) are the interesting ones.
            let exponent = UInt32.random(in: 97...144, using: &rng)
            let mantissa = UInt32.random(in: 0..<(1 << 23), using: &rng)
            check(Float(bitPattern: exponent << 23 | mantissa | (rng.next() & 1 == 0 ? 0 : 0x8000_0000)))
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5).map(\.bitPattern))")
    }

    #if !(os(macOS) && arch(x86_64))
    @Test("F16 rounding matches the platform's Float16 conversion")
    func float16AgainstPlatform() {
        var rng = SplitMix64(seed: 1616)
        var mismatches = 0
        for _ in 0..<200_000 {
            let x = Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng))
            let platform = Float16(x)
            let ours = Conversion.float16Bits(from: x)
            if platform.isNaN {
                if !Conversion.float(fromFloat16Bits: ours).isNaN { mismatches += 1 }
            } else if platform.bitPattern != ours {
                mismatches += 1
            }
        }
        for bits in 0...UInt16.max {
            let platform = Float(Float16(bitPattern: bits))
            let ours = Conversion.float(fromFloat16Bits: bits)
            if platform.isNaN ? !ours.isNaN : platform.bitPattern != ours.bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
    #endif

    // MARK: BF16

    @Test("BF16 rounding of known values")
    func bfloat16KnownPatterns() {
        let cases: [(UInt32, UInt16)] = [
            (0x3F80_0000, 0x3F80),  // 1
            (0x4049_0FDB, 0x4049),  // π → 3.140625
            (0x3F80_8000, 0x3F80),  // tie, even stays
            (0x3F81_8000, 0x3F82),  // tie, odd rounds up
            (0x3F80_8001, 0x3F81),  // above the tie
            (0x3F80_7FFF, 0x3F80),  // below the tie
            (0x7F7F_FFFF, 0x7F80),  // largest float → inf
            (0x7F7F_7FFF, 0x7F7F),  // stays finite
            (0xFF7F_FFFF, 0xFF80),  // → −inf
            (0x0000_0001, 0x0000),  // subnormal → 0
            (0x0000_8000, 0x0000),  // subnormal tie → even 0
            (0x0001_8000, 0x0002),  // subnormal tie, odd → up
            (0x8000_0000, 0x8000),  // −0
            (0x7F80_0000, 0x7F80),  // inf
            (0x7FC0_0000, 0x7FC0),  // quiet NaN
        ]
        for (bits, expected) in cases {
            #expect(Conversion.bfloat16Bits(from: Float(bitPattern: bits)) == expected, "\(String(bits, radix: 16))")
        }
        // A NaN whose payload is only in the low 16 bits must not become inf.
        let signalling = Conversion.bfloat16Bits(from: Float(bitPattern: 0x7F80_0001))
        #expect(Conversion.float(fromBFloat16Bits: signalling).isNaN)
        #expect(Conversion.bfloat16Bits(from: Float(bitPattern: 0xFF80_0001)) & 0x8000 != 0)
        #expect(Conversion.float(fromBFloat16Bits: 0x4049) == 3.140625)
        #expect(Conversion.float(fromBFloat16Bits: 0xFF80) == -.infinity)
    }

    @Test("BF16 rounding matches an exact comparison of neighbours for random floats")
    func bfloat16AgainstExactReference() {
        var rng = SplitMix64(seed: 0xBF16)
        var mismatches: [UInt32] = []
        for index in 0..<200_000 {
            var bits = UInt32.random(in: 0...UInt32.max, using: &rng)
            if index % 4 == 0 { bits = bits & 0xFFFF_0000 | 0x8000 }  // exact ties
            let x = Float(bitPattern: bits)
            let actual = Conversion.bfloat16Bits(from: x)
            if let expected = Self.referenceBFloat16Bits(x) {
                if actual != expected { mismatches.append(bits) }
            } else if !Conversion.float(fromBFloat16Bits: actual).isNaN {
                mismatches.append(bits)
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
        // Every bfloat16 value converts back to itself.
        for bits in 0...UInt16.max {
            let value = Conversion.float(fromBFloat16Bits: bits)
            if !value.isNaN { #expect(Conversion.bfloat16Bits(from: value) == bits) }
        }
    }

    // MARK: F8

    @Test("F8 decoding of the formats' landmark values")
    func float8Landmarks() {
        func value(_ bits: UInt8, _ dtype: SafeTensorsDType) -> Double? {
            Conversion.double(fromFloat8Bits: bits, dtype: dtype)
        }
        // E4M3 (FN): max 448, min normal 2^-6, min subnormal 2^-9, S.1111.111 NaN, no inf.
        #expect(value(0x7E, .F8_E4M3) == 448)
        #expect(value(0x08, .F8_E4M3) == 0x1p-6)
        #expect(value(0x01, .F8_E4M3) == 0x1p-9)
        #expect(value(0x38, .F8_E4M3) == 1)
        #expect(value(0xC0, .F8_E4M3) == -2)
        #expect(value(0x78, .F8_E4M3) == 256)
        #expect(value(0x7F, .F8_E4M3)?.isNaN == true)
        #expect(value(0xFF, .F8_E4M3)?.isNaN == true)
        #expect(value(0x80, .F8_E4M3)?.sign == .minus)
        // E5M2: max 57344, inf, NaN, min subnormal 2^-16.
        #expect(value(0x7B, .F8_E5M2) == 57344)
        #expect(value(0x7C, .F8_E5M2) == .infinity)
        #expect(value(0xFC, .F8_E5M2) == -.infinity)
        #expect(value(0x7D, .F8_E5M2)?.isNaN == true)
        #expect(value(0x01, .F8_E5M2) == 0x1p-16)
        // FNUZ variants: 0x80 is NaN, bias one higher.
        #expect(value(0x7F, .F8_E4M3FNUZ) == 240)
        #expect(value(0x01, .F8_E4M3FNUZ) == 0x1p-10)
        #expect(value(0x80, .F8_E4M3FNUZ)?.isNaN == true)
        #expect(value(0x7F, .F8_E5M2FNUZ) == 57344)
        #expect(value(0x01, .F8_E5M2FNUZ) == 0x1p-17)
        #expect(value(0x80, .F8_E5M2FNUZ)?.isNaN == true)
        // E8M0: powers of two.
        #expect(value(0x7F, .F8_E8M0) == 1)
        #expect(value(0x80, .F8_E8M0) == 2)
        #expect(value(0x00, .F8_E8M0) == 0x1p-127)
        #expect(value(0xFE, .F8_E8M0) == 0x1p127)
        #expect(value(0xFF, .F8_E8M0)?.isNaN == true)
        #expect(value(0x00, .F32) == nil)
    }

    @Test("F8 decoding agrees with F16 (E5M2 is the top byte of a half) and the FNUZ bias shift")
    func float8Relations() {
        for byte in UInt8.min...UInt8.max {
            let e5m2 = Conversion.double(fromFloat8Bits: byte, dtype: .F8_E5M2) ?? 0
            let half = Double(Conversion.float(fromFloat16Bits: UInt16(byte) << 8))
            #expect(e5m2.isNaN ? half.isNaN : e5m2.bitPattern == half.bitPattern, "E5M2 \(byte)")
            let exponentField4 = (byte >> 3) & 0x0F
            let e4m3 = Conversion.double(fromFloat8Bits: byte, dtype: .F8_E4M3) ?? 0
            let e4m3fnuz = Conversion.double(fromFloat8Bits: byte, dtype: .F8_E4M3FNUZ) ?? 0
            if byte != 0x80, !e4m3.isNaN { #expect(e4m3fnuz == e4m3 / 2, "E4M3FNUZ \(byte)") }
            if exponentField4 == 0x0F, byte & 0x07 == 0x07, byte != 0x80 { #expect(!e4m3fnuz.isNaN) }
            let e5m2fnuz = Conversion.double(fromFloat8Bits: byte, dtype: .F8_E5M2FNUZ) ?? 0
            if byte != 0x80, e5m2.isFinite { #expect(e5m2fnuz == e5m2 / 2, "E5M2FNUZ \(byte)") }
            if byte != 0x80, (byte >> 2) & 0x1F == 0x1F { #expect(e5m2fnuz.isFinite && e5m2fnuz.magnitude >= 32768) }
        }
        // Positive codes decode in increasing order for each type (NaN codes excluded).
        for dtype in [SafeTensorsDType.F8_E4M3, .F8_E5M2, .F8_E4M3FNUZ, .F8_E5M2FNUZ, .F8_E8M0] {
            let values = (UInt8(0)...UInt8(0x7F)).compactMap { Conversion.double(fromFloat8Bits: $0, dtype: dtype) }
                .filter { !$0.isNaN }
            #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "\(dtype)")
        }
    }
}
