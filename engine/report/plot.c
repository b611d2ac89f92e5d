/* accord report — the figures of a directory drawn: the template
 * directory, the concrete gnuplot script of each figure (its template with
 * the directory's names; which figures: plot_list.c) and drawing them
 * through gnuplot with atomic outputs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/plot.h"

#include "base/common.h"
#include "base/datadir.h"
#include "io/atomic.h"
#include "io/gnuplot.h"
#include "io/layout.h"
#include "report/plot_fig.h"
#include "report/plot_int.h"
#include "base/readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMPLATE_MAX (1u << 20)

/* ---- templates ---------------------------------------------------------------- */

static int has_style(const char *dir)
{
    char p[4096];
    return snprintf(p, sizeof p, "%s/style.gp", dir) < (int)sizeof p && acc_io_is_file(p);
}

int acc_plot_find_templates(char *out, size_t n)
{
    char dir[4096];
    int where = acc_data_dir("plots", dir, sizeof dir);
    if (!where || (where == ACC_DATA_ENV && !has_style(dir)) || strlen(dir) >= n)
        return 0;
    strcpy(out, dir);
    return 1;
}

static int resolve_templates(const acc_plot_opts *o, char *buf, size_t n, char *err,
                             size_t errlen)
{
    if (o && o->templates) {
        if (!has_style(o->templates)) {
            acc_errf(err, errlen, "%s: not a plot template directory (no style.gp)",
                     o->templates);
            return ACC_EIO;
        }
        snprintf(buf, n, "%s", o->templates);
        return ACC_OK;
    }
    if (!acc_plot_find_templates(buf, n)) {
        const char *env = getenv("ACCORD_PLOTS");
        if (env && *env)
            acc_errf(err, errlen, "ACCORD_PLOTS=%s: no style.gp there (it should name the "
                     "plots/ directory of the accord sources)", env);
        else
            acc_errf(err, errlen, "cannot find the gnuplot templates (plots/style.gp) beside "
                     "the accord executable or in the source tree; set ACCORD_PLOTS to the "
                     "plots/ directory");
        return ACC_EIO;
    }
    return ACC_OK;
}

int acc_plot_list(const char *dir, const acc_plot_opts *o, acc_plot_result *res, char *err,
                  size_t errlen)
{
    char templates[4096];
    int rc = resolve_templates(o, templates, sizeof templates, err, errlen);
    if (rc) {
        memset(res, 0, sizeof *res);
        return rc;
    }
    figlist *L = calloc(1, sizeof *L);
    if (!L) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    rc = acc_plot_list_figs(dir, o, templates, res, L, err, errlen);
    acc_plot_figlist_free(L);
    free(L);
    return rc;
}

/* ---- scripts ------------------------------------------------------------------ */

typedef struct tmpl_cache {
    char dir[4096];
    char *style;
    char *text[8];
    char name[8][32];
    int n;
} tmpl_cache;

static void cache_free(tmpl_cache *c)
{
    free(c->style);
    for (int i = 0; i < c->n; i++)
        free(c->text[i]);
}

static int template_text(tmpl_cache *c, const char *name, const char **out, char *err,
                         size_t errlen)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->name[i], name) == 0) {
            *out = c->text[i];
            return ACC_OK;
        }
    char path[4200];
    int rc;
    if (!c->style) {
        snprintf(path, sizeof path, "%s/style.gp", c->dir);
        if ((rc = acc_io_read_file(path, TEMPLATE_MAX, &c->style, NULL, err, errlen)))
            return rc;
    }
    if (c->n >= 8) {
        acc_errf(err, errlen, "too many templates");
        return ACC_EINVAL;
    }
    snprintf(path, sizeof path, "%s/%s.gp", c->dir, name);
    if ((rc = acc_io_read_file(path, TEMPLATE_MAX, &c->text[c->n], NULL, err, errlen)))
        return rc;
    snprintf(c->name[c->n], sizeof c->name[0], "%s", name);
    *out = c->text[c->n++];
    return ACC_OK;
}

