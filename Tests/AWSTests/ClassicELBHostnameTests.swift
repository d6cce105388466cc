import AWS
import Testing

@Suite struct ClassicELBHostnameTests {
  @Test(arguments: [
    ("a1b2c3d4e5f6-1234567890.us-east-1.elb.amazonaws.com", "a1b2c3d4e5f6", "us-east-1"),
    ("my-web-lb-42.eu-west-1.elb.amazonaws.com", "my-web-lb", "eu-west-1"),
    ("internal-my-lb-1234567890.us-west-2.elb.amazonaws.com", "my-lb", "us-west-2"),
    ("Internal-MyLB-1.US-WEST-2.ELB.AMAZONAWS.COM.", "MyLB", "us-west-2"),
    ("lb-7.cn-north-1.elb.amazonaws.com.cn", "lb", "cn-north-1"),
  ])
  func classicHostnames(_ hostname: String, _ name: String, _ region: String) {
    #expect(ClassicELBHostname(hostname: hostname) == ClassicELBHostname(name: name, region: region))
  }

  @Test(arguments: [
    // Network load balancers.
    "my-nlb-0123456789abcdef.elb.us-east-1.amazonaws.com",
    "k8s-default-web-1a2b3c4d5e-0123456789abcdef.elb.eu-west-1.amazonaws.com",
    // Not load balancers, or not the classic form.
    "example.com", "my-lb-123.us-east-1.elb.amazonaws.com.evil.example", "my-lb.us-east-1.elb.amazonaws.com",
    "my-lb-12a.us-east-1.elb.amazonaws.com", "-123.us-east-1.elb.amazonaws.com",
    "internal--123.us-east-1.elb.amazonaws.com",
    "x.my-lb-123.us-east-1.elb.amazonaws.com", "my-lb-123.elb.amazonaws.com", "my_lb-123.us-east-1.elb.amazonaws.com",
    "a234567890123456789012345678901234-1.us-east-1.elb.amazonaws.com", "", ".elb.amazonaws.com",
    "my-lb-123.us east.elb.amazonaws.com",
  ])
  func otherHostnames(_ hostname: String) {
    #expect(ClassicELBHostname(hostname: hostname) == nil)
  }

  @Test func loadBalancersAreGroupedByRegionEachNameOnce() {
    let hostnames = [
      "b-1.us-east-1.elb.amazonaws.com", "internal-a-2.us-east-1.elb.amazonaws.com", "b-1.us-east-1.elb.amazonaws.com",
      "c-3.eu-west-1.elb.amazonaws.com", "n-ab12.elb.us-east-1.amazonaws.com",
    ]
    #expect(
      ClassicELBHostname.loadBalancersByRegion(hostnames: hostnames) == ["us-east-1": ["a", "b"], "eu-west-1": ["c"]])
  }
}
