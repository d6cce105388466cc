/// Left-aligned fixed-width columns for the benchmark tables.
struct TableRow {
  private(set) var text = ""

  init() {}

  /// A header or row from `(cell, width)` pairs.
  init(_ cells: [(String, Int)]) {
    for (cell, width) in cells { add(cell, width) }
  }

  mutating func add(_ cell: String, _ width: Int) {
    text += cell.count >= width ? cell + " " : cell.padding(toLength: width, withPad: " ", startingAt: 0)
  }
}

/// `value` with `decimals` digits after the point.
func fixed(_ value: Double, _ decimals: Int) -> String {
  String(format: "%.\(decimals)f", value)
}