/* Append template text with each "load plotdir . 'style.gp'" line replaced by
 * the style file (indented like the line), so the script stands alone. */
static void inline_template(acc_sb *b, const char *text, const char *style)
{
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p + 1) : strlen(p);
        const char *q = p;
        while (q < p + n && (*q == ' ' || *q == '\t'))
            q++;
        if (strncmp(q, "load plotdir . 'style.gp'", 25) == 0) {
            size_t indent = (size_t)(q - p);
            acc_sb_addn(b, p, indent);
            acc_sb_add(b, "# ---- plots/style.gp, inlined ----\n");
            const char *s = style;
            while (*s) {
                const char *e = strchr(s, '\n');
                size_t m = e ? (size_t)(e - s + 1) : strlen(s);
                if (m > 1 || (m == 1 && *s != '\n'))
                    acc_sb_addn(b, p, indent);
                acc_sb_addn(b, s, m);
                if (!e)
                    acc_sb_add(b, "\n");
                s += m;
            }
            acc_sb_addn(b, p, indent);
            acc_sb_add(b, "# ---- end of plots/style.gp ----\n");
        } else {
            acc_sb_addn(b, p, n);
        }
        p += n;
    }
    if (b->len && b->s[b->len - 1] != '\n')
        acc_sb_add(b, "\n");
}

static const char *ext_of(unsigned fmt)
{
    return fmt == ACC_PLOT_PNG ? "png" : fmt == ACC_PLOT_SVG ? "svg" : fmt == ACC_PLOT_PDF ? "pdf" : "txt";
}

/* The terminal line for a foreign template (it takes `term`). */
static void foreign_term(acc_sb *b, const char *ext, int cols, int rows)
{
    if (strcmp(ext, "png") == 0)
        acc_sb_add(b, "term = 'pngcairo size 1280,1000 noenhanced font \"sans,18\"'\n");
    else if (strcmp(ext, "svg") == 0)
        acc_sb_add(b, "term = 'svg size 960,750 dynamic noenhanced font \"sans,14\" "
                      "background rgb \"white\"'\n");
    else if (strcmp(ext, "pdf") == 0)
        acc_sb_add(b, "term = 'pdfcairo size 8in,6.25in noenhanced font \"sans,11\"'\n");
    else
        acc_sb_printf(b, "term = 'dumb size %d,%d'\n", cols, rows);
}

