#!/usr/bin/env bash
# Installs what RetroVue needs from Debian/Ubuntu packages when it is missing:
# ffmpeg/ffprobe (probing, streaming), postgresql (the embedded database), xmltv-util (guide validation in tests),
# chromium (admin browser tests), hdhomerun-config (SiliconDust's discovery client, tuner tests).
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ "${RETROVUE_WITH_TEST_TOOLS:-0}" = "1" ]; then
  command -v tv_validate_file >/dev/null 2>&1 || missing+=(xmltv-util)
  # The admin's browser tests drive Debian's chromium through Playwright (browsers cannot be downloaded here).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v hdhomerun_config >/dev/null 2>&1 || missing+=(hdhomerun-config)
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK 10 is required (https://learn.microsoft.com/dotnet/core/install/linux-debian); 'dotnet' was not found." >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing missing packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  apt_get=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
  apt_get=(sudo apt-get)
else
  echo "Please install these Debian packages as root: ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq >&2
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >&2
# Debian starts a system-wide cluster on install; RetroVue runs its own, so leave the system one alone.
