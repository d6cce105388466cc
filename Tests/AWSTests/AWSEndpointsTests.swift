import AWS
import Foundation
import TestSupport
import Testing

/// Where requests go: the standard host names, one override URL for every service, a domain
/// in place of `amazonaws.com`, and what is refused.
@Suite struct AWSEndpointsTests {
  @Test func standardHostsPerService() throws {
    let endpoints = AWSEndpoints()
    #expect(try endpoints.resolve(.sts, region: "eu-west-3").description == "https://sts.eu-west-3.amazonaws.com")
    #expect(try endpoints.resolve(.ec2, region: "cn-north-1").description == "https://ec2.cn-north-1.amazonaws.com.cn")
    let global = try AWSEndpoints(regionalSTS: false).resolve(.sts, region: "eu-west-3")
    #expect(global.host == "sts.amazonaws.com" && global.signingRegion == "us-east-1")
  }

  @Test func oneOverrideURLServesEveryService() throws {
    let endpoints = AWSEndpoints(override: "http://127.0.0.1:4566/aws/")
    for service in [AWSService.sts, .ec2] {
      let endpoint = try endpoints.resolve(service, region: "eu-west-3")
      #expect(
        endpoint == AWSEndpoint(scheme: "http", host: "127.0.0.1:4566", basePath: "/aws", signingRegion: "eu-west-3"))
    }
    #expect(
      try AWSEndpoints(override: "https://vpce.example.com:443").resolve(.sts, region: "us-east-1").host
        == "vpce.example.com")
  }

  @Test func aDomainReplacesAmazonawsCom() throws {
    let endpoint = try AWSEndpoints(override: "example.internal").resolve(.ec2, region: "us-west-2")
    #expect(endpoint.description == "https://ec2.us-west-2.example.internal")
  }

  @Test func badRegionsAndEndpointsAreRefused() {
    #expect(throws: AWSEndpoints.Invalid.self) { try AWSEndpoints().resolve(.sts, region: "evil.com/x") }
    #expect(throws: AWSEndpoints.Invalid.self) { try AWSEndpoints().resolve(.sts, region: "") }
    #expect(throws: AWSEndpoints.Invalid.self) {
      try AWSEndpoints(override: "http://user:pw@host").resolve(.sts, region: "us-east-1")
    }
    #expect(throws: AWSEndpoints.Invalid.self) {
      try AWSEndpoints(override: "ftp://host").resolve(.sts, region: "us-east-1")
    }
  }

  @Test func requestsGoToTheOverrideSignedForTheService() async throws {
    let answer = stsAnswer("GetCallerIdentity", "<Arn>arn:aws:iam::1:user/u</Arn><Account>1</Account>")
    let (request, port) = try await ScriptedHTTPServer.withServer([answer]) { server in
      try await withTransport(endpoint: server.url + "/prefix") { transport in
        let client = AWSClient(
          transport: transport, region: "eu-west-3", credentials: StaticCredentialProvider(testCredentials()))
        _ = try await STSClient(client: client).getCallerIdentity()
        return (try #require(server.requests.first), server.port)
      }
    }
    #expect(request.method == "POST")
    #expect(request.uri == "/prefix/")
    #expect(request.header("Host") == "127.0.0.1:\(port)")
    #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
    #expect(formParameters(request) == ["Action": "GetCallerIdentity", "Version": "2011-06-15"])
    let authorization = try #require(request.header("Authorization"))
    #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
    #expect(authorization.contains("/eu-west-3/sts/aws4_request, SignedHeaders="))
    #expect(request.header("X-Amz-Security-Token") == nil)
  }

  @Test func sessionTokensAreSentAndSigned() async throws {
    let answer = stsAnswer("GetCallerIdentity", "<Arn>arn:aws:iam::1:user/u</Arn><Account>1</Account>")
    let request = try await ScriptedHTTPServer.withServer([answer]) { server in
      try await withTransport(endpoint: server.url) { transport in
        let client = AWSClient(
          transport: transport, region: "us-east-1",
          credentials: StaticCredentialProvider(testCredentials(token: "the-session-token")))
        _ = try await STSClient(client: client).getCallerIdentity()
        return try #require(server.requests.first)
      }
    }
    #expect(request.header("X-Amz-Security-Token") == "the-session-token")
    #expect(request.header("Authorization")?.contains("x-amz-security-token") == true)
  }
}