/* The whole script: header, directory change, variables, template. */
static int script_text(acc_sb *b, const figspec *f, tmpl_cache *c, const char *const *outs,
                       int nouts, int cols, int rows, char *err, size_t errlen)
{
    const char *text;
    int rc = template_text(c, f->tmpl, &text, err, errlen);
    if (rc)
        return rc;
    acc_sb_printf(b, "# accord figure: %s\n", f->info.title);
    acc_sb_printf(b, "# Generated by accord %s from plots/%s.gp with this directory's file and\n"
                     "# column names. Draw it again, from any directory:\n"
                     "#   gnuplot %s.gp\n",
                  ACCORD_VERSION, f->tmpl, f->info.name);
    if (!f->foreign)
        acc_sb_printf(b, "# Other outputs: gnuplot -e \"outfiles='%s.pdf %s.txt'\" %s.gp\n"
                         "# (.png, .svg, .pdf, .txt; '-' draws on the terminal). Every "
                         "variable below\n# can be overridden the same way.\n",
                      f->info.name, f->info.name, f->info.name);
    acc_sb_add(b, "\n# Work beside the data: in the directory of this script.\n"
                  "accord_here = ARG0; accord_i = strlen(accord_here)\n"
                  "while (accord_i > 0 && accord_here[accord_i:accord_i] ne '/') "
                  "{ accord_i = accord_i - 1 }\n"
                  "if (accord_i > 0) { cd accord_here[1:accord_i] }\n\n");
    /* One line either way, so gnuplot's line numbers match the kept script. */
    if (cols > 0)
        acc_sb_printf(b, "cols = %d; rows = %d\n", cols, rows);
    else
        acc_sb_add(b, "# text outputs: cols x rows characters (default 80 x 24)\n");
    acc_sb_add(b, acc_sb_str(&f->vars));
    if (f->foreign) {
        for (int i = 0; i < nouts; i++) {
            const char *dot = strrchr(outs[i], '.');
            acc_sb_add(b, "\noutfile = ");
            acc_sb_gpquote(b, outs[i]);
            acc_sb_add(b, "\n");
            foreign_term(b, dot ? dot + 1 : "txt", cols > 0 ? cols : 80, rows > 0 ? rows : 24);
            if (dot && strcmp(dot + 1, "txt") == 0)
                acc_sb_add(b, f->text_vars);
            acc_sb_printf(b, "# ---- plots/%s.gp ----\n", f->tmpl);
            acc_sb_add(b, text);
            if (b->len && b->s[b->len - 1] != '\n')
                acc_sb_add(b, "\n");
        }
    } else {
        acc_sb_add(b, "outfiles = exists(\"outfiles\") ? outfiles : exists(\"outfile\") ? outfile : ");
        acc_sb t;
        acc_sb_init(&t);
        for (int i = 0; i < nouts; i++)
            acc_sb_printf(&t, "%s%s", i ? " " : "", outs[i]);
        acc_sb_gpquote(b, acc_sb_str(&t));
        acc_sb_free(&t);
        acc_sb_printf(b, "\n\n# ---- plots/%s.gp ----\n", f->tmpl);
        inline_template(b, text, c->style);
    }
    if (b->oom) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    return ACC_OK;
}

/* ---- drawing ------------------------------------------------------------------ */

static unsigned long tmp_counter;

/* Replace every `from` in buf (capacity n) by `to`, cutting at n. */
static void replace_all(char *buf, size_t n, const char *from, const char *to)
{
    size_t fl = strlen(from);
    if (!fl)
        return;
    acc_sb b;
    acc_sb_init(&b);
    const char *p = buf, *hit;
    while ((hit = strstr(p, from))) {
        acc_sb_addn(&b, p, (size_t)(hit - p));
        acc_sb_add(&b, to);
        p = hit + fl;
    }
    acc_sb_add(&b, p);
    if (!b.oom)
        snprintf(buf, n, "%s", acc_sb_str(&b));
    acc_sb_free(&b);
}

static int copy_text(const char *path, FILE *to, char *err, size_t errlen)
{
    char *text;
    size_t len;
    int rc = acc_io_read_file(path, 1u << 20, &text, &len, err, errlen);
    if (rc)
        return rc;
    /* gnuplot's dumb terminal pads with blank lines and trailing spaces:
     * drop the blank lines at the top and the spaces at line ends. */
    int started = 0;
    /* It also starts each page with a form feed. */
    char *w = text;
    for (char *r = text; *r; r++)
        if (*r != '\f')
            *w++ = *r;
    *w = '\0';
    for (char *line = text; *line;) {
        size_t n = strcspn(line, "\n");
        size_t m = n;
        while (m > 0 && line[m - 1] == ' ')
            m--;
        if (m > 0 || started) {
            started = 1;
            fwrite(line, 1, m, to);
            fputc('\n', to);
        }
        line += n + (line[n] ? 1 : 0);
    }
    fflush(to);
    free(text);
    return ACC_OK;
}

/* The script gnuplot runs from the private directory works in gnuplot's
 * working directory (the results directory) instead of the script's own:
 * the same number of lines, so gnuplot's line numbers still match. */
