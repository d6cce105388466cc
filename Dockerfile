# kspmbeat's container image: the binary built with the Swift runtime (and Foundation) linked
# statically, on Debian's slim image with only what the DaemonSet needs (CA certificates; zlib,
# libstdc++ and libgcc, which the binary still links, are part of the base), running as a non-root
# user by default. The stripped binary is about 95 MB.
#
#   docker build -t kspmbeat:0.1.0 .
#   docker run --rm -v "$PWD/k8s:/k8s:ro" kspmbeat:0.1.0 scan --manifests /k8s --format table
#
# See README.md ("Container image") for pushing it and deploy/kubernetes/ for the DaemonSet.

ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Package.swift declares the test targets too, so their folders must exist; only kspmbeat is built.
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY scripts/check-static-binary.sh ./scripts/
RUN swift build -c release --static-swift-stdlib --product kspmbeat \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/kspmbeat" /out/kspmbeat \
 && strip /out/kspmbeat \
 && ./scripts/check-static-binary.sh /out/kspmbeat

FROM ${BASE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libstdc++6 zlib1g \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 kspmbeat \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin kspmbeat
COPY --from=build /out/kspmbeat /usr/local/bin/kspmbeat
# Non-root by default (scans of manifests need nothing more). The DaemonSet runs it as root with
# only DAC_READ_SEARCH and SYS_PTRACE: see deploy/kubernetes/README.md.
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/kspmbeat"]
CMD ["run", "-c", "/etc/kspmbeat/config/kspmbeat.yml"]
