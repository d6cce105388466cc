import AWS
import KSPMCore
import TestSupport
import Testing

@Suite struct ELBClientTests {
  /// A `LoadBalancerDescriptions` member with an HTTP listener and nothing else.
  static func member(_ name: String) -> String {
    """
    <member><LoadBalancerName>\(name)</LoadBalancerName><ListenerDescriptions><member><Listener>\
    <Protocol>HTTP</Protocol><LoadBalancerPort>80</LoadBalancerPort><InstanceProtocol>HTTP</InstanceProtocol>\
    <InstancePort>8080</InstancePort></Listener><PolicyNames/></member></ListenerDescriptions></member>
    """
  }

  static func page(_ members: [String], nextMarker: String? = nil) -> ScriptedHTTPServer.Response {
    .init(
      status: 200, headers: [("Content-Type", "text/xml")],
      text: """
        <DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/">\
        <DescribeLoadBalancersResult><LoadBalancerDescriptions>\(members.joined())</LoadBalancerDescriptions>\
        \(nextMarker.map { "<NextMarker>\($0)</NextMarker>" } ?? "")</DescribeLoadBalancersResult>\
        <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></DescribeLoadBalancersResponse>
        """)
  }

  /// The names of `LoadBalancerNames.member.N`, in order of N.
  static func askedNames(_ request: ScriptedHTTPServer.Request) -> [String] {
    let parameters = formParameters(request)
    var names: [String] = []
    while let name = parameters["LoadBalancerNames.member.\(names.count + 1)"] { names.append(name) }
    return names
  }

  @Test func asksEachNameOnceInBatchesOfAtMostTwentyAndFollowsNextMarker() async throws {
    let names = (0..<25).map { "lb-\($0)" }
    let asked = names + ["lb-0", "lb-24", "lb-7"]
    let responses = [
      Self.page(names[0..<12].map(Self.member), nextMarker: "lb-11"), Self.page(names[12..<20].map(Self.member)),
      Self.page(names[20..<25].map(Self.member)),
    ]
    try await withScriptedAWS(responses) { server, client in
      let result = try await ELBClient(client: client).describeLoadBalancers(names: asked)
      #expect(strings(result.items, "LoadBalancerName") == names)
      #expect(result.notFound.isEmpty && result.failures.isEmpty)
      let requests = server.requests
      try #require(requests.count == 3)
      #expect(requests.map(Self.askedNames) == [Array(names[0..<20]), Array(names[0..<20]), Array(names[20..<25])])
      let parameters = requests.map(formParameters)
      #expect(parameters.map { $0["Marker"] } == [nil, "lb-11", nil])
      #expect(parameters.allSatisfy { $0["Action"] == "DescribeLoadBalancers" && $0["Version"] == "2012-06-01" })
      #expect(requests.allSatisfy { signingScope($0)?.service == "elasticloadbalancing" })
    }
  }

  @Test(arguments: ["LoadBalancerNotFound", "AccessPointNotFound"])
  func anUnknownNameDoesNotHideTheOthers(_ code: String) async throws {
    let responses = [
      queryError(code), Self.page([Self.member("a")]), queryError(code), queryError("ValidationError"),
      Self.page([Self.member("b")]),
    ]
    try await withScriptedAWS(responses) { server, client in
      let result = try await ELBClient(client: client).describeLoadBalancers(names: ["a", "gone", "bad-", "b"])
      #expect(strings(result.items, "LoadBalancerName") == ["a", "b"])
      #expect(result.notFound == ["gone"])
      #expect(result.failures.map(\.name) == ["bad-"])
      #expect(result.failures.first?.error.code == "ValidationError")
      #expect(server.requests.map(Self.askedNames) == [["a", "gone", "bad-", "b"], ["a"], ["gone"], ["bad-"], ["b"]])
    }
  }

  @Test func throttlingIsRetried() async throws {
    let responses = [
      queryError("Throttling"), queryError("ServiceUnavailable", status: 503), Self.page([Self.member("a")]),
    ]
    try await withScriptedAWS(responses) { server, client in
      let result = try await ELBClient(client: client).describeLoadBalancers(names: ["a"])
      #expect(strings(result.items, "LoadBalancerName") == ["a"])
      #expect(server.requests.count == 3)
    }
  }

