# trustpage in a container, for CI systems that run jobs in images (GitLab CI, Woodpecker,
# Drone, Jenkins agents): `docker build -t trustpage .`, then
# `docker run --rm -v "$PWD:/site" trustpage check /site`.
# The final image is Debian slim with the binary, git (for `trustpage diff` between revisions)
# and CA certificates (for `check --external`), and runs as an unprivileged user. git trusts
# any checkout mounted into it, whoever owns it (CI runners mount as their own user).

FROM rust:1.95-slim-trixie AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
    && strip target/release/trustpage

FROM debian:trixie-slim
# Debian's security updates replace package versions, so a pinned version would stop the image
# from building within weeks; the base image's tag pins the release instead.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates git \
    && rm -rf /var/lib/apt/lists/* \
    && git config --system --add safe.directory '*' \
    && useradd --create-home --uid 10001 --user-group --shell /usr/sbin/nologin trustpage
COPY --from=build /src/target/release/trustpage /usr/local/bin/trustpage
USER 10001:10001
WORKDIR /site
ENTRYPOINT ["trustpage"]
CMD ["--help"]