static int script_work_here(acc_sb *script)
{
    static const char from[] = "accord_here = ARG0;", to[] = "accord_here = './';";
    const char *at = script->s ? strstr(script->s, from) : NULL;
    if (!at)
        return 0;
    acc_sb b;
    acc_sb_init(&b);
    acc_sb_addn(&b, script->s, (size_t)(at - script->s));
    acc_sb_add(&b, to);
    acc_sb_add(&b, at + sizeof from - 1);
    if (b.oom) {
        acc_sb_free(&b);
        return -1;
    }
    acc_sb_free(script);
    *script = b;
    return 0;
}

/* One figure. figdir: NULL, the figure files (and the .gp script kept) go
 * beside the CSVs in dir; else they go into figdir (a private directory,
 * nothing is written in dir, no script kept). --term's text goes through a
 * private directory either way. */
static int draw_one(const char *dir, const char *figdir, const figspec *f, tmpl_cache *c,
                    unsigned formats, FILE *term, int cols, int rows, int gnuplot_ok, char *err,
                    size_t errlen)
{
    char tdir[256] = "", ttext[400] = "";
    static const unsigned order[] = {ACC_PLOT_PNG, ACC_PLOT_SVG, ACC_PLOT_PDF, ACC_PLOT_TXT};
    const char *finals[5], *temps[5];
    char finalbuf[5][160], tempbuf[5][200];
    int nf = 0, rc = ACC_OK;
    long pid = (long)getpid();
    for (int i = 0; i < 4; i++) {
        if (!(formats & order[i]))
            continue;
        snprintf(finalbuf[nf], sizeof finalbuf[0], "%s.%s", f->info.name, ext_of(order[i]));
        if (figdir) /* gnuplot writes the file in place: the directory is private */
            snprintf(tempbuf[nf], sizeof tempbuf[0], "%.90s/%s.%s", figdir, f->info.name,
                     ext_of(order[i]));
        else
            snprintf(tempbuf[nf], sizeof tempbuf[0], ".%s.tmp.%ld.%08lx.%s", f->info.name, pid,
                     ++tmp_counter & 0xffffffffUL, ext_of(order[i]));
        finals[nf] = finalbuf[nf];
        temps[nf] = tempbuf[nf];
        nf++;
    }
    int nt = nf;
    if (term && gnuplot_ok) {
        if (acc_plot_tmpdir(tdir, sizeof tdir, "plot") != 0) {
            int e = errno;
            acc_errf(err, errlen, "cannot create a temporary directory for --term: %s",
                     strerror(e));
            return ACC_EIO;
        }
        snprintf(ttext, sizeof ttext, "%s/%s.txt", tdir, f->info.name);
        temps[nt++] = ttext;
    }
    if (nt == 0)
        return ACC_OK;
    char path[4096];
    acc_sb script;
    acc_sb_init(&script);
    /* The script kept beside the CSVs names the final files. */
    if (nf > 0 && !figdir) {
        if ((rc = script_text(&script, f, c, finals, nf, 0, 0, err, errlen)))
            goto done;
        char name[128];
        snprintf(name, sizeof name, "%s.gp", f->info.name);
        if ((rc = acc_io_join(path, sizeof path, dir, name, err, errlen)) ||
            (rc = acc_io_write_file_atomic(path, script.s, script.len, err, errlen)))
            goto done;
    }
    if (!gnuplot_ok)
        goto done;
    /* The one gnuplot runs writes temporary names, renamed on success. */
    acc_sb_free(&script);
    acc_sb_init(&script);
    if ((rc = script_text(&script, f, c, temps, nt, term ? (cols > 0 ? cols : 80) : 0,
                          term ? (rows > 0 ? rows : 24) : 0, err, errlen)))
        goto done;
    if ((tdir[0] || figdir) && script_work_here(&script) != 0) {
        acc_errf(err, errlen, "out of memory");
        rc = ACC_ENOMEM;
        goto done;
    }
    char driver[4096];
    const char *private_dir = tdir[0] ? tdir : figdir;
    int k = private_dir ? snprintf(driver, sizeof driver, "%s/%s.gp", private_dir, f->info.name)
                        : snprintf(driver, sizeof driver, "%s/.%s.tmp.%ld.%08lx.gp", dir,
                                   f->info.name, pid, ++tmp_counter & 0xffffffffUL);
    if (k < 0 || (size_t)k >= sizeof driver) {
        acc_errf(err, errlen, "%s: path too long", dir);
        rc = ACC_EINVAL;
        goto done;
    }
    FILE *fp = fopen(driver, "wx");
    if (!fp) {
        int e = errno;
        acc_errf(err, errlen, "%s: cannot create: %s", driver, strerror(e));
        rc = ACC_EIO;
        goto done;
    }
    int bad = fwrite(script.s, 1, script.len, fp) != script.len;
    int werr = errno;
    if (fclose(fp) != 0 && !bad) {
        bad = 1;
        werr = errno;
    }
    if (bad) {
        acc_errf(err, errlen, "%s/%s.gp: cannot write the script gnuplot runs (%s): %s", dir,
                 f->info.name, driver, strerror(werr));
        unlink(driver);
        rc = ACC_EIO;
        goto done;
    }
    rc = acc_io_gnuplot_run(driver, dir, err, errlen);
    unlink(driver);
    if (rc && err && errlen) {
        /* Name the script the user has, not the temporary copy gnuplot ran. */
        char final[4200];
        snprintf(final, sizeof final, "%s/%s.gp", dir, f->info.name);
        replace_all(err, errlen, driver, final);
    }
    for (int i = 0; i < nt; i++) {
        char tp[4096], fp2[4096];
        if (i < nf && !figdir)
            snprintf(tp, sizeof tp, "%s/%s", dir, temps[i]);
        else
            snprintf(tp, sizeof tp, "%s", temps[i]); /* the private directory's */
        struct stat st;
        int present = stat(tp, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
        if (rc == ACC_OK && !present) {
            acc_errf(err, errlen, "gnuplot wrote nothing for %s/%s", dir,
                     i < nf ? finals[i] : "(text)");
            rc = ACC_EIO;
        }
        if (i < nf && figdir) {
            continue; /* written in place: kept for the caller */
        } else if (rc == ACC_OK && i < nf) {
            snprintf(fp2, sizeof fp2, "%s/%s", dir, finals[i]);
            if (rename(tp, fp2) != 0) {
                int e = errno;
                acc_errf(err, errlen, "%s: cannot rename to %s: %s", tp, fp2, strerror(e));
                rc = ACC_EIO;
            }
        } else if (rc == ACC_OK && term) {
            rc = copy_text(tp, term, err, errlen);
        }
        unlink(tp); /* no-op after a rename */
    }
done:
    if (tdir[0]) {
        if (ttext[0])
            unlink(ttext);
        char drv[400];
        snprintf(drv, sizeof drv, "%s/%s.gp", tdir, f->info.name);
        unlink(drv);
        rmdir(tdir);
    }
    acc_sb_free(&script);
    return rc;
}

/* ---- the figures accord drew in a directory (figures.txt) ----------------------- */

/* A name the list may hold: a plain figure file name. Its stem's length in *stem. */
static int figure_file_name(const char *s, size_t *stem)
{
    static const char *const exts[] = {".png", ".svg", ".pdf", ".txt", ".gp", NULL};
    size_t n = strlen(s);
    if (n == 0 || n > 200 || s[0] == '.' || strchr(s, '/') || strcmp(s, ACC_FILE_FIGURES) == 0)
        return 0;
    for (int i = 0; exts[i]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(s + n - e, exts[i]) == 0) {
            *stem = n - e;
            return 1;
        }
    }
    return 0;
}

