#!/usr/bin/env bash
# npm run blender:get -- 4.3|5.2
#
# Makes a newer Blender from Debian's own archive runnable on this machine: a minimal
# Debian root (debootstrap --variant=minbase) with the `blender` package and the GL
# libraries headless rendering needs (only Recommends of blender, so named here), cached
# outside the repo and reused when present. Prints the path of a launcher that behaves
# like a `blender` executable (pass it as --blender or BLENDER): it runs the root's
# Blender under bubblewrap, with the root's /usr and /etc over this machine's and
# everything else (files, display, sockets, /tmp) this machine's own.
#
# Needs root (debootstrap and the package install); the launcher runs as any user.
# Where: $BLENDER_AGENT_CACHE, else $XDG_CACHE_HOME/blender-agent, else ~/.cache/blender-agent.
# Remove a version by deleting its folder, blender-<version>, there.
set -euo pipefail

usage() { echo "usage: npm run blender:get -- 4.3|5.2   (Blender 4.3 from Debian 13 trixie, 5.2 from Debian sid)" >&2; }
[ $# -eq 1 ] || { usage; exit 2; }
version=$1
case "$version" in
  4.3) suite=trixie ;;
  5.2) suite=sid ;;
  -h|--help) usage; exit 0 ;;
  *) echo "blender:get: no recipe for Blender '$version'" >&2; usage; exit 2 ;;
esac

cache=${BLENDER_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/blender-agent}
dir=$cache/blender-$version
root=$dir/root
launcher=$dir/blender
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# This machine's own users, names and time zone, seen by the root's Blender.
host_etc="passwd group hosts resolv.conf localtime"
# blender's Recommends that Workbench/EEVEE (surfaceless EGL) and the viewport need.
gl_libraries="libegl1 libegl-mesa0 libgl1-mesa-dri libgl1 libopengl0 libglx-mesa0"
# 5.x's bundled extensions add-on imports these at start (and logs their absence).
extras="python3-cattr python3-requests"

if [ -x "$launcher" ] && [ -e "$root/.complete" ]; then echo "$launcher"; exit 0; fi

for tool in debootstrap bwrap flock; do
  command -v "$tool" >/dev/null || {
    echo "blender:get: '$tool' is missing: apt-get install -y debootstrap bubblewrap util-linux" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || {
  echo "blender:get: making the root needs root (debootstrap): run it with sudo, with BLENDER_AGENT_CACHE set to" \
    "where it should go; the launcher it makes runs as any user" >&2; exit 1; }

mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9   # another blender:get of this version finishes first; then its root is reused
if [ -x "$launcher" ] && [ -e "$root/.complete" ]; then echo "$launcher"; exit 0; fi

log=$dir/build.log
partial=$dir/root.partial
rm -rf "$partial" "$root" "$launcher"
started=$(date +%s)
fail() { echo "blender:get: $1 failed; the last lines of $log:" >&2; tail -n 15 "$log" >&2; exit 1; }
echo "blender:get: Blender $version from Debian $suite into $dir (about 1.3 GB, a minute or two)" >&2
debootstrap --variant=minbase "$suite" "$partial" "$mirror" >"$log" 2>&1 || fail "debootstrap $suite"

# Inside the new root: bwrap rather than chroot, so nothing stays mounted if this is interrupted.
in_root() {
  bwrap --bind "$partial" / --proc /proc --dev /dev --perms 1777 --tmpfs /tmp \
    --ro-bind /etc/resolv.conf /etc/resolv.conf --setenv DEBIAN_FRONTEND noninteractive -- "$@"
}
# No apt-get update: debootstrap has just fetched and verified the suite's package lists.
# shellcheck disable=SC2086
in_root apt-get install -y -q --no-install-recommends blender $gl_libraries $extras >>"$log" 2>&1 ||
  fail "apt-get install blender in the root"
in_root apt-get clean >>"$log" 2>&1
rm -rf "$partial"/var/lib/apt/lists/*

got=$(in_root /usr/bin/blender --version 2>>"$log" | head -n 1)
case "$got" in
  "Blender $version".*) ;;
  *) echo "blender:get: Debian $suite now has '$got', not Blender $version" >&2; exit 1 ;;
esac
# The launcher binds this machine's copies of these over the root's: each needs a file to land on.
for name in $host_etc; do
  target=$partial/etc/$name
  if [ -L "$target" ]; then rm "$target"; fi   # a link would point into this machine's /usr while building
  [ -e "$target" ] || : >"$target"
done
touch "$partial/.complete"
mv "$partial" "$root"

cat >"$launcher" <<LAUNCHER
#!/bin/sh
# $got from Debian $suite (made by npm run blender:get -- $version). Runs like blender:
# the root's /usr and /etc over this machine's, this machine's files, display and /tmp.
root='$root'
exec bwrap --dev-bind / / --ro-bind "\$root/usr" /usr --ro-bind "\$root/etc" /etc \\
  $(for name in $host_etc; do printf -- '--ro-bind-try /etc/%s /etc/%s ' "$name" "$name"; done)\\
  --die-with-parent -- /usr/bin/blender "\$@"
LAUNCHER
chmod 755 "$launcher"
echo "blender:get: $got ready in $(($(date +%s) - started)) s, $(du -sh "$dir" | cut -f1) on disk" >&2
echo "$launcher"
