import Foundation

/// SplitMix64: a tiny seeded generator, so every synthetic series is the same on every run and platform.
struct SeededGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [-amplitude, amplitude).
    mutating func uniform(_ amplitude: Double) -> Double { (2 * unit() - 1) * amplitude }

    /// Gaussian with mean 0 (Box–Muller).
    mutating func gaussian(sigma: Double) -> Double {
        let u = max(unit(), 0x1p-60)
        return sigma * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }
}
