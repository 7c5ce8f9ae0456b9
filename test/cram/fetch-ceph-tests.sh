#!/bin/sh
# Fetches Ceph's cram test inputs (reef, 18.2.7) from Debian's source tarball, checks its sha256
# and extracts src/test/cli/{crushtool,osdmaptool}/ into DEST (default: ./ceph-cli-18.2.7).
# The binary maps under test/cram/crushtool*/ were copied from there; this makes that reproducible.
set -eu
URL=http://deb.debian.org/debian/pool/main/c/ceph/ceph_18.2.7+ds.orig.tar.xz
SHA256=71c0795fa0d6312ec7b57dee4031559b7e62e086a78e6ae1ad8549e0b351e28f
DEST=${1:-ceph-cli-18.2.7}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
curl -fsSL -o "$TMP/ceph.tar.xz" "$URL"
echo "$SHA256  $TMP/ceph.tar.xz" | sha256sum -c -
TOP=$(tar -tJf "$TMP/ceph.tar.xz" | head -n 1 | cut -d/ -f1)
tar -xJf "$TMP/ceph.tar.xz" -C "$TMP" "$TOP/src/test/cli/crushtool" "$TOP/src/test/cli/osdmaptool"
mkdir -p "$DEST"
cp -r "$TMP/$TOP/src/test/cli/crushtool" "$TMP/$TOP/src/test/cli/osdmaptool" "$DEST/"
echo "extracted into $DEST/{crushtool,osdmaptool}"
