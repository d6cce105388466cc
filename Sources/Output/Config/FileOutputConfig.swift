/// The file output (`output.file`): findings as NDJSON in `path/filename`, rotated by size,
/// with libbeat's file-output keys and defaults.
public struct FileOutputConfig: Sendable, Equatable {
  /// Folder for the files (`~` expanded). Default `/var/lib/kspmbeat`.
  public var path: String
  /// Base file name (no `/`). Default `kspmbeat`.
  public var filename: String
  /// Rotate when the file reaches this many KiB (≥ 1). Default 10240 (10 MiB).
  public var rotateEveryKB: Int
  /// Files to keep, current one included (2–1024). Default 7.
  public var numberOfFiles: Int
  /// Start a new file on every start. Default true.
  public var rotateOnStartup: Bool
  /// Mode of created files, written in octal (`0600`, `"0640"`). Default 0o600.
  public var permissions: Int

  public static let defaultPath = "/var/lib/kspmbeat"
  public static let defaultFilename = "kspmbeat"

  public init(
    path: String = defaultPath, filename: String = defaultFilename, rotateEveryKB: Int = 10240, numberOfFiles: Int = 7,
    rotateOnStartup: Bool = true, permissions: Int = 0o600
  ) {
    self.path = path
    self.filename = filename
    self.rotateEveryKB = rotateEveryKB
    self.numberOfFiles = numberOfFiles
    self.rotateOnStartup = rotateOnStartup
    self.permissions = permissions
  }
}
