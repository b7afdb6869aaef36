# syntax=docker/dockerfile:1
# linkerd-policy-webhook image: a Swift build stage, then a slim Debian runtime holding only
# OpenSSL, the CA certificates and the binary, running as a non-root user.
#
#   docker build -t REGISTRY/linkerd-policy-webhook:TAG .
#
# The build and runtime stages share a Debian release (bookworm), so the binary links against
# the same glibc and OpenSSL 3 it runs with. The runtime needs glibc 2.36 or newer (bookworm or
# later): the release link packs relocations (DT_RELR, Package.swift).

ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
# Unpinned on purpose: Debian's security updates within the release should reach each build.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies in their own layer, so source edits do not refetch them; the versions are
# the committed Package.resolved (reviewed pins, not re-resolved at each build).
COPY Package.swift Package.resolved ./
RUN swift package resolve --force-resolved-versions
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product linkerd-policy-webhook --static-swift-stdlib \
 && install -D "$(swift build -c release --show-bin-path)/linkerd-policy-webhook" \
      /out/linkerd-policy-webhook

FROM ${RUNTIME_IMAGE}
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl3 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/linkerd-policy-webhook /usr/local/bin/linkerd-policy-webhook
# The Swift runtime is linked in statically; libstdc++6 and libgcc-s1 are already in the base
# image (apt needs them). Running the binary here fails the build if a library is missing.
RUN /usr/local/bin/linkerd-policy-webhook --help > /dev/null
# 65532 is the conventional "nonroot" UID/GID; the chart's securityContext uses the same.
USER 65532:65532
EXPOSE 9443 9990
ENTRYPOINT ["/usr/local/bin/linkerd-policy-webhook"]
CMD ["serve"]
