using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary>
/// The shell the training container runs around the command (POSIX sh, cp, find, sha256sum: any Debian, Alpine or
/// busybox image; a generated training image carries busybox in /pipeline/bin, named by PIPELINE_SHELL): the
/// inputs from the mounted store (a directory's layout, or a bucket's under gcsfuse) into the working directory,
/// the command, and (worker 0) the outputs and their list into the store, the list's hash in the termination
/// message — a pod killed mid-way publishes nothing the build would take.
/// </summary>
internal static class HandOffScript
{
    public const string Text = """
        set -eu
        case "${PIPELINE_SHELL:-/bin/sh}" in */*) PATH="${PIPELINE_SHELL%/*}:$PATH" ;; esac
        store="${PIPELINE_STORE:-/store}"; work="${PIPELINE_WORKDIR:-/work}"
        object() {
          shard=$(printf '%s' "$1" | cut -c1-2)
          if [ "${PIPELINE_STORE_LAYOUT:-directory}" = bucket ]; then printf '%s/files/sha256/%s/%s' "$store" "$shard" "$(printf '%s' "$1" | cut -c3-)"
          else printf '%s/%s/%s' "$store" "$shard" "$1"; fi
        }
        put() {
          target=$(object "$1")
          if [ ! -f "$target" ]; then mkdir -p "$(dirname "$target")"; cp "$2" "$target.$$.tmp"; mv "$target.$$.tmp" "$target"; fi
        }
        mkdir -p "$work"; cd "$work"
        inputs=$(object "$PIPELINE_INPUTS")
        while read -r hash path; do
          [ -n "$hash" ] || continue
          mkdir -p "$(dirname "$path")"; cp "$(object "$hash")" "$path"
        done < "$inputs"
        echo "pipeline: $(wc -l < "$inputs") input files from the store; running $*"
        "$@"
        [ "${JOB_COMPLETION_INDEX:-0}" = "0" ] || exit 0
        list="$work/.pipeline-outputs"; : > "$list"
        for output in $PIPELINE_OUTPUTS; do
          [ -e "$output" ] || { echo "pipeline: the command did not write $output" >&2; exit 3; }
          find "$output" -type f | sort | while read -r file; do
            hash=$(sha256sum "$file" | cut -d' ' -f1); put "$hash" "$file"
            echo "$hash $file" >> "$list"
          done
        done
        listed=$(sha256sum "$list" | cut -d' ' -f1); put "$listed" "$list"
        if [ -w /dev/termination-log ]; then printf 'outputs list %s\n' "$listed" > /dev/termination-log; fi
        echo "pipeline: published $(wc -l < "$list") output files; outputs list $listed"
        """;
}
