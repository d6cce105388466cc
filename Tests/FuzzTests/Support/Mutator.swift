/// Turns one input into a related one: the mutations of byte-level fuzzers (bit flips,
/// interesting bytes, deletions, duplications, splices) plus tokens of the input's format, some
/// repeated many times to reach nesting and expansion limits.
struct Mutator {
  /// Tokens of the format (`": "`, `"- "`, `"&a "`, `"{"`, ...).
  var dictionary: [[UInt8]]
  /// Longest input produced.
  var maxLength: Int

  static let interestingBytes: [UInt8] = [
    0, 1, 0x7F, 0x80, 0xFF, 0xC3, 0xE2, 0xF0, 0x0A, 0x0D, 0x09, 0x20, 0x22, 0x27, 0x5C, 0x3A, 0x2D, 0x2C, 0x7B,
    0x7D, 0x5B, 0x5D, 0x26, 0x2A, 0x21, 0x23, 0x7C, 0x3E, 0x3F, 0x25, 0x40, 0x60, 0x2E, 0x2F, 0x30, 0x39,
  ]

  /// Applies one to six mutations; `others` are inputs to splice with.
  func mutate(_ input: [UInt8], others: [[UInt8]], random: inout FuzzRandom) -> [UInt8] {
    var bytes = input
    for _ in 0...random.below(6) {
      mutateOnce(&bytes, others: others, random: &random)
    }
    if bytes.count > maxLength { bytes.removeSubrange(maxLength...) }
    return bytes
  }

  private func mutateOnce(_ bytes: inout [UInt8], others: [[UInt8]], random: inout FuzzRandom) {
    let position = random.below(bytes.count + 1)
    switch random.below(11) {
    case 0 where !bytes.isEmpty:
      bytes[min(position, bytes.count - 1)] ^= UInt8(1 << random.below(8))
    case 1 where !bytes.isEmpty:
      bytes[min(position, bytes.count - 1)] = random.pick(Self.interestingBytes)
    case 2 where !dictionary.isEmpty, 3 where !dictionary.isEmpty:
      bytes.insert(contentsOf: random.pick(dictionary), at: position)
    case 4 where !bytes.isEmpty:
      let start = min(position, bytes.count - 1)
      bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.below(64)))
    case 5 where !bytes.isEmpty:
      let start = random.below(bytes.count)
      let slice = bytes[start..<min(bytes.count, start + 1 + random.below(256))]
      bytes.insert(contentsOf: slice, at: position)
    case 6 where !others.isEmpty:
      let other = random.pick(others)
      let cut = random.below(other.count + 1)
      bytes = Array(bytes[..<position]) + other[cut...]
    case 7 where !dictionary.isEmpty:
      // Many copies of one token: deep nesting, long keys, alias bombs.
      let token = random.pick(dictionary)
      let copies = 2 + random.below(random.oneIn(4) ? 4000 : 40)
      var run: [UInt8] = []
      run.reserveCapacity(token.count * copies)
      for _ in 0..<copies { run += token }
      bytes.insert(contentsOf: run, at: position)
    case 8:
      for _ in 0...random.below(8) { bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position) }
    case 9:
      swapLines(&bytes, random: &random)
    default:
      replaceNumber(&bytes, at: position, random: &random)
    }
  }

  /// Swaps two lines, which moves keys between levels of YAML.
  private func swapLines(_ bytes: inout [UInt8], random: inout FuzzRandom) {
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    guard lines.count > 1 else { return }
    lines.swapAt(random.below(lines.count), random.below(lines.count))
    bytes = Array(lines.joined(separator: [0x0A]))
  }

  static let numbers = [
    "0", "-1", "1e999", "-0", "0.0000001", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
    "18446744073709551616", "0x7fffffff", "1_000", "0o777", ".nan", ".inf", "4294967296", "1e-400", "00",
  ].map { Array($0.utf8) }

  /// Replaces the number at or after `position` with an extreme one.
  private func replaceNumber(_ bytes: inout [UInt8], at position: Int, random: inout FuzzRandom) {
    let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
    guard let start = bytes[position...].firstIndex(where: isDigit) ?? bytes.firstIndex(where: isDigit) else {
      bytes.insert(contentsOf: random.pick(Self.numbers), at: position)
      return
    }
    let end = bytes[start...].firstIndex(where: { !isDigit($0) }) ?? bytes.endIndex
    bytes.replaceSubrange(start..<end, with: random.pick(Self.numbers))
  }
}
