import CZlib

/// Why zlib refused to compress or decompress.
public struct GzipError: Error, Sendable, CustomStringConvertible {
  public var description: String
}

/// gzip (RFC 1952) with the system zlib: what `Content-Encoding: gzip` bulk bodies use.
public enum Gzip {
  /// Compresses `bytes` into one gzip member. `level` 0 (store) to 9 (smallest); 1 is libbeat's default.
  public static func compress(_ bytes: [UInt8], level: Int32 = 1) throws -> [UInt8] {
    var output: [UInt8] = []
    try compress(bytes, level: level, into: &output)
    return output
  }

  /// Compresses `bytes` into `output`, reusing its storage: a caller compressing many bodies in turn
  /// keeps one buffer instead of allocating (and faulting in) a new multi-megabyte one each time.
  public static func compress(_ bytes: [UInt8], level: Int32 = 1, into output: inout [UInt8]) throws {
    guard (0...9).contains(level) else { throw GzipError(description: "compression level \(level) is not 0–9") }
    var stream = z_stream()
    // Window bits 15 + 16: a gzip header and trailer instead of zlib's.
    var status = deflateInit2_(
      &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else { throw GzipError(description: "deflateInit2 failed (\(status))") }
    defer { deflateEnd(&stream) }
    let bound = Int(deflateBound(&stream, UInt(bytes.count))) + 32
    if output.count < bound {
      // A zero-filled array is one memset; appending a repeated element goes byte by byte in debug builds.
      output += [UInt8](repeating: 0, count: bound - output.count)
    }
    status = bytes.withUnsafeBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer in
        // zlib only reads the input.
        stream.next_in = inBuffer.baseAddress.map { UnsafeMutablePointer(mutating: $0) }
        stream.avail_in = UInt32(inBuffer.count)
        stream.next_out = outBuffer.baseAddress
        stream.avail_out = UInt32(outBuffer.count)
        return deflate(&stream, Z_FINISH)
      }
    }
    guard status == Z_STREAM_END else { throw GzipError(description: "deflate did not finish (\(status))") }
    output.removeSubrange(Int(stream.total_out)...)
  }

  /// Decompresses gzip (or zlib) data, refusing to produce more than `limit` bytes (a zip bomb
  /// fails instead of exhausting memory).
  public static func decompress(_ bytes: [UInt8], limit: Int = 256 << 20) throws -> [UInt8] {
    var stream = z_stream()
    // Window bits 15 + 32: detect gzip or zlib headers.
    var status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else { throw GzipError(description: "inflateInit2 failed (\(status))") }
    defer { inflateEnd(&stream) }
    var input = bytes
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    try input.withUnsafeMutableBufferPointer { inBuffer in
      stream.next_in = inBuffer.baseAddress
      stream.avail_in = UInt32(inBuffer.count)
      repeat {
        let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuffer in
          stream.next_out = outBuffer.baseAddress
          stream.avail_out = UInt32(outBuffer.count)
          status = inflate(&stream, Z_NO_FLUSH)
          return outBuffer.count - Int(stream.avail_out)
        }
        guard status == Z_OK || status == Z_STREAM_END else {
          throw GzipError(description: "not valid gzip data (\(status))")
        }
        output.append(contentsOf: chunk[0..<produced])
        if output.count > limit { throw GzipError(description: "decompressed data exceeds \(limit) bytes") }
        if status == Z_OK && produced == 0 && stream.avail_in == 0 {
          throw GzipError(description: "gzip data ends early")
        }
      } while status != Z_STREAM_END
    }
    return output
  }
}
