#!/usr/bin/env bash
# Prepares the sandbox's Kubernetes 1.20 control plane binaries (kube-apiserver, kube-controller-manager,
# kube-scheduler) built from Debian bookworm's `kubernetes` source package, plus etcd from `etcd-server`.
#
#   scripts/kube/prepare.sh            verify the cache, build only when it is missing or wrong
#   scripts/kube/prepare.sh --rebuild  build from nothing (the scheduled check of the cold path)
#
# Cache: ${XDG_CACHE_HOME:-~/.cache}/winshift/kube-1.20.2/ (binaries, SHA256SUMS, VERSION). Every run
# checks the hashes and the version each binary reports. WINSHIFT_KUBE_BIN_DIR points at existing
# binaries instead (machines that are not Debian): they are checked, never built.
# Why Debian's source package and these steps: docs/adr/0003-kubernetes-1.20-control-plane.md.
set -euo pipefail

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/winshift"
bin_dir="$cache_root/kube-1.20.2"
build_dir="$cache_root/build"
apt_dir="$cache_root/apt"
components=(kube-apiserver kube-controller-manager kube-scheduler)
# Build: golang-go rsync jq reflect2 dpkg-dev (apt-get source); run: etcd-server, openssl (certificates).
build_packages=(golang-go etcd-server etcd-client rsync jq golang-github-modern-go-reflect2-dev dpkg-dev openssl)
reflect2_dir=/usr/share/gocode/src/github.com/modern-go/reflect2

log() { echo "kube-prepare: $*" >&2; }
fail() {
  echo "kube-prepare: ERROR: $*" >&2
  exit 1
}

# Prints the version a component reports (`Kubernetes v1.20.2`), or nothing.
reported_version() {
  "$1" --version 2>/dev/null | sed -n 's/^Kubernetes \(v[0-9.]*\).*/\1/p' | head -n1
}

# True when every component in $1 exists and reports a 1.20 version; with a SHA256SUMS file, hashes match.
binaries_ok() {
  local dir=$1 c v first=""
  for c in "${components[@]}"; do
    [ -x "$dir/$c" ] || { log "$dir/$c is missing"; return 1; }
  done
  if [ -f "$dir/SHA256SUMS" ]; then
    (cd "$dir" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1) || { log "hash mismatch in $dir"; return 1; }
  elif [ "$dir" = "$bin_dir" ]; then
    log "$dir/SHA256SUMS is missing"
    return 1
  fi
  for c in "${components[@]}"; do
    v=$(reported_version "$dir/$c")
    case "$v" in
      v1.20.*) ;;
      *) log "$dir/$c reports '${v:-no version}', expected v1.20.*"; return 1 ;;
    esac
    first=${first:-$v}
    [ "$v" = "$first" ] || { log "$dir/$c reports $v, the others $first"; return 1; }
  done
  if [ -f "$dir/VERSION" ] && [ "$(cat "$dir/VERSION")" != "$first" ]; then
    log "$dir/VERSION says $(cat "$dir/VERSION"), binaries report $first"
    return 1
  fi
  return 0
}

etcd_ok() {
  local etcd
  etcd=$(command -v etcd || true)
  [ -n "${WINSHIFT_KUBE_BIN_DIR:-}" ] && [ -x "$WINSHIFT_KUBE_BIN_DIR/etcd" ] && etcd="$WINSHIFT_KUBE_BIN_DIR/etcd"
  [ -n "$etcd" ] && "$etcd" --version >/dev/null 2>&1
}

install_packages() {
  local missing=() p
  for p in "${build_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    fail "missing packages: ${missing[*]}. Install them: sudo apt-get install -y ${missing[*]}"
  fi
  log "installing ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
    log "apt-get install failed; refreshing the package lists and retrying"
    apt-get update >&2 || fail "apt-get update failed: check the network access to the Debian mirror"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
      fail "could not install: ${missing[*]} (run: apt-get install ${missing[*]})"
  fi
}

