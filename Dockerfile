# lmarena2api: build with the Swift toolchain, run on a slim image with libxml2.
# Not built on the project's machines (they have no Docker engine); see the README.
ARG SWIFT_VERSION=6.3

FROM swift:${SWIFT_VERSION}-noble AS build
RUN apt-get update && apt-get install -y --no-install-recommends libxml2-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product lmarena2api --static-swift-stdlib \
 && mkdir /out \
 && bin="$(swift build -c release --show-bin-path)" \
 && cp "$bin/lmarena2api" /out/ \
 && cp -R "$bin/lmarena2api_Proxy.resources" /out/

FROM ubuntu:noble
RUN apt-get update && apt-get install -y --no-install-recommends libxml2 ca-certificates tzdata && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/ /app/
COPY fixtures /app/fixtures
ENV PORT=10088
# The state database (sessions' rotated cookies, the last catalogue): the path the Go project's compose file mounts.
ENV DATA_DIR=/app/lmarena2api/data
VOLUME /app/lmarena2api/data
EXPOSE 10088
ENTRYPOINT ["/app/lmarena2api"]
CMD ["serve"]
