namespace Pipeline.Components.Train.Training;

/// <summary>
/// The shell the training container runs around the command (POSIX sh, cp, find, sha256sum: any Debian, Alpine or
/// busybox image; a generated training image carries busybox in /pipeline/bin, named by PIPELINE_SHELL): inputs from the mounted store into the working directory, the command, and (worker 0) the
/// outputs into the store with their list written last, atomically — a pod killed mid-way publishes nothing.
/// </summary>
internal static class HandOffScript
{
    public const string Text = """
        set -eu
        case "${PIPELINE_SHELL:-/bin/sh}" in */*) PATH="${PIPELINE_SHELL%/*}:$PATH" ;; esac
        store="${PIPELINE_STORE:-/store}"; work="${PIPELINE_WORKDIR:-/work}"; handoff="$store/handoff/$PIPELINE_HANDOFF_KEY"
        object() { printf '%s/%s/%s' "$store" "$(printf '%s' "$1" | cut -c1-2)" "$1"; }
        mkdir -p "$work"; cd "$work"
        while read -r hash path; do
          [ -n "$hash" ] || continue
          mkdir -p "$(dirname "$path")"; cp "$(object "$hash")" "$path"
        done < "$handoff/inputs.txt"
        echo "pipeline: $(wc -l < "$handoff/inputs.txt") input files from the store; running $*"
        "$@"
        [ "${JOB_COMPLETION_INDEX:-0}" = "0" ] || exit 0
        list="$handoff/outputs.$$.tmp"; : > "$list"
        for output in $PIPELINE_OUTPUTS; do
          [ -e "$output" ] || { echo "pipeline: the command did not write $output" >&2; exit 3; }
          find "$output" -type f | sort | while read -r file; do
            hash=$(sha256sum "$file" | cut -d' ' -f1); target=$(object "$hash")
            if [ ! -f "$target" ]; then mkdir -p "$(dirname "$target")"; cp "$file" "$target.$$.tmp"; mv "$target.$$.tmp" "$target"; fi
            echo "$hash $file" >> "$list"
          done
        done
        mv "$list" "$handoff/outputs.txt"
        echo "pipeline: published $(wc -l < "$handoff/outputs.txt") output files to the store"
        """;
}
