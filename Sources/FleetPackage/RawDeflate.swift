import CZlib

/// Why zlib refused an entry of a zip archive.
public struct ZipError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Raw DEFLATE (RFC 1951, no zlib or gzip framing, as zip entries hold it) and CRC-32, with the
/// system zlib.
enum RawDeflate {
  /// `bytes` compressed at zlib's default level.
  static func compress(_ bytes: [UInt8]) throws(ZipError) -> [UInt8] {
    var stream = z_stream()
    // Negative window bits: raw deflate.
    var status = deflateInit2_(
      &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
      Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else { throw ZipError("deflateInit2 failed (\(status))") }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 16)
    status = run(&stream, input: bytes, output: &output) { deflate(&$0, Z_FINISH) }
    guard status == Z_STREAM_END else { throw ZipError("deflate did not finish (\(status))") }
    return Array(output[..<Int(stream.total_out)])
  }

  /// `bytes` decompressed; the result must be exactly `size` bytes long (the size the archive
  /// states), so a damaged or hostile entry fails instead of growing without bound.
  static func decompress(_ bytes: [UInt8], size: Int) throws(ZipError) -> [UInt8] {
    var stream = z_stream()
    var status = inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else { throw ZipError("inflateInit2 failed (\(status))") }
    defer { inflateEnd(&stream) }
    // One byte more than stated, so an entry longer than it says is noticed.
    var output = [UInt8](repeating: 0, count: size + 1)
    status = run(&stream, input: bytes, output: &output) { inflate(&$0, Z_FINISH) }
    guard status == Z_STREAM_END, Int(stream.total_out) == size else {
      throw ZipError("an entry does not inflate to its stated \(size) bytes (zlib status \(status))")
    }
    return Array(output[..<size])
  }

  /// CRC-32 of `bytes`, as zip headers state it.
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { buffer in
      UInt32(CZlib.crc32(0, buffer.baseAddress, UInt32(buffer.count)))
    }
  }

  /// Points `stream` at `input` and `output` and runs `step` once.
  private static func run(
    _ stream: inout z_stream, input: [UInt8], output: inout [UInt8], step: (inout z_stream) -> Int32
  ) -> Int32 {
    var input = input
    return input.withUnsafeMutableBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer in
        stream.next_in = inBuffer.baseAddress
        stream.avail_in = UInt32(inBuffer.count)
        stream.next_out = outBuffer.baseAddress
        stream.avail_out = UInt32(outBuffer.count)
        return step(&stream)
      }
    }
  }
}