/* The list's names (a copy of the file, split in place; NULL if none). */
static char *read_figure_list(const char *dir, char ***names, int *n)
{
    char path[4200], *text = NULL, err[64];
    *names = NULL;
    *n = 0;
    if (snprintf(path, sizeof path, "%s/" ACC_FILE_FIGURES, dir) >= (int)sizeof path ||
        !acc_io_is_file(path) || acc_io_read_file(path, 1u << 20, &text, NULL, err, sizeof err))
        return NULL;
    int cap = 1;
    for (const char *p = text; *p; p++)
        cap += *p == '\n';
    if (!(*names = calloc((size_t)cap, sizeof **names))) {
        free(text);
        return NULL;
    }
    char *save = NULL;
    for (char *t = strtok_r(text, "\n", &save); t && *n < cap; t = strtok_r(NULL, "\n", &save))
        (*names)[(*n)++] = t;
    return text;
}

void acc_plot_forget_figures(const char *dir)
{
    char **names, path[4200];
    int n;
    char *text = read_figure_list(dir, &names, &n);
    for (int i = 0; i < n; i++) {
        size_t stem;
        if (figure_file_name(names[i], &stem) &&
            snprintf(path, sizeof path, "%s/%s", dir, names[i]) < (int)sizeof path)
            unlink(path);
    }
    free(names);
    free(text);
    if (snprintf(path, sizeof path, "%s/" ACC_FILE_FIGURES, dir) < (int)sizeof path)
        unlink(path);
}

