#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""report.py - turn the guests' BENCH-* lines into tables, charts and docs.

Usage: report.py [--docs DOCS] [--show TARGET...]

Reads every DOCS/bench/<target>.samples (written by tests/bench/bench.sh),
writes DOCS/bench/<target>.txt ("config workload ns", medians),
DOCS/bench/<target>.svg (gnuplot) and DOCS/benchmarks.md, and prints the
table of each --show target on the terminal.  Python standard library and
gnuplot only.

benchmarks.md is generated whole: the method and the tables from this
file, the analysis from tests/bench/notes.md, a template whose {{...}}
placeholders are filled from the samples (see fill_template()).  Edit
those two, never benchmarks.md.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

WORKLOADS = ["pread", "pread2", "preadv2", "open", "stat"]
WL_TEXT = {
    "pread": "1-byte `pread` on tmpfs",
    "pread2": "the same, 2 threads (one per vCPU), ns per op overall",
    "preadv2": "1-byte `preadv2` on tmpfs (`vfs_read` with `via=readv`)",
    "open": "`open`+`close` of an existing tmpfs file",
    "stat": "`stat` of distinct missing names (one new dentry each)",
}
EVENTS = ["vfs_open", "vfs_read", "vfs_write", "vfs_rename", "d_alloc"]
# The workload that fires each vfsmod event.
EVENT_WL = {"vfs_open": "open", "vfs_read": "pread", "vfs_write": None,
            "vfs_rename": None, "d_alloc": "stat"}
# Measured in their own block, side by side with `nomod` (guest.sh).
OFF_BLOCK = ("off", "offused")
PEERS = ["tp", "kp", "krp", "fpname", "fpret", "fpboth", "bpftrace",
         "bt_fexit", "bt_tp", "bt_vfsmod", "bt_vfsmod_raw", "bt_vfsmod_raw_direct"]
PEER_TEXT = {
    "none": "no module, no tracing",
    "off": "vfsmod loaded, events off",
    "offused": "vfsmod loaded, `vfs_read` enabled and disabled again, events off "
               "(what stays after a first use: on 6.14+ the fgraph anchor)",
    "nomod": "no module, no tracing, measured beside `off` and `offused` in their block "
             "(their baseline; its overhead over `none` is the noise of measuring one thing twice)",
    "tp": "static tracepoint `syscalls:sys_enter_pread64`",
    "kp": "kprobe event `p:vfs_read` (no arguments)",
    "krp": "kretprobe event `r:vfs_read ret=$retval`",
    "fpname": "fprobe event `f:vfs_read name=file->f_path.dentry->d_name.name:string` (BTF)",
    "fpret": "fprobe exit event `f:vfs_read%return ret=$retval`",
    "fpboth": "`fpname` and `fpret` together (name + return value from stock events)",
    "bpftrace": "bpftrace `kprobe:vfs_read { @[comm] = count(); }`",
    "bt_fexit": "bpftrace `kretfunc:vfs_read` (BPF fexit trampoline), the same count",
    "bt_tp": "bpftrace `tracepoint:syscalls:sys_enter_pread64`, the same count",
    "bt_vfsmod": "bpftrace `tracepoint:vfsmod:vfs_read` (auto backend), the same count",
    "bt_vfsmod_raw": "bpftrace `rawtracepoint:vfsmod:vfs_read` (auto backend; 0.23: "
                     "`rawtracepoint:vfs_read`), the same count",
    "bt_vfsmod_raw_direct": "bpftrace `rawtracepoint:vfsmod:vfs_read` on `backend=direct` (the same count)",
    "krp_open": "reference for `open`: kretprobe event `r:vfs_open ret=$retval`",
    "fpret_open": "reference for `open`: fprobe exit event `f:vfs_open%return ret=$retval`",
    "krp_dalloc": "reference for `stat`: kretprobe event `r:d_alloc_parallel ret=$retval`",
    "fpret_dalloc": "reference for `stat`: fprobe exit event `f:d_alloc_parallel%return ret=$retval`",
    "vfs_read-nopath": "vfsmod:vfs_read on, kprobe backend, `paths=none`: against `vfs_read-kprobe`, "
                       "the cost of the path",
    "vfs_read-nopath-direct": "vfsmod:vfs_read on, direct backend, `paths=none`",
    "vfs_read-plain": "vfsmod:vfs_read on, kprobe backend, a module built with only `vfs_read()` and "
                      "`vfs_write()` hooked: against `vfs_read-kprobe`, what the other ways' hooks cost a plain read",
}
REFS = {"vfs_open": ["krp_open", "fpret_open"], "d_alloc": ["krp_dalloc", "fpret_dalloc"],
        "vfs_read": ["krp", "fpret"]}


def config_text(c):
    if c in PEER_TEXT:
        return PEER_TEXT[c]
    ev, be = c.rsplit("-", 1)
    return "vfsmod:%s on, %s backend" % (ev, be)


