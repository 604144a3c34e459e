#!/usr/bin/env bash
# Builds the same synthetic sites with trustpage and with Hugo, several times each as fresh
# processes, and prints median wall time, time per page, peak memory and the ratio to Hugo.
#
# Rows: `cp -r (input)` copies the site's input; `cp -r (output)` copies trustpage's own output
# tree to a fresh directory, the floor of a build (reading the input is cheaper than that, and
# writing the same number and size of files is the part no generator can skip); `hugo` and
# `trustpage` build into a destination deleted (untimed) before each run, the same work for
# both; `trustpage (rebuild)` builds again over its previous, unchanged output, the usual case
# while editing a site. Each size ends with trustpage's build time over the output floor.
#
# "Fresh" means the destination does not exist. By default the previous run's output is moved
# aside (a rename) and all of it is deleted when the script ends: on ext4 without a journal
# (this project's benchmark machines), the kernel skips every inode freed in the last minute or
# more when it allocates a new one, so deleting 20,000 files and folders right before a run
# makes that run's every mkdir and create scan past them, a cost that grows with the square of
# the count and belongs to the disk, not to the tool (cp -r of the same output took 1.2 to 4.1 s
# that way). FRESH=delete deletes right before each run instead, to see that cost.
#
# Usage: benches/compare.sh [SIZES...]   (default: 10 1000 10000; RUNS=5 by default)
# Installs Hugo and GNU time from Debian's packages when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=("${@:-10 1000 10000}")
read -r -a SIZES <<<"${SIZES[*]}"
RUNS=${RUNS:-5}

if ! command -v hugo >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo time >/dev/null
fi
cargo build --release --locked --quiet
TRUSTPAGE=${CARGO_TARGET_DIR:-$PWD/target}/release/trustpage
WORK=$(mktemp -d /tmp/trustpage-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/trash"
export WORK FRESH=${FRESH:-aside}
# Makes each path given not exist any more: moved into the trash, or deleted with FRESH=delete.
gone() {
  for p in "$@"; do
    if [ ! -e "$p" ]; then continue; fi
    if [ "$FRESH" = delete ]; then rm -rf "$p"; else mv "$p" "$(mktemp -u "$WORK/trash/XXXXXXXX")"; fi
  done
}
export -f gone

# Runs `$2` (after `$1` each time, untimed) RUNS times as fresh processes; prints
# "median_seconds max_rss_kb". GNU time measures the shell that runs the command too, the same
# few milliseconds for every tool.
measure() {
  local prepare=$1 run=$2 times=() rss=0
  for _ in $(seq "$RUNS"); do
    bash -c "$prepare"
    # What the previous run left to write back to the disk is not this run's cost.
    sync
    /usr/bin/time -f "%e %M" -o "$WORK/time" bash -c "$run" >/dev/null 2>&1
    read -r t m <"$WORK/time"
    times+=("$t")
    if ((m > rss)); then rss=$m; fi
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v rss="$rss" '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%s %s\n", m, rss}'
}

printf '%-8s %-20s %12s %12s %12s %10s\n' pages tool "median ms" "ms/page" "peak MiB" "vs Hugo"
for n in "${SIZES[@]}"; do
  SITE=$WORK/site-$n
  OUT=$WORK/out-tp
  python3 benches/gen-sites.py "$n" "$SITE"
  sync
  read -r cpi_t cpi_m < <(measure "gone '$WORK/cp'" "cp -r '$SITE/trustpage' '$WORK/cp'")
  read -r hugo_t hugo_m < <(measure "gone '$WORK/out-hugo' '$SITE/hugo/resources'" "cd '$SITE/hugo' && hugo --quiet --destination '$WORK/out-hugo'")
  read -r tp_t tp_m < <(measure "gone '$OUT'" "'$TRUSTPAGE' build '$SITE/trustpage' --output-dir '$OUT' --force")
  # The previous output is the one the last fresh build left; each run rebuilds over it.
  read -r re_t re_m < <(measure ":" "'$TRUSTPAGE' build '$SITE/trustpage' --output-dir '$OUT'")
  read -r cpo_t cpo_m < <(measure "gone '$WORK/cp'" "cp -r '$OUT' '$WORK/cp'")
  gone "$WORK/cp" "$WORK/out-hugo" "$OUT"
  for row in "cp -r (input):$cpi_t:$cpi_m" "cp -r (output):$cpo_t:$cpo_m" "hugo:$hugo_t:$hugo_m" \
    "trustpage:$tp_t:$tp_m" "trustpage (rebuild):$re_t:$re_m"; do
    IFS=: read -r tool t m <<<"$row"
    awk -v n="$n" -v tool="$tool" -v t="$t" -v m="$m" -v h="$hugo_t" \
      'BEGIN { printf "%-8d %-20s %12.0f %12.3f %12.1f %9.2fx\n", n, tool, t*1000, t*1000/n, m/1024, (t > 0 ? h/t : 0) }'
  done
  awk -v n="$n" -v t="$tp_t" -v f="$cpo_t" \
    'BEGIN { if (f > 0) printf "%-8d trustpage / cp -r (output): %.2fx the output floor\n", n, t/f; else printf "%-8d trustpage / cp -r (output): floor below the timer resolution\n", n }'
  gone "$SITE"
done
echo "(vs Hugo: how many times faster than Hugo; GNU time gives 10 ms resolution)"