/* 1 if the lines of list hold name. */
static int list_has(const acc_sb *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = acc_sb_str(list); *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0)
            return 1;
        p += len + (e != NULL);
    }
    return 0;
}

/* After drawing every figure of L in `formats`: remove the listed files of
 * figures L no longer has, and list what is there now (L's files in these
 * formats and their scripts, and the listed files of L's figures in other
 * formats that still exist). */
static void tidy_figures(const char *dir, const figlist *L, unsigned formats)
{
    static const unsigned order[] = {ACC_PLOT_PNG, ACC_PLOT_SVG, ACC_PLOT_PDF, ACC_PLOT_TXT};
    char **names, path[4200];
    int n;
    char *text = read_figure_list(dir, &names, &n);
    acc_sb list;
    acc_sb_init(&list);
    for (int f = 0; f < L->n; f++) {
        acc_sb_printf(&list, "%s.gp\n", L->f[f].info.name);
        for (int k = 0; k < 4; k++)
            if (formats & order[k])
                acc_sb_printf(&list, "%s.%s\n", L->f[f].info.name, ext_of(order[k]));
    }
    for (int i = 0; i < n; i++) {
        size_t stem;
        if (!figure_file_name(names[i], &stem) ||
            snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path)
            continue;
        int current = 0;
        for (int f = 0; f < L->n && !current; f++)
            current = strlen(L->f[f].info.name) == stem &&
                      strncmp(L->f[f].info.name, names[i], stem) == 0;
        if (!current)
            unlink(path);
        else if (acc_io_is_file(path) && !list_has(&list, names[i]))
            acc_sb_printf(&list, "%s\n", names[i]);
    }
    free(names);
    free(text);
    if (!list.oom && snprintf(path, sizeof path, "%s/" ACC_FILE_FIGURES, dir) < (int)sizeof path) {
        char err[64];
        if (L->n > 0)
            acc_io_write_file_atomic(path, list.s, list.len, err, sizeof err);
        else
            unlink(path);
    }
    acc_sb_free(&list);
}