class Run:
    """One target's samples file."""

    def __init__(self, path):
        self.target = os.path.basename(path)[:-len(".samples")]
        self.info = {}
        self.skips = {}
        self.errors = []
        self.samples = {}   # (config, workload) -> list of dicts
        self.sizes = []
        self.mem = []
        self.prof = {}      # config -> list of (pct, dso, sym)
        self.prof_n = {}
        self.configs = []
        for line in open(path, encoding="utf-8", errors="replace"):
            f = line.split()
            if not f:
                continue
            k = f[0]
            if k == "BENCH-INFO" and len(f) >= 2:
                self.info[f[1]] = " ".join(f[2:])
            elif k == "BENCH-SKIP" and len(f) >= 2:
                self.skips[f[1]] = " ".join(f[2:])
            elif k == "BENCH-ERROR":
                self.errors.append(" ".join(f[1:]))
            elif k == "BENCH-SAMPLE" and len(f) >= 13:
                c, w = f[2], f[3]
                s = dict(round=int(f[1]), ns=float(f[4]), median=float(f[5]),
                         mean=float(f[6]), n=int(f[7]), ops=int(f[8]),
                         entries=int(f[9]), overrun=int(f[10]),
                         hits=int(f[11]), missed=int(f[12]))
                self.samples.setdefault((c, w), []).append(s)
                if c not in self.configs:
                    self.configs.append(c)
            elif k == "BENCH-SIZE" and len(f) >= 7:
                self.sizes.append(dict(event=f[1], kind=f[2], namelen=int(f[3]),
                                       bytes=int(f[4]), entries=int(f[5]),
                                       record=int(f[6])))
            elif k == "BENCH-MEM" and len(f) >= 4:
                self.mem.append((f[1], f[2], f[3:]))
            elif k == "BENCH-PROF" and len(f) >= 4:
                if f[2] == "samples":
                    self.prof_n[f[1]] = f[3]
                elif len(f) >= 5:
                    self.prof.setdefault(f[1], []).append(
                        (float(f[2]), f[3], " ".join(f[4:])))
        self.kernel = self.info.get("kernel", "?")
        self.rounds = len({s["round"] for (c, w), v in self.samples.items()
                           if c not in OFF_BLOCK + ("nomod",) for s in v})
        self.passes = len({s["round"] for s in self.samples.get(("nomod", "pread"), [])})

    def has(self, c, w="pread"):
        return (c, w) in self.samples

    def med(self, c, w):
        v = self.samples.get((c, w))
        return statistics.median(s["ns"] for s in v) if v else None

    def rng(self, c, w):
        v = self.samples.get((c, w))
        return (min(s["ns"] for s in v), max(s["ns"] for s in v)) if v else None

    def base(self, c, w):
        """What c is compared with: `nomod`, the no-module samples taken
        beside it, for the events-off block's configurations, else `none`."""
        return "nomod" if c in OFF_BLOCK and self.has("nomod", w) else "none"

    def over(self, c, w):
        m, b = self.med(c, w), self.med(self.base(c, w), w)
        return None if m is None or b is None else m - b

    def per_round(self, c, w):
        """{round (or pass): t(c)}."""
        return {s["round"]: s["ns"] for s in self.samples.get((c, w), [])}

    def per_round_over(self, c, w):
        """{round: t(c) - t(base)} from the same round (or pass)."""
        base = self.per_round(self.base(c, w), w)
        return {r: t - base[r] for r, t in self.per_round(c, w).items() if r in base}

    def off_pct(self, c, w):
        """Events off against no module, in % of no module: the median of
        each pass's (or, in samples without the events-off block, each
        round's) difference, and the quartiles."""
        base = self.per_round(self.base(c, w), w)
        per = sorted(o / base[r] * 100 for r, o in self.per_round_over(c, w).items())
        q = statistics.quantiles(per, n=4) if len(per) >= 4 else None
        return statistics.median(per), ((q[0], q[2]) if q else None)

    def ratio(self, a, b, w="pread"):
        """Overhead of a / overhead of b: of the medians, and the range of
        the per-round ratios."""
        oa, ob = self.over(a, w), self.over(b, w)
        if oa is None or ob is None or ob <= 0:
            return None
        ra, rb = self.per_round_over(a, w), self.per_round_over(b, w)
        per = sorted(ra[r] / rb[r] for r in ra if r in rb and rb[r] > 0)
        if len(per) >= 4:
            q = statistics.quantiles(per, n=4)
            return oa / ob, (q[0], q[2])
        return oa / ob, (per[0], per[-1]) if per else None

    def events_per_op(self, c, w):
        v = self.samples.get((c, w))
        if not v:
            return None
        return statistics.median(s["entries"] / s["ops"] for s in v)

    def fprobe_kernel(self):
        """Stock fprobe events exist here: the references are fprobe events."""
        return self.has("fpboth") and self.has("vfs_read-fprobe")

    def on_fgraph(self):
        """6.14 and later: fprobe runs on fgraph (docs/design.md)."""
        m = re.match(r"(\d+)\.(\d+)", self.kernel)
        return bool(m) and (int(m.group(1)), int(m.group(2))) >= (6, 14)

    def default_backend(self):
        """What backend=auto picks on this kernel (module/main.c): fprobe
        where the kernel runs it and it is not on fgraph, else kprobe."""
        return "fprobe" if self.has("vfs_read-fprobe") and not self.on_fgraph() else "kprobe"

    def run_backend(self):
        """What backend=auto picked in this run (the stats file's header)."""
        m = re.search(r"# backend (\w+)", self.info.get("vfsmod", ""))
        return m.group(1) if m else None

    def backends(self):
        """The vfsmod backends measured, auto's choice first."""
        d = self.default_backend()
        return [b for b in (d, "kprobe" if d == "fprobe" else "fprobe", "direct", "nopath-direct")
                if self.has("vfs_read-" + b)]


