#!/usr/bin/env bash
# MPI sweeps (a build with -DACCORD_MPI=ON): `mpirun -np 2 accord sweep`
# spreads runs over both ranks and writes the same bytes as -j 1; a bad option
# ends every rank with exit 2 (no hang). Skipped unless the binary is an MPI
# build and mpirun exists.
. "$(dirname "$0")/lib.sh"

if ! "$ACCORD" sweep --help | grep -q "built with MPI"; then
  echo "ok - skipped: $ACCORD is not an MPI build (configure with -DACCORD_MPI=ON)"
  finish; exit $?
fi
if ! command -v mpirun >/dev/null; then
  echo "ok - skipped: no mpirun"
  finish; exit $?
fi
MPIRUN="mpirun --oversubscribe"
[ "$(id -u)" -eq 0 ] && MPIRUN="$MPIRUN --allow-run-as-root"
# keep OpenMPI on this machine (no network interfaces probed)
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none

# a sobol design with replications, random draws and failures (x > 0.7)
S=tests/scenarios/sweep/fails.lua
A="$S --vary x=0:1 --vary wobble --design sobol --samples 64 --reps 2 --seed 3 -q"
FILES="runs.csv points.csv sensitivity.csv failures.csv"
"$ACCORD" sweep $A -j 1 --out "$TMP/j1"; rc=$?
[ $rc -eq 1 ] && ok "reference sweep with -j 1 (some runs fail by design)" || not_ok "reference sweep" "rc $rc"
timeout 300 $MPIRUN -np 2 "$ACCORD" sweep $A --out "$TMP/mpi" > "$TMP/mpi.log" 2>&1; rc=$?
[ $rc -eq 1 ] && ok "mpirun -np 2 accord sweep (exit 1: some runs fail)" || not_ok "mpirun -np 2" "rc $rc: $(head -5 "$TMP/mpi.log")"
same=1
for f in $FILES; do cmp -s "$TMP/j1/$f" "$TMP/mpi/$f" || { same=0; echo "  $f differs"; }; done
[ $same -eq 1 ] && ok "-np 2 and -j 1: byte-identical $FILES" || not_ok "-np 2 differs from -j 1"
byrank=$(tr -d ' \n' < "$TMP/mpi/manifest.json" | grep -o '"runs_by_rank":\[[0-9,]*\]')
echo "$byrank" | grep -Eq '"runs_by_rank":\[[1-9][0-9]*,[1-9][0-9]*\]' && ok "both ranks ran runs ($byrank)" || not_ok "runs by rank" "$byrank"
grep -q '"mpi_ranks": 2' "$TMP/mpi/manifest.json" && ok "manifest records 2 ranks" || not_ok "mpi_ranks"

# resume under MPI: drop the last 40 records, finish them with 2 ranks
head -n -40 "$TMP/mpi/journal.txt" > "$TMP/j.tmp" && cp "$TMP/j.tmp" "$TMP/mpi/journal.txt"
timeout 300 $MPIRUN -np 2 "$ACCORD" sweep $A --out "$TMP/mpi" --resume > "$TMP/mpi2.log" 2>&1
cmp -s "$TMP/j1/runs.csv" "$TMP/mpi/runs.csv" && grep -q '"runs_this_session": 40' "$TMP/mpi/manifest.json" \
  && ok "--resume under MPI completes the missing runs" || not_ok "MPI resume" "$(head -5 "$TMP/mpi2.log")"

# per-step series travel with the results
T="tests/scenarios/tiny.lua --vary strict=0:1:3 --reps 4 --timeseries -q"
"$ACCORD" sweep $T -j 1 --out "$TMP/t1"
timeout 300 $MPIRUN -np 2 "$ACCORD" sweep $T --out "$TMP/tmpi" > "$TMP/t.log" 2>&1
cmp -s "$TMP/t1/timeseries.csv" "$TMP/tmpi/timeseries.csv" && cmp -s "$TMP/t1/runs.csv" "$TMP/tmpi/runs.csv" \
  && ok "--timeseries under MPI: identical timeseries.csv and runs.csv" || not_ok "MPI timeseries" "$(head -5 "$TMP/t.log")"

# errors end all ranks cleanly
timeout 120 $MPIRUN -np 2 "$ACCORD" sweep $S --vary nope --out "$TMP/bad" > "$TMP/bad.log" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "no such parameter" "$TMP/bad.log" && [ "$(grep -c 'no such parameter' "$TMP/bad.log")" -eq 1 ] \
  && ok "a bad option: exit 2 on every rank, reported once" || not_ok "MPI usage error" "rc $rc: $(head -5 "$TMP/bad.log")"
finish
