import Foundation
import KSPMCore
import Testing

/// `kspmbeat export rule-templates` and `kspmbeat package build`, as a user runs them.
@Suite struct PackageCommandTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func exportPrintsOneSavedObjectPerRuleAsNDJSON() async throws {
    let result = try await runKSPMBeat(["export", "rule-templates", "--ndjson"])
    #expect(result.status == 0, "\(result.stderr)")
    let objects = try result.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    #expect(objects.count == 123, "92 cis_k8s and 31 cis_eks rules")
    #expect(objects.allSatisfy { $0["type"] == "csp-rule-template" })
  }

  @Test func exportWritesTheFilesIntoTheFolder() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try await runKSPMBeat(["export", "rule-templates", "--output", folder.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("wrote 123 rule templates"))
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(files.count == 123)
    #expect(files.contains("c444d9e3-d3de-5598-90e7-95a922b51664.json"))
  }

  @Test func buildWritesTheZipAndPrintsItsPath() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try await runKSPMBeat([
      "package", "build", "--repository", Self.repository.path, "--output", folder.path,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(path.hasPrefix(folder.path + "/cloud_security_posture-") && path.hasSuffix(".zip"))
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(bytes.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]), "a zip archive")
  }

  @Test func buildOutsideACheckoutExitsTwoWithTheReason() async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try await runKSPMBeat(["package", "build", "--repository", folder.path, "--output", folder.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("package/manifest.yml: cannot be read"), "\(result.stderr)")
  }
}