def fmt_ns(x):
    return "–" if x is None else "%.0f" % x


def fmt_over(x):
    return "–" if x is None else "%+.0f" % x


def fmt_ratio(r):
    if r is None:
        return "–"
    v, per = r
    return "%.2fx" % v + (" (%.2f–%.2f)" % per if per else "")


def verdict(r, lim):
    """met / not met, and whether the per-round quartiles straddle the limit."""
    ok = r[0] <= lim
    noisy = r[1] is not None and r[1][0] <= lim <= r[1][1]
    return ok, noisy


# --- targets --------------------------------------------------------------

def verdict_text(v, md=True):
    ok, noisy = v
    t = "met" if ok else "not met"
    if md:
        t = "**%s**" % t
    return t + (" (within the round-to-round spread)" if noisy else "")


def targets(run, auto_only=False):
    """List of (target, requirement, measured, (met?, within noise?)), for
    every vfsmod backend measured, or only for auto's."""
    out = []
    for off, label in (("off", "events off"), ("offused", "events off after a first use")):
        det = [(w, run.off_pct(off, w)) for w in WORKLOADS
               if run.has(off, w) and run.has(run.base(off, w), w)]
        if not det:
            continue
        detail = ", ".join("%s %+.1f %%" % (w, d) + (" [%+.1f, %+.1f]" % q if q else "")
                           for w, (d, q) in det)
        if run.passes:
            detail += " (median over %d passes beside no module [quartiles])" % run.passes
        if any(d < -2.0 for _, (d, q) in det):
            detail += " (below −2 %: noise, loading the module cannot make a workload faster)"
        ran = run.run_backend()
        if ran and ran != run.default_backend():
            label += " (measured with %s)" % ran
        out.append((label, "within 2 % of no module on every workload",
                    detail, (max(d for _, (d, q) in det) <= 2.0,
                             any(q and q[0] <= 2.0 <= q[1] for _, (d, q) in det))))
    # A plain read with every way hooked against one with only vfs_read()
    # and vfs_write() hooked: the coverage issue's "plain pread unchanged".
    full, plain = run.med("vfs_read-kprobe", "pread"), run.med("vfs_read-plain", "pread")
    if full is not None and plain is not None:
        d = (full - plain) / plain * 100
        out.append(("every way hooked (kprobe)", "a plain `pread` within 2 % of `vfs_read()`/`vfs_write()` hooked alone",
                    "vfs_read-plain: %.0f vs %.0f ns per pread, %+.1f %% (%+.0f ns)" % (full, plain, d, full - plain),
                    (d <= 2.0, False)))
    if run.fprobe_kernel():
        goals = (("fpboth", 0.6, "≤ 0.6x the overhead of BTF-name fprobe + `%return $retval` fprobe", "target"),
                 ("fpname", 1.0, "≤ the overhead of the name-only fprobe event", "aim"))
    else:
        goals = (("krp", 1.3, "≤ 1.3x the overhead of a kretprobe event with `$retval`", "target"),
                 ("krp", 1.0, "≤ the overhead of a kretprobe event with `$retval`", "aim"))
    goals += (("tp", 1.25, "≤ 1.25x the static tracepoint's overhead", "stretch"),)
    # The BPF user's price: a count on vfsmod's vfs_read against a count
    # on a plain fexit of vfs_read (the performance issue's figure).
    for me in ("bt_vfsmod", "bt_vfsmod_raw", "bt_vfsmod_raw_direct"):
        r = run.ratio(me, "bt_fexit")
        if r is not None:
            out.append(("target: %s" % PEER_TEXT[me].split(" (")[0], "≤ 1.25x a BPF fexit count on `vfs_read`",
                        "bt_fexit: %s vs %s ns → %s" % (fmt_over(run.over(me, "pread")),
                                                       fmt_over(run.over("bt_fexit", "pread")), fmt_ratio(r)),
                        verdict(r, 1.25)))
    for be in run.backends()[:1] if auto_only else run.backends():
        me = "vfs_read-" + be
        ov = run.over(me, "pread")
        who = "%s%s" % (be, ", auto" if be == run.default_backend() else "")
        if be == "nopath-direct":
            who = "direct, `paths=none`"
        for peer, lim, label, kind in goals:
            r = run.ratio(me, peer)
            if r is None:
                continue
            out.append(("%s: `vfsmod:vfs_read` (%s)" % (kind, who), label,
                        "%s: %s vs %s ns → %s" % (peer, fmt_over(ov), fmt_over(run.over(peer, "pread")),
                                                 fmt_ratio(r)), verdict(r, lim)))
    return out


# --- profile buckets ----------------------------------------------------------

VFSMOD_SYMS = set()   # the module's text symbols, from BENCH-INFO vfsmod_syms
# False while grouping a configuration that runs with vfsmod unloaded: perf
# can still name an address after a symbol of the unloaded module (its
# kallsyms cache), which is then no vfsmod code.
VFSMOD_LOADED = [True]


def is_vfsmod(d, s):
    return VFSMOD_LOADED[0] and (d == "[vfsmod]" or s in VFSMOD_SYMS or s.startswith("vfsmod_"))


