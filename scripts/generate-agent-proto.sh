#!/usr/bin/env bash
# Regenerates Sources/AgentControl/Generated/ from Sources/AgentControl/Proto/elastic_agent_client.proto.
# Needs protoc (`apt-get install -y protobuf-compiler`, which also brings the well-known types under
# /usr/include). Builds the two protoc plugins from the package's own dependencies, runs protoc,
# then formats the output with swift-format so that CI's `swift format lint --strict` passes.
# Not run by .ci/run: the generated code is committed.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product protoc-gen-swift
swift build --product protoc-gen-grpc-swift-2
bin="$(swift build --show-bin-path)"

out=Sources/AgentControl/Generated
rm -f "$out"/*.swift
protoc \
  --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
  --plugin=protoc-gen-grpc-swift-2="$bin/protoc-gen-grpc-swift-2" \
  -I Sources/AgentControl/Proto -I /usr/include \
  --swift_out="$out" --swift_opt=Visibility=Public \
  --grpc-swift-2_out="$out" --grpc-swift-2_opt=Visibility=Public,Server=true,Client=true \
  Sources/AgentControl/Proto/elastic_agent_client.proto
swift format -i -r "$out"
