/// A small deterministic generator (SplitMix64): the same seed gives the same inputs on every
/// machine, so a failure found in CI is found again by rerunning with its seed.
struct FuzzRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<bound` (`bound` > 0).
  mutating func below(_ bound: Int) -> Int { Int(next(upperBound: UInt64(bound))) }

  /// `true` one time in `n`.
  mutating func oneIn(_ n: Int) -> Bool { below(n) == 0 }

  /// A random element (the collection must not be empty).
  mutating func pick<C: RandomAccessCollection>(_ collection: C) -> C.Element where C.Index == Int {
    collection[collection.startIndex + below(collection.count)]
  }
}