# (key for notes.md's {{T prof C W KEY}}, group name, test on (dso, symbol))
BUCKETS = [
    ("path", "vfsmod: path walk and store", lambda d, s: is_vfsmod(d, s) and re.search(r"path|^walk", s)),
    ("namecopy", "vfsmod: name copy", lambda d, s: is_vfsmod(d, s) and re.search(r"dname", s)),
    ("record", "vfsmod: event record (reserve, fill, commit)", lambda d, s: is_vfsmod(d, s) and re.search(r"trace_event_raw_event", s)),
    ("handlers", "vfsmod: handlers", lambda d, s: is_vfsmod(d, s)),
    ("strings", "name copy (kernel string helpers)", lambda d, s: re.match(r"(strscpy|strnlen|strlen|__memcpy|memcpy)", s)),
    ("fetch", "probe event argument fetch", lambda d, s: re.search(
        r"process_fetch_insn|fetch_store_string|store_trace_args|copy_from_kernel_nofault|"
        r"strncpy_from_kernel_nofault|fetch_", s)),
    ("ring", "ring buffer + event write", lambda d, s: re.search(
        r"ring_buffer|^rb_|^__rb_|trace_event_buffer|trace_buffer|tracing_gen_ctx|trace_event_raw|"
        r"ftrace_syscall_enter|syscall_trace|trace_probe|trace_clock|sched_clock|"
        r"kprobe_trace_func|kretprobe_trace_func|fentry_trace_func|fexit_trace_func|"
        r"__trace_|trace_event_ignore|ftrace_event|perf_trace", s)),
    ("bpf", "BPF", lambda d, s: re.search(r"bpf|htab|__htab|bpf_prog", s) or d.startswith("[bpf")),
    ("mech", "probe mechanism (ftrace/fprobe/rethook/kprobe)", lambda d, s: re.search(
        r"fprobe|rethook|ftrace|kprobe|kretprobe|fgraph|function_graph|graph_|trampoline|"
        r"arch_ftrace|__ftrace|ftrace_ops|return_to_handler|prepare_ftrace_return|"
        r"unwind|kernel_text_address|is_ftrace|get_kprobe|text_poke|__kernel_text|__is_insn|objpool|"
        r"hash_contains_ip", s)
        or d == "[unknown]" and s.startswith("0xffff")),
]


REST = ("rest", "syscall, VFS, user space, rest")
BUCKET_NAME = dict([(k, n) for k, n, _ in BUCKETS] + [REST])


def bucket(d, s):
    """The key of the group a profile symbol belongs to."""
    for key, _, test in BUCKETS:
        if test(d, s):
            return key
    return REST[0]


def profile_split(run, c):
    p = run.prof.get(c)
    if not p:
        return None
    cfg = c.split("/")[0]
    VFSMOD_LOADED[0] = cfg in ("off", "offused") or cfg.endswith(("-fprobe", "-kprobe", "-direct", "-nopath", "-plain"))
    b = {}
    for pct, d, s in p:
        k = bucket(d, s)
        b[k] = b.get(k, 0) + pct
    VFSMOD_LOADED[0] = True
    return b


# --- chart ----------------------------------------------------------------------

def chart(run, svg):
    cfgs = [c for c in run.configs if c not in ("none", "nomod")]
    if not cfgs:
        return False
    with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as f:
        for c in cfgs:
            f.write('"%s" %s\n' % (c, " ".join(
                "%.1f" % run.over(c, w) if run.over(c, w) is not None else "NaN"
                for w in WORKLOADS)))
        dat = f.name
    title = "vfsmod bench: %s (%s), overhead over no module, median of %d rounds, TCG guest" % (
        run.kernel, run.target, run.rounds)
    gp = """set terminal svg size 1200,620 dynamic noenhanced font "sans,11" background rgb "white"
set output "%s"
set title "%s"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel "ns per operation over no module"
set grid ytics
set xtics rotate by -35 left nomirror
set key top left
set xzeroaxis lt -1
set bmargin 9
plot "%s" using 2:xtic(1) title "pread", '' using 3 title "pread2 (2 threads)", '' using 4 title "preadv2", '' using 5 title "open+close", '' using 6 title "stat missing"
""" % (svg, title, dat)
    try:
        r = subprocess.run(["gnuplot"], input=gp, text=True, capture_output=True)
    except FileNotFoundError:
        print("report: gnuplot not found: no chart", file=sys.stderr)
        return False
    finally:
        os.unlink(dat)
    if r.returncode != 0:
        print("report: gnuplot failed: %s" % r.stderr.strip(), file=sys.stderr)
        return False
    return True


# --- text output ------------------------------------------------------------------

def md_table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(x) for x in r) + " |" for r in rows]
    return "\n".join(out)


def prof_ns(run, c, w):
    """{group key: ns per op} of configuration c on workload w: the median
    ns/op spread over the profile's groups by their share of samples."""
    sp = profile_split(run, "%s/%s" % (c, w))
    t = run.med(c, w)
    if not sp or t is None:
        return None
    total = sum(sp.values()) or 1
    return {k: v / total * t for k, v in sp.items()}


def prof_over(run, c, w, key):
    """ns per op of one group under c, minus the same group under none."""
    p, b = prof_ns(run, c, w), prof_ns(run, "none", w) or {}
    if p is None:
        return None
    return p.get(key, 0) - b.get(key, 0)


