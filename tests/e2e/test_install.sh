#!/usr/bin/env bash
# `cmake --install` gives a self-contained accord: a fresh copy of the sources
# is built (-DACCORD_TESTS=OFF) and installed to a temporary prefix, the copy
# and its build directory are deleted and the prefix is moved, and then, from
# another folder, the installed accord runs and plots a shipped scenario,
# loads every shipped scenario (their `require`s come from
# share/accord/scripts), draws a run's figures with the installed templates
# and runs the demo from the installed scenarios; a small C program is built
# against the installed headers and libraries with `pkg-config accord` and runs
# the model. Skipped only when cmake is not installed.
#   usage: tests/e2e/test_install.sh   (CTest and .ci/run's "install check")
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
if ! command -v cmake >/dev/null 2>&1; then
  echo "skipped: cmake not installed (the install check needs it)"
  exit 0
fi
unset ACCORD_SCRIPTS ACCORD_PLOTS ACCORD_SCENARIOS ACCORD_DATA ACCORD_DOCS
SRC=$(cd "${ACCORD_SOURCE_DIR:-$(dirname "$0")/../..}" && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/accord-install.XXXXXX")
trap 'rm -rf "$W"' EXIT
fails=0
passes=0
ok() { passes=$((passes + 1)); echo "ok - $1"; }
not_ok() { fails=$((fails + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '  %s\n' "$2"; return 0; }
finish() { echo "$passes passed, $fails failed"; [ "$fails" -eq 0 ]; exit $?; }
jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)

# --- a fresh copy (what the build and the installation need; no build dirs)
mkdir -p "$W/src"
for e in CMakeLists.txt LICENSE README.md engine tools bench scripts scenarios data plots docs; do
  cp -R "$SRC/$e" "$W/src/" || { not_ok "copy $e of the sources"; finish; }
done
if cmake -S "$W/src" -B "$W/build" -DACCORD_TESTS=OFF > "$W/configure.log" 2>&1 &&
   cmake --build "$W/build" -j"$jobs" --target accord acc_core acc_base > "$W/build.log" 2>&1; then
  ok "a fresh copy builds with -DACCORD_TESTS=OFF"
else
  not_ok "fresh build" "$(tail -15 "$W/configure.log" "$W/build.log" 2>/dev/null)"; finish
fi
if cmake --install "$W/build" --prefix "$W/prefix" > "$W/install.log" 2>&1; then
  ok "cmake --install --prefix P"
else
  not_ok "cmake --install" "$(tail -10 "$W/install.log")"; finish
fi
rm -rf "$W/src" "$W/build"
# relocatable: nothing in the installation names its prefix
mv "$W/prefix" "$W/moved"
P=$W/moved
echo "# fresh copy, build and install took $(( $(date +%s) - start )) s; sources and build deleted, prefix moved"

# --- the layout
missing=""
for f in bin/accord share/accord/plots/style.gp share/accord/plots/timeseries.gp \
         share/accord/scripts/regimes.lua share/accord/scripts/policies.lua \
         share/accord/scenarios/baseline.lua share/accord/scenarios/literature/han2020.lua \
         share/accord/data/README.md share/accord/data/sources.csv share/accord/docs/model.md \
         share/accord/LICENSE include/accord/core/model.h include/accord/base/common.h \
         lib/libacc_core.a lib/libacc_base.a lib/pkgconfig/accord.pc; do
  [ -e "$P/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && ok "P/bin/accord, share/accord/{plots,scripts,scenarios,data,docs}, include/accord, lib" \
  || not_ok "installed files" "missing:$missing"
[ -x "$P/bin/accord" ] || finish

# --- the installed accord, from another folder, without sources or build
mkdir -p "$W/elsewhere"
cd "$W/elsewhere" || finish
A=$P/bin/accord
S=$P/share/accord
if command -v gnuplot >/dev/null 2>&1; then
  out=$("$A" run "$S/scenarios/baseline.lua" --plot -q 2>&1); rc=$?
  if [ $rc -eq 0 ] && [ -s results/baseline/summary.csv ] && ls results/baseline/*.png >/dev/null 2>&1; then
    ok "accord run P/share/accord/scenarios/baseline.lua --plot (CSVs and figures)"
  else
    not_ok "run --plot from the installation" "exit $rc: $(echo "$out" | head -5)"
  fi
  out=$("$A" plot results/baseline --term 2>&1); rc=$?
  [ $rc -eq 0 ] && [ -n "$out" ] && ok "accord plot --term finds the installed templates" \
    || not_ok "accord plot" "exit $rc: $(echo "$out" | head -5)"
else
  echo "# gnuplot not installed: the run is checked without --plot, accord plot not at all"
  out=$("$A" run "$S/scenarios/baseline.lua" -q 2>&1); rc=$?
  [ $rc -eq 0 ] && [ -s results/baseline/summary.csv ] && ok "accord run P/share/accord/scenarios/baseline.lua" \
    || not_ok "run from the installation" "exit $rc: $(echo "$out" | head -5)"
fi
bad=""
for f in "$S"/scenarios/*.lua "$S"/scenarios/literature/*.lua; do
  "$A" check "$f" > "$W/check.txt" 2>&1 || bad="$bad $(basename "$f"): $(head -2 "$W/check.txt")"
done
[ -z "$bad" ] && ok "accord check loads every installed scenario (modules from share/accord/scripts)" \
  || not_ok "accord check of the installed scenarios" "$bad"
out=$("$A" demo --out demo --years 2 --no-plots < /dev/null 2>&1); rc=$?
if [ $rc -eq 0 ] && ! echo "$out" | grep -q "is not in this installation" && [ -s demo/baseline/summary.csv ] &&
   [ "$(echo "$out" | grep -c '^compared:')" -eq 3 ]; then
  ok "accord demo finds its scenarios in the installation"
else
  not_ok "accord demo" "exit $rc: $(echo "$out" | grep -E 'not in this|accord:|error' | head -5)"
fi
# through a symbolic link the binary still finds its data (/proc/self/exe)
mkdir -p "$W/links"
ln -s "$A" "$W/links/accord"
out=$("$W/links/accord" check "$S/scenarios/uk_japan_bridge.lua" 2>&1) && ok "a symbolic link to bin/accord works" \
  || not_ok "symbolic link" "$(echo "$out" | head -3)"
# the environment still overrides, and only it is used when set
out=$(ACCORD_PLOTS="$W/nowhere" "$A" plot results/baseline --term 2>&1); rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q "ACCORD_PLOTS=$W/nowhere" && ok "ACCORD_PLOTS overrides the installation" \
  || not_ok "ACCORD_PLOTS override" "exit $rc: $(echo "$out" | head -3)"
mkdir -p "$W/myscripts" "$W/scen"
cp "$S"/scripts/*.lua "$W/myscripts/"
echo 'return {}' > "$W/myscripts/only_mine.lua"
{ echo 'require "only_mine"'; cat "$S/scenarios/baseline.lua"; } > "$W/scen/mine.lua"
out=$(ACCORD_SCRIPTS="$W/myscripts" "$A" check "$W/scen/mine.lua" 2>&1); rc=$?
out2=$("$A" check "$W/scen/mine.lua" 2>&1); rc2=$?
[ $rc -eq 0 ] && [ $rc2 -eq 2 ] && echo "$out2" | grep -q "only_mine" \
  && ok "ACCORD_SCRIPTS overrides the installation's scripts" \
  || not_ok "ACCORD_SCRIPTS override" "exit $rc: $(echo "$out" | head -3); without: exit $rc2: $(echo "$out2" | head -3)"
mkdir -p "$W/noscen"
out=$(ACCORD_SCENARIOS="$W/noscen" "$A" demo --out demo2 --years 2 --no-plots < /dev/null 2>&1); rc=$?
[ $rc -eq 3 ] && echo "$out" | grep -q "scenarios/baseline.lua not found" \
  && ok "ACCORD_SCENARIOS overrides the installation (an empty one: the demo stops)" \
  || not_ok "ACCORD_SCENARIOS override" "exit $rc: $(echo "$out" | tail -3)"

# --- embedding the model: the installed headers and libraries via pkg-config
if ! command -v pkg-config >/dev/null 2>&1; then
  not_ok "pkg-config" "pkg-config is not installed (apt-get install pkg-config)"; finish
fi
cat > "$W/embed.c" <<'EOF'
/* A program that embeds accord's model: a world from the default
 * configuration with one default jurisdiction and population, run, summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"

int main(void)
{
    acc_config *cfg = acc_config_new(); /* the defaults, with room for every list */
    if (!cfg)
        return 1;
    cfg->years = 2;
    cfg->n_jur = 1;
    acc_jur_defaults(&cfg->jur[0]);
    snprintf(cfg->jur[0].id, sizeof cfg->jur[0].id, "eu");
    cfg->n_pop = 1;
    acc_pop_defaults(&cfg->pop[0], ACC_STARTUP);
    cfg->pop[0].home = 0;
    cfg->pop[0].count = 20;
    char err[ACC_ERRLEN];
    acc_world *w;
    int rc = acc_world_new(cfg, 42, 0, &w, err, sizeof err);
    if (rc) {
        fprintf(stderr, "acc_world_new: %s: %s\n", acc_status_name(rc), err);
        return 1;
    }
    if ((rc = acc_world_run(w))) {
        fprintf(stderr, "acc_world_run: %s: %s\n", acc_status_name(rc), acc_world_errmsg(w));
        return 1;
    }
    int n = acc_world_summary_count(w);
    double *v = calloc((size_t)n, sizeof *v);
    if (!v)
        return 1;
    acc_world_summary(w, v);
    for (int i = 0; i < n; i++)
        if (strcmp(acc_world_summary_name(w, i), "welfare") == 0)
            printf("welfare %.6g after %d steps\n", v[i], acc_world_step_index(w));
    free(v);
    acc_world_free(w);
    acc_config_free(cfg);
    return 0;
}
EOF
export PKG_CONFIG_PATH=$P/lib/pkgconfig
flags=$(pkg-config --cflags --libs accord 2>&1) && ok "pkg-config --cflags --libs accord: $flags" \
  || { not_ok "pkg-config accord" "$flags"; finish; }
if out=$(cc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$W/embed" "$W/embed.c" $flags 2>&1); then
  ok "a C program compiles and links against the installed headers and libraries"
  out=$("$W/embed" 2>&1); rc=$?
  [ $rc -eq 0 ] && echo "$out" | grep -qE '^welfare -?[0-9][0-9.e+-]* after 24 steps$' \
    && ok "it runs the model: $out" || not_ok "the embedding program" "exit $rc: $out"
else
  not_ok "compile against the installation" "$(echo "$out" | head -8)"
fi
# every installed header compiles on its own with only pkg-config's flags, so
# whatever it includes is installed too
bad=""
for h in $(cd "$P/include/accord" && find . -name '*.h' | sed 's|^\./||' | sort); do
  printf '#include "%s"\nint acc_header_alone;\n' "$h" > "$W/alone.c"
  cc -std=c11 -Wall -Wextra -Wpedantic -Werror -c -o "$W/alone.o" "$W/alone.c" $(pkg-config --cflags accord) \
    > "$W/alone.log" 2>&1 || bad="$bad $h: $(head -2 "$W/alone.log")"
done
[ -z "$bad" ] && ok "each installed header compiles on its own (its includes are installed)" \
  || not_ok "an installed header needs a header that is not installed" "$bad"
# a C++ program includes the headers (extern "C", no C-only construct) and links the library
if command -v c++ >/dev/null 2>&1; then
  cat > "$W/embed.cpp" <<'EOF2'
#include "core/model.h"
#include <cstdio>
#include <cstdlib>
int main()
{
    acc_config *cfg = acc_config_new();
    char err[ACC_ERRLEN];
    int rc = acc_config_validate(cfg, err, sizeof err); /* no jurisdiction: refused */
    std::printf("%s %d\n", acc_status_name(rc), acc_config_summary_count(nullptr) > 0);
    acc_config_free(cfg);
    return 0;
}
EOF2
  if out=$(c++ -std=c++17 -Wall -Wextra -Wpedantic -Werror -o "$W/embedxx" "$W/embed.cpp" $flags 2>&1); then
    out=$("$W/embedxx" 2>&1)
    [ "$out" = "invalid input 1" ] && ok "a C++ program includes the headers and links the library" \
      || not_ok "the C++ program ran wrong" "$out"
  else
    not_ok "a C++ program cannot include the headers or link the library" "$(echo "$out" | head -5)"
  fi
fi
# two worlds stepped at once in two threads, as docs/architecture.md says:
# the same configuration and seed give the same summary as one after the other
cat > "$W/threads.c" <<'EOF2'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"

static acc_config cfg;
static acc_config_room room; /* cfg's lists */
struct job { double v[ACC_SUMMARY_MAX]; int rc; };

static void *run(void *p)
{
    struct job *j = p;
    char err[ACC_ERRLEN];
    acc_world *w;
    if ((j->rc = acc_world_new(&cfg, 7, 0, &w, err, sizeof err)) == ACC_OK) {
        j->rc = acc_world_run(w);
        acc_world_summary(w, j->v);
        acc_world_free(w);
    }
    return NULL;
}

int main(void)
{
    acc_config_init(&cfg, &room);
    cfg.years = 2;
    cfg.n_jur = 2;
    acc_jur_defaults_for(&cfg.jur[0], "eu");
    acc_jur_defaults_for(&cfg.jur[1], "us");
    cfg.n_pop = 1;
    acc_pop_defaults(&cfg.pop[0], ACC_STARTUP);
    cfg.pop[0].count = 30;
    static struct job a, b, c;
    run(&a);
    pthread_t t1, t2;
    if (pthread_create(&t1, NULL, run, &b) || pthread_create(&t2, NULL, run, &c))
        return 1;
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    if (a.rc || b.rc || c.rc)
        return 2;
    if (memcmp(a.v, b.v, sizeof a.v) || memcmp(a.v, c.v, sizeof a.v))
        return 3;
    puts("same");
    return 0;
}
EOF2
if out=$(cc -std=c11 -Wall -Wextra -Werror -pthread -o "$W/threads" "$W/threads.c" $flags 2>&1); then
  out=$("$W/threads" 2>&1); rc=$?
  [ $rc -eq 0 ] && [ "$out" = same ] && ok "two worlds in two threads give the same summary as one alone" \
    || not_ok "two worlds in two threads" "exit $rc: $out"
else
  not_ok "compile the two-thread program" "$(echo "$out" | head -8)"
fi
echo "# install check took $(( $(date +%s) - start )) s"
finish
