import Output

extension FileOutputConfig {
  static let keys: Set<String> = [
    "enabled", "path", "filename", "rotate_every_kb", "number_of_files", "rotate_on_startup", "permissions", "queue",
  ]

  static func read(_ section: ConfigSection) throws(ConfigError) -> FileOutputConfig {
    section.warnUnknown(keys)
    var config = FileOutputConfig()
    config.path = try section.path("path") ?? config.path
    if let filename = try section.nonEmptyString("filename") {
      guard !filename.contains("/"), filename != ".", filename != ".." else {
        throw section.error("filename", "\(ConfigSection.quote(filename)) must be a file name, not a path")
      }
      config.filename = filename
    }
    if let size = try section.int("rotate_every_kb") {
      guard size >= 1 else { throw section.error("rotate_every_kb", "must be at least 1") }
      config.rotateEveryKB = size
    }
    if let count = try section.int("number_of_files") {
      guard (2...1024).contains(count) else {
        throw section.error("number_of_files", "\(count) is not between 2 and 1024")
      }
      config.numberOfFiles = count
    }
    config.rotateOnStartup = try section.bool("rotate_on_startup") ?? true
    if let mode = try section.string("permissions") {
      // YAML reads 0600 as the number 600: the digits are octal either way.
      var digits = Substring(mode.trimmingSpaces)
      if digits.hasPrefix("0o") { digits = digits.dropFirst(2) }
      guard !digits.isEmpty, let value = Int(digits, radix: 8), value <= 0o777 else {
        throw section.error("permissions", "\(ConfigSection.quote(mode)) is not an octal file mode like 0600")
      }
      config.permissions = value
    }
    return config
  }
}
