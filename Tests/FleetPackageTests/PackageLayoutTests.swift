import FleetPackage
import Foundation
import KSPMCore
import Testing
import YAMLValue

/// The zip `kspmbeat package build` writes: unpacked, it has the layout Fleet installs.
@Suite struct PackageLayoutTests {
  @Test func theZipHasOneFolderNamedAfterThePackageAndItsVersion() throws {
    let package = try BuiltPackage.get()
    let manifest = try package.yaml("manifest.yml")
    #expect(manifest["name"] == "cloud_security_posture")
    #expect(package.root == "cloud_security_posture-\(manifest["version"]?.stringValue ?? "?")")
    #expect(try PackageBuilder(repository: repositoryRoot).archiveName() == package.root + ".zip")
  }

  @Test func theManifestDeclaresWhatTheIssueAsksFor() throws {
    let manifest = try BuiltPackage.get().yaml("manifest.yml")
    #expect(manifest["format_version"]?.stringValue?.hasPrefix("3.") == true)
    #expect(manifest[path: "conditions", "kibana", "version"] == "^8.11.0")
    #expect(manifest["type"] == "integration")
    let template = try #require(manifest["policy_templates"]?.arrayValue?.first)
    #expect(template["name"] == "kspm")
    #expect(template["data_streams"] == ["findings"])
    #expect(
      template["inputs"]?.arrayValue?.compactMap { $0["type"]?.stringValue } == [
        "cloudbeat/cis_k8s", "cloudbeat/cis_eks",
      ])
  }

  @Test func everyPartIsWhereFleetLooksForIt() throws {
    let package = try BuiltPackage.get()
    for path in [
      "manifest.yml", "changelog.yml", "docs/README.md", "img/kspmbeat-logo.svg",
      "data_stream/findings/manifest.yml", "data_stream/findings/agent/stream/vanilla.yml.hbs",
      "data_stream/findings/agent/stream/eks.yml.hbs", "data_stream/findings/elasticsearch/ingest_pipeline/default.yml",
      "data_stream/findings/elasticsearch/ilm/default_policy.json",
      "elasticsearch/transform/latest_findings/transform.yml", "elasticsearch/transform/latest_findings/manifest.yml",
      "kibana/dashboard/cloud_security_posture-kspmbeat-posture.json",
    ] {
      #expect(package.files[path] != nil, "\(path) is missing")
    }
    #expect(package.files["README.md"] == nil, "package/README.md documents the source folder, not the package")
    #expect(package.files(in: "kibana/csp_rule_template").count == RuleTemplates.all().count)
    // Every folder a file is in has its own entry, as zip tools write them.
    for path in package.files.keys {
      let folder = path.split(separator: "/").dropLast().joined(separator: "/")
      #expect(folder.isEmpty || package.folders.contains(folder + "/"), "\(path): no entry for its folder")
    }
  }

  @Test func everyYAMLAndJSONFileParses() throws {
    let package = try BuiltPackage.get()
    var parsed = 0
    for (path, bytes) in package.files {
      let text = String(decoding: bytes, as: UTF8.self)
      #expect(Array(text.utf8) == bytes, "\(path) is not UTF-8")
      if path.hasSuffix(".yml") || path.hasSuffix(".yaml") {
        #expect(throws: Never.self, "\(path)") { _ = try YAMLDocuments.parse(text) }
        parsed += 1
      } else if path.hasSuffix(".json") {
        #expect(throws: Never.self, "\(path)") { _ = try JSONParser.parse(text) }
        parsed += 1
      }
    }
    #expect(parsed > RuleTemplates.all().count)
  }

  /// One source of fields: the transform's destination index gets the data stream's files.
  @Test func theTransformsFieldsAreTheFindingsFields() throws {
    let package = try BuiltPackage.get()
    let streamFields = package.files(in: PackageLayout.findingsFieldsFolder)
    #expect(!streamFields.isEmpty)
    for path in streamFields {
      let name = path.split(separator: "/").last.map(String.init) ?? ""
      #expect(package.files[PackageLayout.transformFieldsFolder + "/" + name] == package.files[path], "\(name)")
    }
    #expect(package.files(in: PackageLayout.transformFieldsFolder).count == streamFields.count)
    #expect(!FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent("fields").path))
    #expect(
      !FileManager.default.fileExists(
        atPath: repositoryRoot.appendingPathComponent("package/" + PackageLayout.transformFieldsFolder).path),
      "the transform's fields are copied by the build, not kept twice")
  }

  @Test func theTransformFillsTheIndexKibanasPagesRead() throws {
    let transform = try BuiltPackage.get().yaml("elasticsearch/transform/latest_findings/transform.yml")
    #expect(transform[path: "source", "index"] == ["logs-cloud_security_posture.findings-default*"])
    #expect(transform[path: "dest", "index"] == "logs-cloud_security_posture.findings_latest-default")
    #expect(transform[path: "latest", "unique_key"] == ["resource.id", "rule.id"])
    #expect(transform[path: "latest", "sort"] == "@timestamp")
    #expect(transform[path: "sync", "time", "field"] == "event.ingested")
    #expect(transform[path: "retention_policy", "time"] == ["field": "@timestamp", "max_age": "26h"])
  }

  /// Standalone shippers have no Fleet final pipeline: the package's pipeline sets event.ingested,
  /// which the transform syncs on, without replacing one that is already there.
  @Test func thePipelineSetsEventIngestedWhenMissing() throws {
    let pipeline = try BuiltPackage.get().yaml("data_stream/findings/elasticsearch/ingest_pipeline/default.yml")
    let sets = (pipeline["processors"]?.arrayValue ?? []).compactMap { $0["set"] }
    let ingested = try #require(sets.first { $0["field"] == "event.ingested" })
    #expect(ingested["value"] == "{{{_ingest.timestamp}}}")
    #expect(ingested["override"] == false)
    #expect(pipeline["on_failure"]?.arrayValue?.isEmpty == false)
  }

  @Test func theIconsTheManifestNamesAreInThePackage() throws {
    let package = try BuiltPackage.get()
    let manifest = try package.yaml("manifest.yml")
    let icons =
      (manifest["icons"]?.arrayValue ?? [])
      + (manifest["policy_templates"]?.arrayValue ?? []).flatMap { $0["icons"]?.arrayValue ?? [] }
    #expect(!icons.isEmpty)
    for icon in icons {
      let source = icon["src"]?.stringValue ?? ""
      #expect(package.files[String(source.drop { $0 == "/" })] != nil, "\(source)")
    }
  }

  @Test func theSameSourceGivesTheSameBytes() throws {
    let again = try ZipWriter.archive(PackageBuilder(repository: repositoryRoot).entries())
    #expect(again == (try BuiltPackage.get().archive))
  }

  @Test func buildWritesTheZipIntoTheFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kspm-package-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = try PackageBuilder(repository: repositoryRoot).build(into: folder)
    #expect(url.lastPathComponent == (try BuiltPackage.get().root) + ".zip")
    #expect(Array(try Data(contentsOf: url)) == (try BuiltPackage.get().archive))
  }

  @Test func aCheckoutWithoutAPackageIsAClearError() throws {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("kspm-empty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    #expect(throws: PackageBuildError.self) { try PackageBuilder(repository: empty).entries() }
  }
}
