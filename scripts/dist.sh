#!/usr/bin/env bash
# Builds the binaries handed to users with the `dist` profile (stripped, LTO), into dist/:
#
#   nianbao-VERSION-x86_64-linux.tar.gz    static (musl): any x86_64 Linux, old glibc or none
#                                          (Kylin, UOS, CentOS 7 …)
#   nianbao-VERSION-aarch64-linux.tar.gz   static (musl): ARM64 Linux (Kylin/UOS on Kunpeng,
#                                          Phytium)
#   nianbao-VERSION-x86_64-windows.zip     Windows 10 and later (x86_64-pc-windows-gnu: Rust's
#                                          standard library needs Windows 10 there)
#
# Usage: scripts/dist.sh [linux-x86_64] [linux-aarch64] [windows]   (default: all three)
#
# What it needs:
#   - rustup (the Rust targets are added when missing), tar, zip;
#   - for the C code of mimalloc (the default allocator) a C compiler for each target:
#       * with cargo-zigbuild on PATH (`cargo install cargo-zigbuild`, and zig), every target is
#         built by `cargo zigbuild`: zig compiles and links for all of them, mimalloc included;
#       * without it, the Linux targets are linked by rust-lld (shipped with Rust, with musl's
#         start files: no C cross-compiler) and built with `--no-default-features` (the system
#         allocator: about a tenth slower on large inboxes, bench/check.sh), and the Windows
#         target needs mingw-w64 (x86_64-w64-mingw32-gcc).
#   On Debian or Ubuntu, without zig, that is:
#       apt-get install zip gcc-mingw-w64-x86-64
#
# Each archive is listed with its binary's size. A Linux binary of the machine's own
# architecture is run once (`--version`) to show that it starts.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out=dist
mkdir -p "$out"
zigbuild=false
if command -v cargo-zigbuild >/dev/null 2>&1; then
  zigbuild=true
fi

add_target() {
  rustup target list --installed | grep -qx "$1" || rustup target add "$1"
}

# build TRIPLE: the dist binary of one target, at target/TRIPLE/dist/.
build() {
  local triple=$1
  add_target "$triple"
  if $zigbuild; then
    cargo zigbuild --locked --profile dist --target "$triple"
    return
  fi
  case "$triple" in
    *-linux-musl)
      # rust-lld links the static binary with Rust's own musl start files; no C compiler for
      # the target, so no mimalloc.
      local var
      var="CARGO_TARGET_$(echo "$triple" | tr 'a-z-' 'A-Z_')_LINKER"
      env "$var=rust-lld" RUSTFLAGS="${RUSTFLAGS:-} -C linker-flavor=ld.lld" \
        cargo build --locked --profile dist --target "$triple" --no-default-features
      ;;
    *-windows-gnu)
      if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
        echo "dist.sh: $triple needs mingw-w64 (x86_64-w64-mingw32-gcc) or cargo-zigbuild" >&2
        return 1
      fi
      cargo build --locked --profile dist --target "$triple"
      ;;
  esac
}

package() {
  local name=$1 triple=$2 exe=$3 archive
  local staging="$out/nianbao-$version-$name"
  rm -rf "$staging"
  mkdir -p "$staging"
  cp "target/$triple/dist/$exe" "$staging/"
  cp README.md docs/rules.zh.md docs/rules.md "$staging/"
  case "$name" in
    *windows*)
      archive="$out/nianbao-$version-$name.zip"
      rm -f "$archive"
      (cd "$out" && zip -qr "$(basename "$archive")" "$(basename "$staging")")
      ;;
    *)
      archive="$out/nianbao-$version-$name.tar.gz"
      tar -C "$out" -czf "$archive" "$(basename "$staging")"
      ;;
  esac
  rm -rf "$staging"
  echo "$archive ($(du -h "target/$triple/dist/$exe" | cut -f1) binary)"
  if [ "$triple" = "$(uname -m)-unknown-linux-musl" ]; then
    "target/$triple/dist/$exe" --version
  fi
}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(linux-x86_64 linux-aarch64 windows)
fi
for t in "${targets[@]}"; do
  case "$t" in
    linux-x86_64) build x86_64-unknown-linux-musl && package x86_64-linux x86_64-unknown-linux-musl nianbao ;;
    linux-aarch64) build aarch64-unknown-linux-musl && package aarch64-linux aarch64-unknown-linux-musl nianbao ;;
    windows) build x86_64-pc-windows-gnu && package x86_64-windows x86_64-pc-windows-gnu nianbao.exe ;;
    *) echo "dist.sh: unknown target $t (linux-x86_64, linux-aarch64, windows)" >&2; exit 2 ;;
  esac
done
