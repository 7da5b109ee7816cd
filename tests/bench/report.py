#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""report.py - turn the guests' BENCH-* lines into tables, charts and docs.

Usage: report.py [--docs DOCS] [--show TARGET...]

Reads every DOCS/bench/<target>.samples (written by tests/bench/bench.sh),
writes DOCS/bench/<target>.txt ("config workload ns", medians),
DOCS/bench/<target>.svg (gnuplot) and DOCS/benchmarks.md, and prints the
table of each --show target on the terminal.  Python standard library and
gnuplot only.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

WORKLOADS = ["pread", "pread2", "open", "stat"]
WL_TEXT = {
    "pread": "1-byte `pread` on tmpfs",
    "pread2": "the same, 2 threads (one per vCPU), ns per op overall",
    "open": "`open`+`close` of an existing tmpfs file",
    "stat": "`stat` of distinct missing names (one new dentry each)",
}
EVENTS = ["vfs_open", "vfs_read", "vfs_write", "vfs_rename", "d_alloc"]
# The workload that fires each vfsmod event.
EVENT_WL = {"vfs_open": "open", "vfs_read": "pread", "vfs_write": None,
            "vfs_rename": None, "d_alloc": "stat"}
PEERS = ["tp", "kp", "krp", "fpname", "fpret", "fpboth", "bpftrace"]
PEER_TEXT = {
    "none": "no module, no tracing",
    "off": "vfsmod loaded, events off",
    "offused": "vfsmod loaded, `vfs_read` enabled and disabled again, events off "
               "(what stays after a first use: on 6.14+ the fgraph anchor)",
    "tp": "static tracepoint `syscalls:sys_enter_pread64`",
    "kp": "kprobe event `p:vfs_read` (no arguments)",
    "krp": "kretprobe event `r:vfs_read ret=$retval`",
    "fpname": "fprobe event `f:vfs_read name=file->f_path.dentry->d_name.name:string` (BTF)",
    "fpret": "fprobe exit event `f:vfs_read%return ret=$retval`",
    "fpboth": "`fpname` and `fpret` together (name + return value from stock events)",
    "bpftrace": "bpftrace `kprobe:vfs_read { @[comm] = count(); }`",
    "krp_open": "reference for `open`: kretprobe event `r:vfs_open ret=$retval`",
    "fpret_open": "reference for `open`: fprobe exit event `f:vfs_open%return ret=$retval`",
    "krp_dalloc": "reference for `stat`: kretprobe event `r:d_alloc_parallel ret=$retval`",
    "fpret_dalloc": "reference for `stat`: fprobe exit event `f:d_alloc_parallel%return ret=$retval`",
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
        self.rounds = len({s["round"] for v in self.samples.values() for s in v})

    def has(self, c, w="pread"):
        return (c, w) in self.samples

    def med(self, c, w):
        v = self.samples.get((c, w))
        return statistics.median(s["ns"] for s in v) if v else None

    def rng(self, c, w):
        v = self.samples.get((c, w))
        return (min(s["ns"] for s in v), max(s["ns"] for s in v)) if v else None

    def over(self, c, w):
        m, b = self.med(c, w), self.med("none", w)
        return None if m is None or b is None else m - b

    def per_round_over(self, c, w):
        """{round: t(c) - t(none)} from the same round."""
        base = {s["round"]: s["ns"] for s in self.samples.get(("none", w), [])}
        return {s["round"]: s["ns"] - base[s["round"]]
                for s in self.samples.get((c, w), []) if s["round"] in base}

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
        return self.has("fpboth") and self.has("vfs_read-fprobe")

    def default_backend(self):
        return "fprobe" if self.has("vfs_read-fprobe") else "kprobe"


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


def targets(run):
    """List of (target, requirement, measured, (met?, within noise?))."""
    out = []
    for off, label in (("off", "events off"), ("offused", "events off after a first use")):
        det = [(w, (run.med(off, w) - run.med("none", w)) / run.med("none", w) * 100)
               for w in WORKLOADS if run.has(off, w) and run.has("none", w)]
        if not det:
            continue
        detail = ", ".join("%s %+.1f %%" % wd for wd in det)
        if any(d < -2.0 for _, d in det):
            detail += " (below −2 %: noise, loading the module cannot make a workload faster)"
        out.append((label, "within 2 % of no module on every workload",
                    detail, (max(d for _, d in det) <= 2.0, False)))
    be = run.default_backend()
    me = "vfs_read-" + be
    ov = run.over(me, "pread")
    if run.fprobe_kernel():
        goals = (("fpboth", 0.6, "≤ 0.6x the overhead of BTF-name fprobe + `%return $retval` fprobe", "target"),
                 ("fpname", 1.0, "≤ the overhead of the name-only fprobe event", "aim"))
    else:
        goals = (("krp", 1.3, "≤ 1.3x the overhead of a kretprobe event with `$retval`", "target"),
                 ("krp", 1.0, "≤ the overhead of a kretprobe event with `$retval`", "aim"))
    goals += (("tp", 1.25, "≤ 1.25x the static tracepoint's overhead", "stretch"),)
    for peer, lim, label, kind in goals:
        r = run.ratio(me, peer)
        if r is None:
            continue
        out.append(("%s: `vfsmod:vfs_read` (%s)" % (kind, be), label,
                    "%s: %s vs %s ns → %s" % (peer, fmt_over(ov), fmt_over(run.over(peer, "pread")),
                                             fmt_ratio(r)), verdict(r, lim)))
    return out


# --- profile buckets ----------------------------------------------------------

VFSMOD_SYMS = set()   # the module's text symbols, from BENCH-INFO vfsmod_syms


def is_vfsmod(d, s):
    return d == "[vfsmod]" or s in VFSMOD_SYMS or s.startswith("vfsmod_")


BUCKETS = [
    ("vfsmod: name copy", lambda d, s: is_vfsmod(d, s) and re.search(r"dname", s)),
    ("vfsmod: event record (reserve, fill, commit)", lambda d, s: is_vfsmod(d, s) and re.search(r"trace_event_raw_event", s)),
    ("vfsmod: handlers", lambda d, s: is_vfsmod(d, s)),
    ("name copy (kernel string helpers)", lambda d, s: re.match(r"(strscpy|strnlen|strlen|__memcpy|memcpy)", s)),
    ("probe event argument fetch", lambda d, s: re.search(
        r"process_fetch_insn|fetch_store_string|store_trace_args|copy_from_kernel_nofault|"
        r"strncpy_from_kernel_nofault|fetch_", s)),
    ("ring buffer + event write", lambda d, s: re.search(
        r"ring_buffer|^rb_|^__rb_|trace_event_buffer|trace_buffer|tracing_gen_ctx|trace_event_raw|"
        r"ftrace_syscall_enter|syscall_trace|trace_probe|trace_clock|sched_clock|"
        r"kprobe_trace_func|kretprobe_trace_func|fentry_trace_func|fexit_trace_func|"
        r"__trace_|trace_event_ignore|ftrace_event|perf_trace", s)),
    ("BPF", lambda d, s: re.search(r"bpf|htab|__htab|bpf_prog", s) or d.startswith("[bpf")),
    ("probe mechanism (ftrace/fprobe/rethook/kprobe)", lambda d, s: re.search(
        r"fprobe|rethook|ftrace|kprobe|kretprobe|fgraph|function_graph|graph_|trampoline|"
        r"arch_ftrace|__ftrace|ftrace_ops|return_to_handler|prepare_ftrace_return|"
        r"unwind|kernel_text_address|is_ftrace|get_kprobe|text_poke|__kernel_text|__is_insn|objpool|"
        r"hash_contains_ip", s)
        or d == "[unknown]" and s.startswith("0xffff")),
]


def bucket(d, s):
    for name, test in BUCKETS:
        if test(d, s):
            return name
    return "syscall, VFS, user space, rest"


def profile_split(run, c):
    p = run.prof.get(c)
    if not p:
        return None
    b = {}
    for pct, d, s in p:
        k = bucket(d, s)
        b[k] = b.get(k, 0) + pct
    return b


# --- chart ----------------------------------------------------------------------

def chart(run, svg):
    cfgs = [c for c in run.configs if c != "none"]
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
plot "%s" using 2:xtic(1) title "pread", '' using 3 title "pread2 (2 threads)", '' using 4 title "open+close", '' using 5 title "stat missing"
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
    be = run.default_backend()
    for me in ("vfs_read-fprobe", "vfs_read-kprobe"):
        if not run.has(me):
            continue
        print("%s on pread, overhead ratio to: " % me + ", ".join(
            "%s %s" % (p, fmt_ratio(run.ratio(me, p))) for p in PEERS if run.has(p)))
    for name, req, meas, ok in targets(run):
        print("%-9s %-34s %s  [%s]%s" % ("MET" if ok[0] else "NOT MET", name, meas, req,
                                          " (within round-to-round spread)" if ok[1] else ""))


def kernel_section(run, docs):
    VFSMOD_SYMS.clear()
    VFSMOD_SYMS.update(run.info.get("vfsmod_syms", "").split())
    L = []
    A = L.append
    A("## %s: Linux %s" % (run.target, run.kernel))
    A("")
    A("Measured %s, vfsmod commit `%s`, %s rounds; the guest ran %s s. Host: %s." % (
        run.info.get("date", "?"), run.info.get("commit", "?"), run.rounds,
        run.info.get("guest_s", "?"), run.info.get("host", "?")))
    other = run.info.get("host_other_cpus")
    if other is not None:
        A("Other work on the host kept %s CPUs busy on average during the run%s." % (
            other, " (**noisy figures**: more than 0.3 CPUs; the guest shared its core)"
            if float(other) > 0.3 else " (idle enough: the guest had its core to itself)"))
    A("Operations per sample: %s; chunk sizes: %s. vfsmod backend by default: **%s**." % (
        run.info.get("n", "?"), run.info.get("chunk", "?"), run.default_backend()))
    if run.skips:
        A("")
        A("Not measured on this kernel: " + "; ".join(
            "`%s` (%s)" % (c, r.strip() or "unsupported") for c, r in run.skips.items()) + ".")
    if run.errors:
        A("")
        A("Errors during the run: " + "; ".join(run.errors[:5]))
    A("")
    A("### Targets")
    A("")
    A(md_table(["", "requirement", "measured (ratio of median overheads; quartiles of the per-round ratios)", ""],
               [[n, req, meas, verdict_text(ok)] for n, req, meas, ok in targets(run)]))
    A("")
    if os.path.exists(os.path.join(docs, "bench", run.target + ".svg")):
        A("![overhead per configuration and workload on %s](bench/%s.svg)" % (run.kernel, run.target))
        A("")
    A("### ns per operation")
    A("")
    A("Median over rounds [min–max over rounds], **overhead** = t − t(`none`) of the same workload.")
    A("")
    A(md_table(["config", "what", "pread", "pread2", "open", "stat"], main_table_rows(run)))
    A("")
    A("### vfsmod against each peer (pread)")
    A("")
    A("Overhead of `vfsmod:vfs_read` divided by the overhead of the peer: below 1 means vfsmod costs "
      "less. In brackets the range of the same ratio computed round by round (each round's own "
      "`none` sample).")
    A("")
    rows = []
    for me in ("vfs_read-fprobe", "vfs_read-kprobe"):
        if not run.has(me):
            continue
        for w in ("pread", "pread2"):
            rows.append(["`%s` %s (%s ns)" % (me, w, fmt_over(run.over(me, w)))] +
                        [fmt_ratio(run.ratio(me, p, w)) if run.has(p, w) else "–" for p in PEERS])
    A(md_table(["vfsmod"] + ["`%s` (%s ns)" % (p, fmt_over(run.over(p, "pread"))) if run.has(p) else "`%s`" % p
                             for p in PEERS], rows))
    A("")
    A("Each vfsmod event on the workload that fires it, overhead in ns per op, next to a stock "
      "return probe with `$retval` on the same function (no name: less information than vfsmod's "
      "event), and vfsmod's overhead as a ratio of it:")
    A("")
    rows = []
    for ev in EVENTS:
        w = EVENT_WL[ev]
        if not w:
            rows.append(["`%s`" % ev, "– (no workload fires it; pread with the probes attached)",
                         fmt_over(run.over(ev + "-fprobe", "pread")), fmt_over(run.over(ev + "-kprobe", "pread")),
                         ""])
            continue
        refs = [c for c in REFS.get(ev, []) if run.has(c, w)]
        rr = []
        for ref in refs:
            kind = "fprobe" if ref.startswith("fp") else "kprobe"
            rr.append("`%s` %s; vfsmod-%s %s" % (ref, fmt_over(run.over(ref, w)), kind,
                                                 fmt_ratio(run.ratio("%s-%s" % (ev, kind), ref, w))))
        rows.append(["`%s`" % ev, w, fmt_over(run.over(ev + "-fprobe", w)), fmt_over(run.over(ev + "-kprobe", w)),
                     "<br>".join(rr) or "–"])
    A(md_table(["event", "workload", "fprobe backend", "kprobe backend", "stock return probe; ratio"], rows))
    A("")
    A("Events per operation (ring-buffer entries written ÷ operations incl. warm-up, median): "
      "shows that each probe really fired on its workload.")
    A("")
    rows = []
    for c in run.configs:
        if c in ("none", "off", "offused", "bpftrace"):
            continue
        vals = [run.events_per_op(c, w) for w in WORKLOADS]
        if all(v is not None and v < 0.01 for v in vals):
            continue
        rows.append(["`%s`" % c] + ["–" if v is None else "%.2f" % v for v in vals])
    A(md_table(["config"] + WORKLOADS, rows))
    if "bpftrace_loop_count" in run.info:
        A("")
        A("bpftrace counted %s `vfs_read` calls by `loop` in its last round; it took %s s to "
          "start (BTF load and attach, under TCG)." % (run.info.get("bpftrace_loop_count"),
                                                       run.info.get("bpftrace_start_s", "?")))
    A("")
    A("### Missed events")
    A("")
    miss = sum(s["missed"] for v in run.samples.values() for s in v)
    over = sum(s["overrun"] for v in run.samples.values() for s in v)
    short = []
    for ev in EVENTS:
        w = EVENT_WL[ev]
        for be in ("fprobe", "kprobe"):
            v = run.samples.get(("%s-%s" % (ev, be), w)) if w else None
            if not v:
                continue
            for s in v:
                if s["hits"] < s["ops"]:
                    short.append("%s-%s %s round %d: %d hits for %d ops" % (ev, be, w, s["round"],
                                                                            s["hits"], s["ops"]))
    A("vfsmod `missed` counter (sum over all samples, `/sys/kernel/debug/vfsmod/stats`): **%d**; "
      "ring-buffer overruns (16 MB per CPU buffer, cleared before each sample): **%d**; samples where an "
      "event fired fewer times than its workload's operations: **%d**%s." % (
          miss, over, len(short), (" (" + "; ".join(short[:4]) + ")") if short else ""))
    A("")
    if run.sizes:
        A("### Bytes per event in the ring buffer")
        A("")
        A("Measured: `bytes:` ÷ `entries:` summed over `per_cpu/cpu*/stats` after 200 rounds of "
          "pwrite, pread, open, rename there and back and a missing-name stat, with a name filter "
          "that keeps only the benchmark's names; this includes the ring buffer's page padding. "
          "Record: the event's payload from its `format` file (fixed fields + NUL-terminated names, "
          "`d_alloc`'s parent is `bench`), 4-byte aligned, plus the 4-byte event header (8 above 112 bytes).")
        A("")
        rows = []
        for ev in EVENTS:
            r = [("`%s`" % ev)]
            for kind in ("short", "long"):
                s = [x for x in run.sizes if x["event"] == ev and x["kind"] == kind]
                if not s or not s[0]["entries"]:
                    r += ["–", "–"]
                    continue
                s = s[0]
                r += ["%.1f" % (s["bytes"] / s["entries"]), "%d" % s["record"]]
            rows.append(r)
        A(md_table(["event", "8-byte name: measured", "record", "255-byte name: measured", "record"], rows))
        A("")
    if run.mem:
        A("### Memory")
        A("")
        A("`lsmod` size of vfsmod, and what moved in `/proc/meminfo` (kB): on `modprobe` (no event "
          "enabled), and on enabling all five events (after `drop_caches`; median of 3 cycles). The "
          "enable delta includes what the kernel allocates on vfsmod's behalf: fprobe/rethook or "
          "kretprobe instances (`maxactive` per hook), ftrace hash tables and trampolines (vmalloc), "
          "and rename's name slots (vzalloc).")
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
    if run.prof:
        A("### Where the time goes (perf)")
        A("")
        A("`perf record -e cpu-clock -F 5000 -C 1` over twice a sample's operations under each "
          "configuration (no PMU in a TCG guest: timer samples), flat by symbol, grouped by the "
          "patterns in `report.py`. Each cell spreads the configuration's median ns/op over the "
          "groups by their share of samples; in brackets the difference to `none` on the same "
          "workload. Approximate: a few thousand samples, and perf's own timer adds to all of them.")
        A("")
        names = [n for n, _ in BUCKETS] + ["syscall, VFS, user space, rest"]
        for w in WORKLOADS:
            keys = [k for k in run.prof if k.endswith("/" + w)]
            if not keys:
                continue
            base = profile_split(run, "none/" + w) or {}
            tb = run.med("none", w) or 0
            rows = []
            for n in names:
                r = [n]
                for k in keys:
                    sp = profile_split(run, k)
                    t = run.med(k.split("/")[0], w) or 0
                    v = sp.get(n, 0) / (sum(sp.values()) or 1) * t
                    bv = base.get(n, 0) / (sum(base.values()) or 1) * tb
                    r.append("%.0f (%+.0f)" % (v, v - bv) if sp.get(n) else "–")
                if any(x != "–" for x in r[1:]):
                    rows.append(r)
            A("Workload `%s`, ns per operation by group:" % w)
            A("")
            A(md_table(["group"] + ["`%s` (%s samples)" % (k.split("/")[0], run.prof_n.get(k, "?"))
                                    for k in keys], rows))
            A("")
        for k in run.prof:
            if k.startswith("none/"):
                continue
            top = sorted(run.prof[k], key=lambda x: -x[0])[:16]
            A("<details><summary>top symbols: <code>%s</code></summary>" % k)
            A("")
            A(md_table(["%", "dso", "symbol", "group"], [["%.1f" % p, d, "`%s`" % sy, bucket(d, sy)]
                                                       for p, d, sy in top]))
            A("")
            A("</details>")
            A("")
    return "\n".join(L)


def write_txt(run, path):
    with open(path, "w") as f:
        f.write("# vfsmod bench, %s, Linux %s, %s, %d rounds\n" % (
            run.target, run.kernel, run.info.get("date", "?"), run.rounds))
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
    A("<!-- Generated by tests/bench/report.py from docs/bench/*.samples (make bench); "
      "the analysis section comes from tests/bench/notes.md. Do not edit by hand. -->")
    A("")
    A("What vfsmod costs per traced operation, next to what a user would otherwise use on the same "
      "kernel function, measured with this repository's code in one QEMU guest boot per kernel.")
    A("")
    A("## How to reproduce")
    A("")
    A("    make bench                      # trixie and bookworm (as root; builds missing roots)")
    A("    make bench KERNELS=\"sid\"        # any of: bullseye bookworm trixie sid trixie-rt")
    A("    BENCH_REF=HEAD make bench       # the committed module, not the working tree (used below)")
    A("")
    A("`tests/bench/bench.sh` reuses the `make check` roots and harness (`tests/harness/common.sh`: "
      "DKMS install, `mkfs.ext4 -d` image, the root's own kernel under "
      "`-accel tcg,thread=single -smp 2`; the module from one snapshot of the working tree, or from "
      "the commit `BENCH_REF` names), builds `tests/bench/loop.c` with the root's gcc "
      "(`-O2 -static -pthread`) and runs `tests/bench/guest.sh` as the guest's command. It writes "
      "`docs/bench/<target>.samples` (every line the guest printed), `docs/bench/<target>.txt` "
      "(`config workload ns`, medians), the charts and this page. `tests/bench/report.py` "
      "regenerates the page from the samples files alone. Knobs: `BENCH_ROUNDS` (7), `BENCH_N_PREAD`, "
      "`BENCH_N_PREAD2`, `BENCH_N_OPEN`, `BENCH_N_STAT`, `BENCH_PROFILE=0`.")
    A("")
    A("## Method")
    A("")
    A("- Workloads (`loop.c`, pinned to vCPU 1): " + "; ".join(
        "`%s`: %s" % (w, WL_TEXT[w]) for w in WORKLOADS) + ".")
    A("- Configurations: " + "; ".join("`%s`: %s" % (c, PEER_TEXT[c]) for c in
                                        ["none", "off", "offused"] + PEERS) +
      "; and `<event>-fprobe` / `<event>-kprobe`: one vfsmod event enabled "
      "(`events/vfsmod/<event>/enable`), module loaded with `backend=fprobe` / `backend=kprobe`. "
      "Tracing events write to the ftrace ring buffer of the top instance (16 MB per CPU, no reader, "
      "cleared before each sample); peers run with vfsmod unloaded.")
    A("- Interleaved rounds: each round visits every configuration once in a fixed order and runs the "
      "four workloads under it. The value of a sample is the **fastest chunk** (ns/op over a chunk of "
      "a few hundred operations, about 1–2 ms): this machine's 2 cores are shared with other QEMU "
      "guests, so a descheduled guest only ever adds time and the mean of a sample mostly measures "
      "the neighbours (the samples files keep the median chunk and the mean too). Tables show the "
      "median over rounds with [min–max]; overheads are t − t(`none`) of the same workload; ratios "
      "are between overheads.")
    A("- TCG inflates every cost and distorts their proportions (no real caches or branch "
      "predictors, helper calls for many instructions); absolute ns mean nothing, ratios within one "
      "boot do. Under `thread=single` the two vCPUs take turns on one host thread, so `pread2` "
      "cannot show real scaling; it shows that nothing serialises the two CPUs beyond that.")
    A("")
    A("## Summary")
    A("")
    rows = []
    for r in runs:
        for n, req, meas, ok in targets(r):
            rows.append([r.target, r.kernel, n, req, meas, verdict_text(ok)])
    A(md_table(["target", "kernel", "", "requirement", "measured", ""], rows))
    A("")
    if os.path.exists(notes):
        A(open(notes).read().rstrip())
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
