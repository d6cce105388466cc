import KSPMCore

/// `resource.raw`: the resource as cloudbeat's policies saw it.
public enum RawResource {
  public static func json(for resource: Resource) -> JSONValue {
    switch resource.payload {
    case .kubernetes(let object): return object.object
    case .cloud(let resource): return resource.raw
    case .file(let file): return fileRaw(file)
    case .process(let process): return processRaw(process)
    }
  }

  /// File fields as strings, the shape of cloudbeat's file-system fetcher.
  static func fileRaw(_ file: FileResource) -> JSONValue {
    var o = fileIdentityFields(file)
    o.appendUnchecked("sub_type", .string(file.isDirectory ? "directory" : "file"))
    return .object(o)
  }

  /// The fields `resource.raw` and the ECS `file` block share, as strings.
  static func fileIdentityFields(_ file: FileResource) -> JSONObject {
    var o = JSONObject()
    o.appendUnchecked("name", .string(file.name))
    o.appendUnchecked("mode", .string(file.modeString))
    o.appendUnchecked("gid", .string(String(file.gid)))
    o.appendUnchecked("uid", .string(String(file.uid)))
    o.appendUnchecked("owner", .string(file.owner))
    o.appendUnchecked("group", .string(file.group))
    o.appendUnchecked("path", .string(file.path))
    o.appendUnchecked("inode", .string(String(file.inode)))
    return o
  }

  /// pid, command line, `stat` fields and parsed config files, the shape of cloudbeat's process fetcher.
  static func processRaw(_ process: ProcessResource) -> JSONValue {
    var o = JSONObject()
    o.appendUnchecked("pid", .string(String(process.pid)))
    o.appendUnchecked("command", .string(process.commandLine))
    o.appendUnchecked("stat", .object(process.stat))
    var external = JSONObject()
    for key in process.configFiles.keys.sorted() {
      external.appendUnchecked(key, process.configFiles[key]?.content ?? .object(JSONObject()))
    }
    o.appendUnchecked("external_data", .object(external))
    return .object(o)
  }
}