int acc_plot_dir(const char *dir, const acc_plot_opts *o, acc_plot_result *res, char *err,
                 size_t errlen)
{
    acc_plot_opts def;
    if (!o) {
        memset(&def, 0, sizeof def);
        def.formats = ACC_PLOT_PNG | ACC_PLOT_SVG;
        o = &def;
    }
    tmpl_cache *c = calloc(1, sizeof *c);
    figlist *L = calloc(1, sizeof *L);
    int rc;
    if (!c || !L) {
        free(c);
        free(L);
        memset(res, 0, sizeof *res);
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    if ((rc = resolve_templates(o, c->dir, sizeof c->dir, err, errlen))) {
        memset(res, 0, sizeof *res);
        goto done;
    }
    if ((rc = acc_plot_list_figs(dir, o, c->dir, res, L, err, errlen)))
        goto done;
    unsigned formats = o->formats & ACC_PLOT_FILES;
    if (formats && !o->figdir) {
        /* What a killed plot left there: its figures and scripts are named
         * like the atomic writer's temporaries plus the format's extension
         * (gnuplot's templates pick the terminal by it). */
        static const char *const plot_exts[] = {"png", "svg", "pdf", "gp", NULL};
        acc_atomic_remove_stale_ext(dir, plot_exts);
    }
    int gnuplot_ok = acc_io_gnuplot_available(NULL, 0);
    char first[1024] = "";
    int failures = 0;
    for (int i = 0; i < L->n; i++) {
        int r = draw_one(dir, o->figdir, &L->f[i], c, formats, o->term, o->term_cols, o->term_rows,
                         gnuplot_ok, first[0] ? NULL : first, sizeof first);
        if (r) {
            if (!failures)
                rc = r;
            failures++;
            if (r != ACC_EIO) /* templates unreadable, out of memory: stop */
                break;
        } else if (gnuplot_ok) {
            res->drawn++;
        }
    }
    /* Every figure drawn into the directory: forget the files of earlier ones. */
    if (formats && !o->figdir && !o->only && (rc == ACC_OK || rc == ACC_EIO))
        tidy_figures(dir, L, formats);
    if (!gnuplot_ok && rc == ACC_OK) {
        /* The runner words the message (and names ACCORD_GNUPLOT if set). */
        acc_io_gnuplot_run("-", NULL, first, sizeof first);
        acc_errf(err, errlen, "%s%s", first,
                 formats ? "; the gnuplot scripts (*.gp) are written: run them where gnuplot "
                           "is installed" : "");
        rc = ACC_EIO;
    } else if (failures) {
        if (failures > 1)
            acc_errf(err, errlen, "%s (and %d more figures failed)", first, failures - 1);
        else
            acc_errf(err, errlen, "%s", first);
    }
done:
    acc_plot_figlist_free(L);
    cache_free(c);
    free(L);
    free(c);
    return rc;
}

int acc_plot_parse_formats(const char *text, unsigned *out, char *err, size_t errlen)
{
    *out = 0;
    if (!text || !*text) {
        acc_errf(err, errlen, "no format given (png, svg, pdf or dumb)");
        return ACC_EINVAL;
    }
    char buf[256];
    if (strlen(text) >= sizeof buf) {
        acc_errf(err, errlen, "format list too long");
        return ACC_EINVAL;
    }
    size_t tl = strlen(text);
    if (strspn(text, ",") < tl && (text[0] == ',' || text[tl - 1] == ',' || strstr(text, ",,"))) {
        /* strtok would skip the empty one: "png,,svg" looks like a typo */
        acc_errf(err, errlen, "an empty format in '%s' (png, svg, pdf or dumb, separated by "
                 "commas)", text);
        return ACC_EINVAL;
    }
    strcpy(buf, text);
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (strcmp(w, "png") == 0)
            *out |= ACC_PLOT_PNG;
        else if (strcmp(w, "svg") == 0)
            *out |= ACC_PLOT_SVG;
        else if (strcmp(w, "pdf") == 0)
            *out |= ACC_PLOT_PDF;
        else if (strcmp(w, "dumb") == 0 || strcmp(w, "txt") == 0 || strcmp(w, "text") == 0)
            *out |= ACC_PLOT_TXT;
        else {
            acc_errf(err, errlen, "unknown format '%s' (png, svg, pdf or dumb)", w);
            *out = 0;
            return ACC_EINVAL;
        }
    }
    if (!*out) {
        acc_errf(err, errlen, "no format given (png, svg, pdf or dumb)");
        return ACC_EINVAL;
    }
    return ACC_OK;
}