# A private apt configuration with deb-src entries for the Debian suites already configured, so the
# system's sources stay untouched.
private_apt() {
  local codename
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ "$codename" = bookworm ] ||
    fail "Debian bookworm is required to build from its source package (found '${codename:-unknown}'); elsewhere set WINSHIFT_KUBE_BIN_DIR to a folder holding ${components[*]} 1.20 and etcd"
  mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial"
  : >"$apt_dir/sources.list"
  if [ -f /etc/apt/sources.list ]; then
    awk -v c="$codename" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ "^" c) { sub(/^deb/, "deb-src"); print; break } }' \
      /etc/apt/sources.list >>"$apt_dir/sources.list"
  fi
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 stanzas: keep enabled `deb` stanzas whose suites are this release's, as deb-src.
    awk -v c="$codename" '
      function flush() { if (keep && !disabled) { print stanza } stanza = ""; keep = 0; types = 0; disabled = 0 }
      /^[[:space:]]*$/ { flush(); next }
      /^#/ { next }
      /^Types:/ { if ($0 ~ /[[:space:]]deb([[:space:]]|$)/) types = 1; stanza = stanza "Types: deb-src\n"; next }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i ~ "^" c) keep = types; stanza = stanza $0 "\n"; next }
      /^Enabled:[[:space:]]*no/ { disabled = 1 }
      { stanza = stanza $0 "\n" }
      END { flush() }
    ' "$f" >"$apt_dir/sources.list.d/$(basename "$f")"
  done
  grep -qs 'deb-src' "$apt_dir/sources.list" "$apt_dir"/sources.list.d/*.sources ||
    fail "no Debian $codename entry found in /etc/apt/sources.list or /etc/apt/sources.list.d/*.sources to derive a deb-src line from"
  apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
    -o "Dir::State::Lists=$apt_dir/lists" -o "APT::Sandbox::User=root")
  log "updating the private deb-src package lists in $apt_dir"
  apt-get "${apt_opts[@]}" update >&2 || fail "apt-get update (deb-src) failed: check the network access to the Debian mirror"
}

fetch_source() {
  local version
  version=$(apt-cache "${apt_opts[@]}" showsrc kubernetes 2>/dev/null | sed -n 's/^Version: //p' | grep -E '^1\.20\.' | sort -V | tail -n1 || true)
  [ -n "$version" ] || fail "no bookworm 1.20.* revision of the 'kubernetes' source package found on the configured mirror"
  log "fetching kubernetes=$version source"
  rm -rf "$build_dir"
  mkdir -p "$build_dir"
  (cd "$build_dir" && apt-get "${apt_opts[@]}" source "kubernetes=$version" >&2) ||
    fail "apt-get source kubernetes=$version failed (it needs dpkg-dev: apt-get install dpkg-dev)"
  src_dir=$(find "$build_dir" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -n1)
  [ -n "$src_dir" ] || fail "the kubernetes source did not unpack in $build_dir"
}

build() {
  [ -d "$reflect2_dir" ] || fail "$reflect2_dir is missing: apt-get install golang-github-modern-go-reflect2-dev"
  command -v go >/dev/null || fail "go is missing: apt-get install golang-go"
  # The vendored reflect2 1.0.1 makes the API server crash under Go >= 1.18: use Debian's 1.0.2.
  local vendored="$src_dir/vendor/github.com/modern-go/reflect2"
  [ -d "$vendored" ] || fail "$vendored not found in the source package"
  find "$vendored" -maxdepth 1 -name '*.go' -delete
  find "$reflect2_dir" -maxdepth 1 -name '*.go' ! -name '*_test.go' -exec cp {} "$vendored/" \;
  local git_version=v1.20.2
  case "$(basename "$src_dir")" in *really*) git_version="v$(basename "$src_dir" | sed 's/.*really//')" ;; esac
  log "building ${components[*]} ($git_version) in $src_dir; this takes about 4 minutes on 2 cores"
  local what="" c
  for c in "${components[@]}"; do what="$what cmd/$c"; done
  (cd "$src_dir" && env CGO_ENABLED=0 GOPROXY=off GOFLAGS= GO111MODULE=off GOCACHE="$build_dir/gocache" \
    KUBE_GIT_VERSION="$git_version" KUBE_GIT_TREE_STATE=clean KUBE_GIT_COMMIT=debian \
    make WHAT="${what# }" >&2) || fail "the build failed (see the output above); it needs golang-go, rsync and jq"
  local out="$src_dir/_output/bin"
  [ -x "$out/kube-apiserver" ] || out="$src_dir/_output/local/bin/linux/amd64"
  local staging="$cache_root/kube-1.20.2.new"
  rm -rf "$staging"
  mkdir -p "$staging"
  for c in "${components[@]}"; do cp "$out/$c" "$staging/$c"; done
  (cd "$staging" && sha256sum "${components[@]}" >SHA256SUMS)
  reported_version "$staging/kube-apiserver" >"$staging/VERSION"
  binaries_ok "$staging" || fail "the freshly built binaries failed verification"
  rm -rf "$bin_dir"
  mv "$staging" "$bin_dir"
  rm -rf "$build_dir"
}

main() {
  local rebuild=0
  [ "${1:-}" = "--rebuild" ] && rebuild=1
  if [ -n "${WINSHIFT_KUBE_BIN_DIR:-}" ]; then
    binaries_ok "$WINSHIFT_KUBE_BIN_DIR" || fail "WINSHIFT_KUBE_BIN_DIR=$WINSHIFT_KUBE_BIN_DIR must hold ${components[*]} reporting v1.20.*"
    etcd_ok || fail "etcd not found on PATH or in WINSHIFT_KUBE_BIN_DIR (Debian: apt-get install etcd-server)"
    command -v openssl >/dev/null || fail "openssl is missing (Debian: apt-get install openssl)"
    log "using $WINSHIFT_KUBE_BIN_DIR"
    echo "$WINSHIFT_KUBE_BIN_DIR"
    return 0
  fi
  mkdir -p "$cache_root"
  exec 9>"$cache_root/prepare.lock"
  flock 9
  if [ "$rebuild" -eq 0 ] && binaries_ok "$bin_dir" && etcd_ok && command -v openssl >/dev/null; then
    log "cached binaries verified in $bin_dir ($(cat "$bin_dir/VERSION"))"
    echo "$bin_dir"
    return 0
  fi
  local started=$SECONDS
  install_packages
  if [ "$rebuild" -eq 1 ] || ! binaries_ok "$bin_dir"; then
    private_apt
    fetch_source
    build
  fi
  etcd_ok || fail "etcd does not run: apt-get install etcd-server"
  command -v openssl >/dev/null || fail "openssl is missing: apt-get install openssl"
  log "ready in $bin_dir ($(cat "$bin_dir/VERSION")) after $((SECONDS - started)) s"
  echo "$bin_dir"
}

main "$@"
