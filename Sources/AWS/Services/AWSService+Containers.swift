extension AWSService {
  /// Amazon Elastic Kubernetes Service (rest-json, `2017-11-01`): `eks.<region>.amazonaws.com`,
  /// signing name `eks`.
  public static let eks = AWSService(
    endpointPrefix: "eks", signingName: "eks", wireProtocol: .restJSON, apiVersion: "2017-11-01")

  /// Amazon Elastic Container Registry (JSON 1.1, `2015-09-21`): `api.ecr.<region>.amazonaws.com`,
  /// signing name `ecr`, target prefix `AmazonEC2ContainerRegistry_V20150921`.
  public static let ecr = AWSService(
    endpointPrefix: "api.ecr", signingName: "ecr",
    wireProtocol: .json11(targetPrefix: "AmazonEC2ContainerRegistry_V20150921"), apiVersion: "2015-09-21")

  /// Classic Elastic Load Balancing (query, `2012-06-01`):
  /// `elasticloadbalancing.<region>.amazonaws.com`, signing name `elasticloadbalancing`.
  public static let elb = AWSService(
    endpointPrefix: "elasticloadbalancing", signingName: "elasticloadbalancing", wireProtocol: .query,
    apiVersion: "2012-06-01")
}
