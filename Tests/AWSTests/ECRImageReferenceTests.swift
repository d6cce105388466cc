import AWS
import Testing

@Suite struct ECRImageReferenceTests {
  static let account = "123456789012"

  @Test(arguments: [
    ("123456789012.dkr.ecr.us-east-1.amazonaws.com/app", "us-east-1", "app"),
    ("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2.3", "us-east-1", "app"),
    ("123456789012.dkr.ecr.eu-west-2.amazonaws.com/app@sha256:0123abcd", "eu-west-2", "app"),
    ("123456789012.dkr.ecr.eu-west-2.amazonaws.com/app:v1@sha256:0123abcd", "eu-west-2", "app"),
    ("123456789012.dkr.ecr.ap-south-1.amazonaws.com/team/sub/app:latest", "ap-south-1", "team/sub/app"),
    ("123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/a.b_c-d", "us-gov-west-1", "a.b_c-d"),
    ("123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM/app", "us-east-1", "app"),
    ("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1", "cn-north-1", "app"),
  ])
  func imagesInTheAccountsRegistry(_ image: String, _ region: String, _ repository: String) {
    #expect(
      ECRImageReference(image: image, account: Self.account)
        == ECRImageReference(region: region, repositoryName: repository))
  }

  @Test(arguments: [
    // Other accounts, other registries.
    "210987654321.dkr.ecr.us-east-1.amazonaws.com/app", "1234567890123.dkr.ecr.us-east-1.amazonaws.com/app",
    "x123456789012.dkr.ecr.us-east-1.amazonaws.com/app", "public.ecr.aws/eks-distro/kubernetes/pause:3.9",
    "nginx:1.25", "docker.io/library/nginx", "registry.k8s.io/pause:3.9", "ghcr.io/123456789012/app",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example/app",
    "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/app",
    // Not valid references.
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/App", "123456789012.dkr.ecr.us-east-1.amazonaws.com/",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/team//app", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app/",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/-app", "123456789012.dkr.ecr.us-east-1.amazonaws.com/a..b",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/a b", "123456789012.dkr.ecr.us-east-1.amazonaws.com/x",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com:443/app", "123456789012.dkr.ecr..amazonaws.com/app",
    "123456789012.dkr.ecr.us_east.amazonaws.com/app", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1/x",
    "", "/", "123456789012", "123456789012.dkr.ecr.us-east-1.amazonaws.com/ä",
  ])
  func otherImages(_ image: String) {
    #expect(ECRImageReference(image: image, account: Self.account) == nil)
  }

  @Test func anEmptyAccountMatchesNothing() {
    #expect(ECRImageReference(image: ".dkr.ecr.us-east-1.amazonaws.com/app", account: "") == nil)
  }

  @Test func imagesAreGroupedByRegionEachRepositoryOnce() {
    let images = [
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/bb:1", "123456789012.dkr.ecr.us-east-1.amazonaws.com/aa:2",
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/bb@sha256:ff", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/bb",
      "nginx", "210987654321.dkr.ecr.us-east-1.amazonaws.com/cc",
    ]
    #expect(
      ECRImageReference.repositoriesByRegion(images: images, account: Self.account)
        == ["us-east-1": ["aa", "bb"], "eu-west-1": ["bb"]])
  }
}