def main_table_rows(run):
    rows = []
    for c in run.configs:
        r = [("`%s`" % c), config_text(c)]
        for w in WORKLOADS:
            m, rg = run.med(c, w), run.rng(c, w)
            if m is None:
                r.append("–")
                continue
            cell = "%s [%s–%s]" % (fmt_ns(m), fmt_ns(rg[0]), fmt_ns(rg[1]))
            if c != "none":
                cell += " **%s**" % fmt_over(run.over(c, w))
            r.append(cell)
        rows.append(r)
    return rows


def terminal(run):
    print()
    print("== %s: kernel %s, %s rounds, ns per op (fastest chunk, median over rounds; +overhead over none)"
          % (run.target, run.kernel, run.rounds))
    print("%-20s" % "config" + "".join("%20s" % w for w in WORKLOADS) + "%10s" % "ev/op")
    for c in run.configs:
        line = "%-20s" % c
        for w in WORKLOADS:
            m = run.med(c, w)
            o = run.over(c, w)
            line += "%20s" % ("–" if m is None else
                              "%.0f" % m + ("" if c == "none" else " (%+.0f)" % o))
        epo = run.events_per_op(c, "pread")
        line += "%10s" % ("" if epo is None else "%.2f" % epo)
        print(line)
    for me in ("vfs_read-fprobe", "vfs_read-kprobe"):
        if not run.has(me):
            continue
        print("%s on pread, overhead ratio to: " % me + ", ".join(
            "%s %s" % (p, fmt_ratio(run.ratio(me, p))) for p in PEERS if run.has(p)))
    path = path_cost(run)
    if path:
        print("path cost on pread (vfs_read-kprobe - vfs_read-nopath): %s" % path)
    for name, req, meas, ok in targets(run):
        print("%-9s %-34s %s  [%s]%s" % ("MET" if ok[0] else "NOT MET", name, meas, req,
                                          " (within round-to-round spread)" if ok[1] else ""))


def path_cost(run):
    """The path's share of vfs_read on pread, from the same boot, or None."""
    full, bare = run.over("vfs_read-kprobe", "pread"), run.over("vfs_read-nopath", "pread")
    if full is None or bare is None or full <= 0:
        return None
    return "%.0f ns, %.0f %% of the event's %.0f ns" % (full - bare, 100.0 * (full - bare) / full, full)


