#!/usr/bin/env bash
# Bootstrap of the Pipeline build: finds dotnet, compiles build/ only when its sources changed
# (content hash of build/, the repository's projects it references and the MSBuild/NuGet files), then runs the
# compiled build directly with the arguments. The same file is what `dotnet new pipeline` writes.
set -euo pipefail
# packages do not keep file modes: the first `bash build.sh` makes ./build.sh runnable
[ -x "${BASH_SOURCE[0]}" ] || chmod +x "${BASH_SOURCE[0]}" 2>/dev/null || true

# the script's folder without a subshell (no dirname, no $(...)): every fork costs a warm no-op run milliseconds
CALLER_DIR="$PWD"
case "${BASH_SOURCE[0]}" in */*) cd "${BASH_SOURCE[0]%/*}" ;; esac
ROOT="$PWD"
cd "$CALLER_DIR"
TEMP="$ROOT/.nuke/temp"
BIN="$TEMP/bin"
HASH_FILE="$TEMP/build.hash"

# Sets DOTNET (no subshells: every fork costs a warm no-op run a few milliseconds)
find_dotnet() {
  DOTNET="$(type -P dotnet || true)"
  [ -n "$DOTNET" ] && return
  for candidate in "${DOTNET_ROOT:-}/dotnet" "$HOME/.dotnet/dotnet" /usr/share/dotnet/dotnet /usr/lib/dotnet/dotnet /usr/local/share/dotnet/dotnet; do
    if [ -x "$candidate" ]; then DOTNET="$candidate"; return; fi
  done
  echo "error: the .NET SDK 10 was not found (not on PATH, DOTNET_ROOT, ~/.dotnet or /usr/share/dotnet)." >&2
  echo "       Install it (on Debian: apt-get install dotnet-sdk-10.0 from Microsoft's package feed), then run ./build.sh again." >&2
  exit 2
}

find_dotnet
# the folder the dotnet on PATH really lives in (the compiled build's runtime), remembered per dotnet path so a warm
# run reads it instead of forking readlink
DOTNET_ROOT_FILE="$TEMP/dotnet-root"
if [ -z "${DOTNET_ROOT:-}" ]; then
  if ! { [ -f "$DOTNET_ROOT_FILE" ] && IFS=$'\t' read -r REMEMBERED_DOTNET DOTNET_ROOT < "$DOTNET_ROOT_FILE" \
         && [ "$REMEMBERED_DOTNET" = "$DOTNET" ] && [ -x "$DOTNET_ROOT/dotnet" ]; }; then
    DOTNET_REAL="$(readlink -f "$DOTNET")"
    DOTNET_ROOT="${DOTNET_REAL%/*}"
    [ -d "$TEMP" ] && printf '%s\t%s\n' "$DOTNET" "$DOTNET_ROOT" > "$DOTNET_ROOT_FILE" 2>/dev/null || true
  fi
  export DOTNET_ROOT
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SOURCES=()
for candidate in build Directory.Build.props Directory.Packages.props global.json NuGet.config nuget.config; do
  [ -e "$ROOT/$candidate" ] && SOURCES+=("$candidate")
done
# the top folders of the repository's own projects the build references (src/ in ../src/X/X.csproj): they compile into it
if [ -f "$ROOT/build/_build.csproj" ]; then
  while IFS= read -r line; do
    if [[ $line =~ ProjectReference\ Include=\"\.\.[/\\]([^/\\\"]+)[/\\] ]] && [ -e "$ROOT/${BASH_REMATCH[1]}" ] && [[ " ${SOURCES[*]} " != *" ${BASH_REMATCH[1]} "* ]]; then
      SOURCES+=("${BASH_REMATCH[1]}")
    fi
  done < "$ROOT/build/_build.csproj"
fi
PRUNE=( \( -name bin -o -name obj \) -prune -o )
SOURCE_FILTER=( -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name global.json -o -iname nuget.config \) )

# The content hash of the sources the find expression in "$@" selects (SOURCE_FILTER, RESTORE_FILTER)
hash_of() {
  (cd "$ROOT" && find "${SOURCES[@]}" "${PRUNE[@]}" "$@" -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}

# What NuGet's restore reads (project, MSBuild and NuGet files, not *.cs): unchanged since the last compile means an
# edit of code only, compiled without the restore (about a second of a build-only edit's rerun)
RESTORE_FILTER=( -type f \( -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name global.json -o -iname nuget.config \) )
RESTORE_HASH_FILE="$TEMP/restore.hash"

# Fast path: no source newer than the recorded hash means nothing to hash. Otherwise the content hash decides,
# so a checkout or a touch that changes no byte does not recompile.
# Sets REASON for the message.
changed_since_last_compile() {
  REASON="not compiled in this checkout yet"
  [ -x "$BIN/_build" ] && [ -f "$HASH_FILE" ] || return 0
  REASON="$(cd "$ROOT" && find "${SOURCES[@]}" "${PRUNE[@]}" -newer "$HASH_FILE" "${SOURCE_FILTER[@]}" -print -quit)"
  [ -n "$REASON" ] || return 1
  HASH="$(hash_of "${SOURCE_FILTER[@]}")"
  if [ "$(cat "$HASH_FILE")" = "$HASH" ]; then touch "$HASH_FILE"; return 1; fi
  REASON="a source changed, such as $REASON"
  return 0
}

# Prints the first package source of NuGet.config that is a folder missing here: a laptop's feed in a committed
# NuGet.config, on a CI runner. NuGet would fail the restore in its own words; this names the fix.
missing_feed() {
  local config line value in_sources
  for config in "$ROOT/NuGet.config" "$ROOT/nuget.config"; do
    [ -f "$config" ] || continue
    in_sources=0
    while IFS= read -r line; do
      [[ $line == *"<packageSources>"* ]] && in_sources=1
      [[ $line == *"</packageSources>"* ]] && in_sources=0
      if [ "$in_sources" = 1 ] && [[ $line =~ \<add\ [^\>]*value=\"([^\"]+)\" ]]; then
        value="${BASH_REMATCH[1]}"
        case "$value" in http://*|https://*|*%*) continue ;; esac
        [[ $value == /* ]] || value="$ROOT/$value"
        if [ ! -d "$value" ]; then echo "${BASH_REMATCH[1]}"; return 0; fi
      fi
    done < "$config"
  done
  return 1
}

if changed_since_last_compile; then
  if FEED="$(missing_feed)"; then
    echo "error: NuGet.config names the package source '$FEED', a folder that does not exist here." >&2
    echo "       A folder on one machine does not travel to CI runners or other clones: point the source at a feed URL" >&2
    echo "       (a NuGet server, GitHub Packages, GitLab's package registry), or keep the packages in the repository" >&2
    echo "       (for example packages/, committed) and name that folder relatively." >&2
    exit 2
  fi
  HASH="${HASH:-$(hash_of "${SOURCE_FILTER[@]}")}"
  echo "Compiling the build ($REASON)..."
  mkdir -p "$TEMP"
  # ReadyToRun (precompiled) build: a warm no-op run starts ~100 ms faster than with JIT only. Analyzers and XML
  # documentation are left to the project's own builds (./build.sh Test, the IDE): they change nothing a run executes.
  case "$(uname -m)" in aarch64|arm64) RID=linux-arm64 ;; *) RID=linux-x64 ;; esac
  # ReadyToRun for what every run starts with only (the build, Pipeline, Spectre.Console, YamlDotNet, CliWrap): the
  # cloud SDKs, KubernetesClient or ML.NET compile ahead of time in minutes of a cold clone's first run, and are
  # JIT-compiled instead when a target uses them. Written only when missing, since its date is a compile input.
  STARTUP_TARGETS="$TEMP/ready-to-run-startup.targets"
  [ -f "$STARTUP_TARGETS" ] || cat >"$STARTUP_TARGETS" <<'TARGETS'
<Project>
  <Target Name="PipelineReadyToRunStartupOnly" AfterTargets="_ComputeAssembliesToPostprocessOnPublish" Condition="'$(PublishReadyToRun)' == 'true'">
    <ItemGroup>
      <PublishReadyToRunExclude Include="@(ResolvedFileToPublish->'%(Filename)%(Extension)')"
          Condition="'%(ResolvedFileToPublish.PostprocessAssembly)' == 'true' and '%(Filename)' != '$(AssemblyName)' and !$([System.Text.RegularExpressions.Regex]::IsMatch('%(Filename)', '^(Pipeline\..+|Spectre\.Console.*|YamlDotNet|CliWrap)$'))" />
    </ItemGroup>
  </Target>
</Project>
TARGETS
  RESTORE_HASH="$(hash_of "${RESTORE_FILTER[@]}")"
  RESTORE=()
  if [ -f "$RESTORE_HASH_FILE" ] && [ "$(cat "$RESTORE_HASH_FILE")" = "$RESTORE_HASH" ] && [ -f "$TEMP/compile/obj/_build/project.assets.json" ]; then
    RESTORE=(--no-restore)
  fi
  # own artifacts path: the compile never touches the obj/ folders that Restore and IDE builds use
  if ! "$DOTNET" publish "$ROOT/build/_build.csproj" -c Release -r "$RID" --self-contained false -p:PublishReadyToRun=true --artifacts-path "$TEMP/compile" \
      -p:CustomAfterMicrosoftCommonTargets="$STARTUP_TARGETS" -p:RunAnalyzers=false -p:GenerateDocumentationFile=false -o "$BIN" "${RESTORE[@]}" -nologo -v q -clp:NoSummary >"$TEMP/build-compile.log" 2>&1; then
    cat "$TEMP/build-compile.log" >&2
    rm -f "$RESTORE_HASH_FILE"
    echo "error: compiling build/_build.csproj failed (full log: .nuke/temp/build-compile.log)." >&2
    exit 2
  fi
  echo "$RESTORE_HASH" >"$RESTORE_HASH_FILE"
  echo "$HASH" >"$HASH_FILE"
fi

exec "$BIN/_build" "$@"
