#!/usr/bin/env bash
# Runs the ProjectScout.Build host: ./build.sh [--target=<task>] [--environment=<env>] [...]
# Every argument is forwarded and the exit code kept. Equivalent to
#   dotnet run --project build/ProjectScout.Build -c Release -- "$@"
# but it starts the built dll directly when nothing under build/ changed since the last build: `dotnet run`'s own
# up-to-date check costs ~2 s on every run, starting the dll ~0.1 s. A build (the first run, or after a change) shows
# its restore and compile progress and every warning on stderr; a run with nothing to build prints nothing extra.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$root/build/ProjectScout.Build"
dll="$project/bin/Release/net10.0/ProjectScout.Build.dll"
stamp="$project/obj/Release/.build-inputs"
sdk_help="install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0 (or https://dot.net/v1/dotnet-install.sh --channel 10.0)"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "build.sh: dotnet not found on PATH: $sdk_help" >&2
  exit 1
fi

inputs() {
  # The inputs of the build output: sources and project files of the host and the library it references.
  find "$root/build" "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/global.json" \
    \( -path '*/bin' -o -path '*/obj' \) -prune -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) \
    -printf '%P %s %T@\n' 2>/dev/null | LC_ALL=C sort | sha256sum | cut -d' ' -f1
}

current="$(inputs)"
if [[ ! -f "$dll" || ! -f "$stamp" || "$(cat "$stamp")" != "$current" ]]; then
  if ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
    echo "build.sh: no .NET 10 SDK found (dotnet --list-sdks lists $(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | paste -sd, - || true)): $sdk_help" >&2
    exit 1
  fi
  echo "build.sh: building the toolkit (first run, or build/ changed since the last build)..." >&2
  # Minimal verbosity: restore and per-project progress, warnings (e.g. MSB3245, a reference not found) and errors.
  dotnet build "$project" -c Release --nologo -v minimal >&2
  mkdir -p "$(dirname "$stamp")"
  echo "$current" > "$stamp"
fi

cd "$root"
exec dotnet "$dll" "$@"