def kernel_section(run, docs):
    VFSMOD_SYMS.clear()
    VFSMOD_SYMS.update(run.info.get("vfsmod_syms", "").split())
    L = []
    A = L.append
    A("## %s: Linux %s" % (run.target, run.kernel))
    A("")
    A("%s rounds; the guest ran %s s. Operations per sample: %s; chunk sizes: %s. Host: %s." % (
        run.rounds, run.info.get("guest_s", "?"), run.info.get("n", "?"), run.info.get("chunk", "?"),
        run.info.get("host", "?")))
    other = run.info.get("host_other_cpus")
    if other is not None:
        A("Other work on the host kept %s CPUs busy on average during the run%s." % (
            other, " (**noisy figures**: more than 0.3 CPUs; the guest shared its core)"
            if float(other) > 0.3 else " (idle enough: the guest had its core to itself)"))
    auto, ran = run.default_backend(), run.run_backend()
    A("`backend=auto` picks **%s** on this kernel%s." % (
        auto, "" if ran in (None, auto) else
        "; in this run it still picked %s, so `off` and `offused` were measured with %s" % (ran, ran)))
    if run.skips:
        A("")
        A("Not measured on this kernel: " + "; ".join(
            "`%s` (%s)" % (c, r.strip() or "unsupported") for c, r in run.skips.items()) + ".")
    if run.errors:
        A("")
        A("Errors during the run: " + "; ".join(run.errors[:5]))
    A("")
    if os.path.exists(os.path.join(docs, "bench", run.target + ".svg")):
        A("![overhead per configuration and workload on %s](bench/%s.svg)" % (run.kernel, run.target))
        A("")
    A("### ns per operation")
    A("")
    A("Median over rounds [min–max over rounds], **overhead** = t − t(`none`) of the same workload "
      "(`off` and `offused`: median over passes, t − t(`nomod`)).")
    A("")
    A(md_table(["config", "what"] + WORKLOADS, main_table_rows(run)))
    A("")
    path = path_cost(run)
    if path:
        A("The path (`paths=none` against the default, kprobe backend, pread on tmpfs): %s." % path)
        A("")
    A("### vfsmod against each peer (pread)")
    A("")
    A("Overhead of `vfsmod:vfs_read` divided by the overhead of the peer: below 1 means vfsmod costs "
      "less. In brackets the range of the same ratio computed round by round.")
    A("")
    rows = []
    for be in run.backends():
        me = "vfs_read-" + be
        for w in ("pread", "pread2"):
            rows.append(["`%s` %s (%s ns)" % (me, w, fmt_over(run.over(me, w)))] +
                        [fmt_ratio(run.ratio(me, p, w)) if run.has(p, w) else "–" for p in PEERS])
    A(md_table(["vfsmod"] + ["`%s` (%s ns)" % (p, fmt_over(run.over(p, "pread"))) if run.has(p) else "`%s`" % p
                             for p in PEERS], rows))
    A("")
    A("### Each event on the workload that fires it")
    A("")
    A("Overhead in ns per operation per backend, the events written per operation (ring-buffer entries "
      "÷ operations: each probe really fired), and a stock return probe with `$retval` on the same "
      "function (less information: no name) with vfsmod's overhead as a ratio of it. `vfs_write` and "
      "`vfs_rename` have no workload of their own: their row is `pread` with their probes attached.")
    A("")
    rows = []
    for ev in EVENTS:
        w = EVENT_WL[ev] or "pread"
        cells = []
        for be in ("fprobe", "kprobe"):
            c = "%s-%s" % (ev, be)
            epo = run.events_per_op(c, w)
            cells.append("–" if not run.has(c, w) else "%s (%s/op)" % (
                fmt_over(run.over(c, w)), "–" if epo is None else "%.2f" % epo))
        rr = []
        for ref in (REFS.get(ev, []) if EVENT_WL[ev] else []):
            if not run.has(ref, w):
                continue
            kind = "fprobe" if ref.startswith("fp") else "kprobe"
            rr.append("`%s` %s; vfsmod-%s %s" % (ref, fmt_over(run.over(ref, w)), kind,
                                                 fmt_ratio(run.ratio("%s-%s" % (ev, kind), ref, w))))
        rows.append(["`%s`" % ev, w] + cells + ["<br>".join(rr) or "–"])
    A(md_table(["event", "workload", "fprobe backend", "kprobe backend", "stock return probe; ratio"], rows))
    A("")
    miss = sum(s["missed"] for v in run.samples.values() for s in v)
    over = sum(s["overrun"] for v in run.samples.values() for s in v)
    short = []
    for ev in EVENTS:
        w = EVENT_WL[ev]
        for be in ("fprobe", "kprobe"):
            for s in run.samples.get(("%s-%s" % (ev, be), w), []) if w else []:
                if s["hits"] < s["ops"]:
                    short.append("%s-%s %s round %d: %d hits for %d ops" % (ev, be, w, s["round"],
                                                                            s["hits"], s["ops"]))
    A("Missed: vfsmod's `missed` counter summed over all samples **%d**; ring-buffer overruns (16 MB "
      "per CPU, cleared before each sample) **%d**; samples where an event fired fewer times than its "
      "workload's operations **%d**%s." % (miss, over, len(short),
                                           (" (" + "; ".join(short[:4]) + ")") if short else ""))
    A("")
    if run.sizes:
        A("### Bytes per event in the ring buffer")
        A("")
        A("Measured: `bytes:` ÷ `entries:` of `per_cpu/cpu*/stats` after 200 rounds of pwrite, pread, "
          "open, rename there and back and a missing-name stat (ring-buffer page padding included). "
          "Record: the payload from the event's `format` file (fixed fields + NUL-terminated names), "
          "4-byte aligned, plus the event header.")
        A("")
        rows = []
        for ev in EVENTS:
            r = ["`%s`" % ev]
            for kind in ("short", "long"):
                s = [x for x in run.sizes if x["event"] == ev and x["kind"] == kind]
                if not s or not s[0]["entries"]:
                    r += ["–", "–"]
                    continue
                r += ["%.1f" % (s[0]["bytes"] / s[0]["entries"]), "%d" % s[0]["record"]]
            rows.append(r)
        A(md_table(["event", "8-byte name: measured", "record", "255-byte name: measured", "record"], rows))
        A("")
    if run.mem:
        A("### Memory")
        A("")
        A("`lsmod` size of vfsmod, and what moved in `/proc/meminfo` (kB) on `modprobe` (no event "
          "enabled) and on enabling all five events (median of 3 cycles): probe instances "
          "(`maxactive` per hook), ftrace hash tables and trampolines (vmalloc), rename's name slots.")
        A("")
        rows = []
        for be in ("fprobe", "kprobe"):
            lm = [v for b, k, v in run.mem if b == be and k == "lsmod_size"]
            if not lm:
                continue
            ld = [v for b, k, v in run.mem if b == be and k == "load_kB"]
            en = [dict(x.split("=") for x in v) for b, k, v in run.mem if b == be and k == "enable_kB"]
            med = {key: statistics.median(int(e[key]) for e in en) for key in en[0]} if en else {}
            rows.append([be, lm[0][0], " ".join(ld[0]) if ld else "–",
                         " ".join("%s=%g" % (k, v) for k, v in med.items())])
        A(md_table(["backend", "lsmod size (bytes)", "on load (kB)", "5 events enabled (kB)"], rows))
        A("")
    keys = [k for k in run.prof if k.endswith("/pread")]
    if keys:
        A("### Where the time goes (perf, pread)")
        A("")
        A("`perf record -e cpu-clock -F 5000 -C 1` over twice a sample's operations (no PMU in a TCG "
          "guest: timer samples), by symbol, grouped by the patterns in `report.py`. Each cell spreads "
          "the configuration's median ns/op over the groups by their share of samples; in brackets the "
          "difference to `none`. Approximate: a few thousand samples, and TCG delivers timer "
          "interrupts only at translation-block ends, so time smears into the code around a probe.")
        A("")
        base = prof_ns(run, "none", "pread") or {}
        rows = []
        for key in [k for k, _, _ in BUCKETS] + [REST[0]]:
            r = [BUCKET_NAME[key]]
            for k in keys:
                p = prof_ns(run, k.split("/")[0], "pread") or {}
                r.append("%.0f (%+.0f)" % (p[key], p[key] - base.get(key, 0)) if key in p else "–")
            if any(x != "–" for x in r[1:]):
                rows.append(r)
        A(md_table(["group"] + ["`%s`" % k.split("/")[0] for k in keys], rows))
        A("")
    return "\n".join(L)


