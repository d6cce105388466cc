import Foundation

/// The lines of a file, read a block at a time (a baseline of a big cluster is gigabytes), each
/// without its newline; `nil` at the end. Lines longer than `maxLine` bytes are cut short and
/// flagged, so one endless line cannot exhaust memory.
struct NDJSONLines {
  let handle: FileHandle
  let maxLine: Int
  private var buffer: [UInt8] = []
  private var start = 0
  private var atEnd = false

  init(path: String, maxLine: Int = 64 << 20) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw CocoaError(FileManager.default.fileExists(atPath: path) ? .fileReadNoPermission : .fileNoSuchFile)
    }
    self.handle = handle
    self.maxLine = maxLine
  }

  /// The next line and whether it was cut at ``maxLine``.
  mutating func next() throws -> (line: ArraySlice<UInt8>, truncated: Bool)? {
    while true {
      if let newline = buffer[start...].firstIndex(of: 0x0A) {
        let line = buffer[start..<newline]
        start = newline + 1
        return (line, false)
      }
      if buffer.count - start > maxLine {
        let line = buffer[start..<(start + maxLine)]
        // Skip the rest of this line.
        while true {
          buffer.removeSubrange(0..<start)
          start = 0
          if let newline = buffer.firstIndex(of: 0x0A) {
            start = newline + 1
            break
          }
          buffer.removeAll(keepingCapacity: true)
          guard try fill() else { break }
        }
        return (line, true)
      }
      if atEnd {
        guard start < buffer.count else { return nil }
        let line = buffer[start...]
        start = buffer.count
        return (line, false)
      }
      if start > 0 {
        buffer.removeSubrange(0..<start)
        start = 0
      }
      if try !fill() { atEnd = true }
    }
  }

  /// Appends the next block; `false` at the end of the file.
  private mutating func fill() throws -> Bool {
    guard let data = try handle.read(upToCount: 1 << 20), !data.isEmpty else { return false }
    buffer.append(contentsOf: data)
    return true
  }

  func close() { try? handle.close() }
}
