# syntax=docker/dockerfile:1
# Sextant in a container: built with the Swift toolchain image, run on a slim Ubuntu as a
# non-root user, data in a volume, healthy when /ready says so.
#   docker build -t sextant .
#   docker run -p 8080:8080 -v sextant-data:/var/lib/sextant sextant

FROM swift:6.2-noble AS build
WORKDIR /src
# Dependencies first, so that a change to Sextant's sources does not fetch them again.
COPY Package.swift ./
RUN mkdir -p Sources Tests && swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product sextant --static-swift-stdlib \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/sextant" /out/sextant

FROM ubuntu:24.04
# ca-certificates: TLS to Prometheus, Alertmanager peers, Vault and OIDC providers; tzdata:
# schedules and freeze windows in named time zones; curl: the health check.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/sextant --shell /usr/sbin/nologin sextant \
    && install -d -o sextant -g sextant -m 0700 /var/lib/sextant
COPY --from=build /out/sextant /usr/local/bin/sextant
USER 10001:10001
ENV SEXTANT_DATA_DIR=/var/lib/sextant \
    SEXTANT_HOST=0.0.0.0 \
    SEXTANT_PORT=8080 \
    SEXTANT_LOG_FORMAT=json
VOLUME ["/var/lib/sextant"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/ready"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/sextant"]
CMD ["serve"]