# --- the analysis template -------------------------------------------------------

def fill_template(text, runs):
    """Fill notes.md's placeholders from the samples.  {{TARGET WHAT ARGS}}:
      over C W         overhead of configuration C on workload W, ns ("+2247")
      ns C W           median ns per op ("1840")
      pct C W          overhead in % of none ("+1.5 %")
      ratio C1 C2 W    overhead of C1 / overhead of C2 ("0.47x")
      diff C1 C2 W     overhead of C1 - overhead of C2, ns ("+350")
      prof C W KEY     ns of profile group KEY under C, minus none's (KEY: see BUCKETS)
      size EVENT KIND  bytes per event measured (KIND short or long)
      kernel           the kernel release
      backend          what backend=auto picks on that kernel
      runbackend       what it picked in that run (off and offused ran with it)
    A figure the samples do not have is shown as "–" and reported on stderr."""
    by = {r.target: r for r in runs}

    def one(m):
        f = m.group(1).split()
        r = by.get(f[0])
        v = None
        try:
            if r is None:
                pass
            elif f[1] == "over":
                v = fmt_over(r.over(f[2], f[3])) if r.over(f[2], f[3]) is not None else None
            elif f[1] == "ns":
                v = fmt_ns(r.med(f[2], f[3])) if r.med(f[2], f[3]) is not None else None
            elif f[1] == "pct":
                if f[2] in OFF_BLOCK:
                    v = "%+.1f %%" % r.off_pct(f[2], f[3])[0] if r.has(f[2], f[3]) else None
                else:
                    o, b = r.over(f[2], f[3]), r.med("none", f[3])
                    v = "%+.1f %%" % (o / b * 100) if o is not None and b else None
            elif f[1] == "ratio":
                x = r.ratio(f[2], f[3], f[4])
                v = "%.2fx" % x[0] if x else None
            elif f[1] == "diff":
                a, b = r.over(f[2], f[4]), r.over(f[3], f[4])
                v = "%+.0f" % (a - b) if a is not None and b is not None else None
            elif f[1] == "prof":
                VFSMOD_SYMS.clear()
                VFSMOD_SYMS.update(r.info.get("vfsmod_syms", "").split())
                x = prof_over(r, f[2], f[3], f[4])
                v = "%.0f" % x if x is not None else None
            elif f[1] == "size":
                s = [x for x in r.sizes if x["event"] == f[2] and x["kind"] == f[3] and x["entries"]]
                v = "%.0f" % (s[0]["bytes"] / s[0]["entries"]) if s else None
            elif f[1] == "kernel":
                v = r.kernel
            elif f[1] == "backend":
                v = r.default_backend()
            elif f[1] == "runbackend":
                v = r.run_backend()
        except (IndexError, ZeroDivisionError):
            v = None
        if v is None:
            print("report: notes.md: no figure for {{%s}}" % m.group(1), file=sys.stderr)
            return "–"
        return v

    return re.sub(r"\{\{([^}]*)\}\}", one, text)