  @Test func refusedCredentialsFailTheCallInsteadOfEveryName() async throws {
    try await withScriptedAWS([queryError("InvalidClientTokenId", status: 403)]) { server, client in
      let error = await #expect(throws: AWSError.self) {
        try await ELBClient(client: client).describeLoadBalancers(names: ["a", "b"])
      }
      #expect(error?.code == "InvalidClientTokenId")
      #expect(server.requests.count == 1)
    }
  }

  @Test func descriptionsComeInTheGoSDKShape() async throws {
    let xml = """
      <member>
        <LoadBalancerName>web</LoadBalancerName>
        <DNSName>web-123.eu-west-1.elb.amazonaws.com</DNSName>
        <CanonicalHostedZoneNameID>Z32O12XQLNTSW2</CanonicalHostedZoneNameID>
        <Scheme>internet-facing</Scheme>
        <VPCId>vpc-1</VPCId>
        <CreatedTime>2024-03-01T10:20:30.000Z</CreatedTime>
        <ListenerDescriptions>
          <member>
            <Listener><Protocol>HTTPS</Protocol><LoadBalancerPort>443</LoadBalancerPort>
              <InstanceProtocol>HTTPS</InstanceProtocol><InstancePort>8443</InstancePort>
              <SSLCertificateId>arn:aws:acm:eu-west-1:123456789012:certificate/c</SSLCertificateId></Listener>
            <PolicyNames><member>ELBSecurityPolicy-2016-08</member></PolicyNames>
          </member>
          <member>
            <Listener><Protocol>HTTP</Protocol><LoadBalancerPort>80</LoadBalancerPort>
              <InstanceProtocol>HTTP</InstanceProtocol><InstancePort>8080</InstancePort></Listener>
            <PolicyNames/>
          </member>
        </ListenerDescriptions>
        <Instances><member><InstanceId>i-1</InstanceId></member></Instances>
        <AvailabilityZones><member>eu-west-1a</member><member>eu-west-1b</member></AvailabilityZones>
        <Subnets/>
        <SecurityGroups><member>sg-1</member></SecurityGroups>
        <SourceSecurityGroup><OwnerAlias>amazon-elb</OwnerAlias><GroupName>default</GroupName></SourceSecurityGroup>
        <HealthCheck><Target>HTTP:8080/</Target><Interval>30</Interval><Timeout>5</Timeout>
          <UnhealthyThreshold>2</UnhealthyThreshold><HealthyThreshold>10</HealthyThreshold></HealthCheck>
        <BackendServerDescriptions/>
        <Policies><AppCookieStickinessPolicies/><LBCookieStickinessPolicies><member>
          <PolicyName>p</PolicyName><CookieExpirationPeriod>60</CookieExpirationPeriod></member>
          </LBCookieStickinessPolicies><OtherPolicies><member>ELBSecurityPolicy-2016-08</member></OtherPolicies></Policies>
      </member>
      """
    try await withScriptedAWS([Self.page([xml])], region: "eu-west-1") { server, client in
      let result = try await ELBClient(client: client).describeLoadBalancers(names: ["web"])
      let expected: JSONValue = [
        "LoadBalancerName": "web", "DNSName": "web-123.eu-west-1.elb.amazonaws.com",
        "CanonicalHostedZoneNameID": "Z32O12XQLNTSW2", "Scheme": "internet-facing", "VPCId": "vpc-1",
        "CreatedTime": "2024-03-01T10:20:30Z",
        "ListenerDescriptions": [
          [
            "Listener": [
              "Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTPS", "InstancePort": 8443,
              "SSLCertificateId": "arn:aws:acm:eu-west-1:123456789012:certificate/c",
            ],
            "PolicyNames": ["ELBSecurityPolicy-2016-08"],
          ],
          [
            "Listener": [
              "Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 8080,
              "SSLCertificateId": nil,
            ],
            "PolicyNames": [],
          ],
        ],
        "Instances": [["InstanceId": "i-1"]], "AvailabilityZones": ["eu-west-1a", "eu-west-1b"], "Subnets": [],
        "SecurityGroups": ["sg-1"], "SourceSecurityGroup": ["OwnerAlias": "amazon-elb", "GroupName": "default"],
        "HealthCheck": [
          "Target": "HTTP:8080/", "Interval": 30, "Timeout": 5, "UnhealthyThreshold": 2, "HealthyThreshold": 10,
        ],
        "BackendServerDescriptions": [],
        "Policies": [
          "AppCookieStickinessPolicies": [],
          "LBCookieStickinessPolicies": [["PolicyName": "p", "CookieExpirationPeriod": 60]],
          "OtherPolicies": ["ELBSecurityPolicy-2016-08"],
        ],
      ]
      #expect(result.items == [expected])
      let scope = try #require(server.requests.first.flatMap(signingScope))
      #expect(scope.region == "eu-west-1")
    }
  }

  /// Without names the API would describe every resource of the region: no call is made.
  @Test func noNamesMakeNoCall() async throws {
    try await withScriptedAWS([]) { server, client in
      let result = try await ELBClient(client: client).describeLoadBalancers(names: [])
      #expect(result == AWSLookupResult())
      #expect(server.requests.isEmpty)
    }
  }
}
