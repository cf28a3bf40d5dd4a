#!/usr/bin/env bash
# Builds a JRE 21 base image from Debian packages, for machines that cannot pull images
# from a registry. The ERP's Dockerfile takes it as BASE_IMAGE; Testcontainers' start-up
# check gets it under the name it asks for.
#
#   scripts/build-base-image.sh [image-name]     (default: latticeshop/jre21-base:trixie)
set -euo pipefail

image="${1:-latticeshop/jre21-base:trixie}"
suite="trixie"   # the first Debian release whose default JRE is 21

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image $image already present"
else
  command -v debootstrap >/dev/null || { echo "debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
  mirror="$("$(dirname "$0")/debian-mirror.sh")"
  root="$(mktemp -d)"
  trap 'rm -rf "$root"' EXIT
  echo "debootstrap $suite from the machine's Debian archive into $root"
  # An older host debootstrap may not know the suite by name; trixie bootstraps like sid.
  script="/usr/share/debootstrap/scripts/$suite"
  [ -e "$script" ] || script="/usr/share/debootstrap/scripts/sid"
  debootstrap --variant=minbase --include=openjdk-21-jre-headless "$suite" "$root" "$mirror" "$script" >/tmp/debootstrap.log 2>&1 \
    || { tail -n 30 /tmp/debootstrap.log >&2; exit 1; }
  # Nothing in the image needs package lists, docs or locales at run time.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
    "$root"/usr/share/locale/*
  tar -C "$root" -c . | docker import \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-21-openjdk-amd64' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/sh"]' - "$image"
  echo "built $image"
fi

# Testcontainers runs a throw-away alpine:3.17 container to check the daemon; any image
# with a POSIX shell will do, and none can be pulled here.
if ! docker image inspect alpine:3.17 >/dev/null 2>&1; then
  docker tag "$image" alpine:3.17
fi