def write_txt(run, path):
    with open(path, "w") as f:
        f.write("# vfsmod bench, %s, Linux %s, %d rounds\n" % (run.target, run.kernel, run.rounds))
        f.write("# config workload ns  (ns per op: fastest chunk of a sample, median over rounds)\n")
        for c in run.configs:
            for w in WORKLOADS:
                m = run.med(c, w)
                if m is not None:
                    f.write("%s %s %.1f\n" % (c, w, m))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../docs"))
    ap.add_argument("--show", nargs="*", default=[])
    a = ap.parse_args()
    docs = os.path.abspath(a.docs)
    bdir = os.path.join(docs, "bench")
    order = ["bullseye", "bookworm", "trixie", "sid", "trixie-rt"]
    files = sorted((f for f in os.listdir(bdir) if f.endswith(".samples")),
                   key=lambda f: (order.index(f[:-8]) if f[:-8] in order else 99, f))
    runs = [Run(os.path.join(bdir, f)) for f in files]
    runs = [r for r in runs if r.samples]
    for r in runs:
        write_txt(r, os.path.join(bdir, r.target + ".txt"))
        chart(r, os.path.join(bdir, r.target + ".svg"))
    here = os.path.dirname(os.path.abspath(__file__))
    notes = os.path.join(here, "notes.md")
    L = []
    A = L.append
    A("# vfsmod benchmarks")
    A("")
    A("<!-- Generated by tests/bench/report.py (make bench) from docs/bench/*.samples, with the "
      "analysis from the template tests/bench/notes.md. Do not edit by hand: edit those two. -->")
    A("")
    A("What vfsmod costs per traced operation, next to what a user would otherwise use on the same "
      "kernel function, measured with this repository's code in one QEMU guest boot per kernel. "
      "Why the module is built this way: [design.md](design.md).")
    A("")
    A("## How to reproduce")
    A("")
    A("    make bench                      # trixie and bookworm (as root; builds missing roots)")
    A("    make bench KERNELS=\"sid\"        # any of: bullseye bookworm trixie sid trixie-rt")
    A("    BENCH_REF=HEAD make bench       # the committed module, not the working tree")
    A("    python3 tests/bench/report.py   # this page again from the samples files, no guest")
    A("")
    A("`tests/bench/bench.sh` reuses the `make check` roots and harness (`tests/harness/common.sh`: "
      "DKMS install, `mkfs.ext4 -d` image, the root's own kernel under "
      "`-accel tcg,thread=single -smp 2`), builds `tests/bench/loop.c` with the root's gcc "
      "(`-O2 -static -pthread`) and runs `tests/bench/guest.sh` as the guest's command, one guest at "
      "a time. It writes `docs/bench/<target>.samples` (every line the guest printed), then runs "
      "`report.py`, which writes `docs/bench/<target>.txt` (`config workload ns`, medians), the "
      "charts and this page. Knobs: `BENCH_ROUNDS` (7), `BENCH_N_PREAD`, `BENCH_N_PREAD2`, "
      "`BENCH_N_OPEN`, `BENCH_N_STAT`, `BENCH_PROFILE=0`, `BENCH_ONLY` (some configurations).")
    A("")
    A("## Method")
    A("")
    A("- Workloads (`loop.c`, pinned to vCPU 1): " + "; ".join(
        "`%s`: %s" % (w, WL_TEXT[w]) for w in WORKLOADS) + ".")
    A("- Configurations: " + "; ".join("`%s`: %s" % (c, PEER_TEXT[c]) for c in
                                        ["none", "nomod", "off", "offused"] + PEERS) +
      "; and `<event>-fprobe` / `<event>-kprobe`: one vfsmod event enabled "
      "(`events/vfsmod/<event>/enable`), module loaded with `backend=fprobe` / `backend=kprobe`. "
      "Tracing events write to the ftrace ring buffer of the top instance (16 MB per CPU, no reader, "
      "cleared before each sample); peers run with vfsmod unloaded.")
    A("- Interleaved rounds: each round visits every configuration once in a fixed order and runs the "
      "five workloads under it. The value of a sample is the **fastest chunk** (ns/op over a chunk of "
      "a few hundred operations, about 1–2 ms): a guest that is descheduled only ever gains time, so "
      "the fastest chunk is the least disturbed (the samples files keep the median chunk and the mean "
      "too). Tables show the median over rounds with [min–max]; overheads are t − t(`none`) of the "
      "same workload; ratios are between overheads, with the range of the same ratio round by round.")
    A("- Events off: `off` and `offused` are measured apart from the rounds' other configurations, "
      "%s times a round (`BENCH_OFF_PASSES`), each time beside a sample of no module (`nomod`), in an "
      "order that rotates from pass to pass. Their overhead is against `nomod`, and the goal is read "
      "as the median over passes of each pass's difference in %% of no module: a difference this "
      "small is below the spread of single samples, which pairing samples taken seconds apart "
      "cancels." % next((r.info["off_passes"] for r in runs if "off_passes" in r.info), 3))
    A("- TCG inflates every cost and distorts their proportions (no real caches or branch "
      "predictors, helper calls for many instructions): absolute ns mean nothing, ratios within one "
      "boot do. Under `thread=single` the two vCPUs take turns on one host thread, so `pread2` "
      "cannot show real scaling; it shows that nothing serialises the two CPUs beyond that, and any "
      "work on vCPU 0 slows the loop on vCPU 1 for a whole sample (see *Reading the figures*).")
    A("")
    A("## Goals")
    A("")
    A("What vfsmod aims for, per kernel: with its events off, within 2 % of no module; "
      "`vfsmod:vfs_read` (name and return value in one record) against what a user pays for the "
      "same information from stock events on that kernel (target), against the cheapest stock event "
      "that gives the name or the return value (aim), and against the static tracepoint (stretch). "
      "Measured with the backend `backend=auto` picks on each kernel; the other backend's figures are "
      "in the kernel's section. The record also carries the file's path (`paths=all`, the default), "
      "which no stock event gives: the target and aim were set for the name and return value alone, "
      "and *What a `vfs_read` event is made of* below shows the cost with `paths=none`. A BPF count "
      "on vfsmod's event (tracepoint, and raw tracepoint where bpftrace takes one) against a BPF "
      "fexit count on `vfs_read`, at most 1.25x. "
      "In brackets the quartiles of the per-round ratios.")
    A("")
    rows = []
    for r in runs:
        for n, req, meas, ok in targets(r, auto_only=True):
            rows.append([r.target, r.kernel, n, req, meas, verdict_text(ok)])
    A(md_table(["target", "kernel", "", "goal", "measured", ""], rows))
    A("")
    if os.path.exists(notes):
        A(fill_template(open(notes, encoding="utf-8").read(), runs).rstrip())
        A("")
    for r in runs:
        A(kernel_section(r, docs))
        A("")
    with open(os.path.join(docs, "benchmarks.md"), "w") as f:
        f.write("\n".join(L).rstrip() + "\n")
    for r in runs:
        if r.target in a.show:
            terminal(r)
    print("\nreport: wrote %s and docs/bench/{%s}.{txt,svg}" % (
        os.path.join(docs, "benchmarks.md"), ",".join(r.target for r in runs)))


if __name__ == "__main__":
    main()
