"""Benchmark at institute scale: ``.venv/bin/python benchmarks/medir.py [--tamanos 12,100,1000]``.

Run by hand (not part of the tests). For synthetic manuals of each size (see
``benchmarks/generar.py``) and for the real ``procesos_yaml/`` it measures, each in a fresh
process and on this machine:

* **checks en frío**: ``python -m checks <dir>`` with an empty ``.cache/`` (wall time of the
  process, interpreter start included);
* **checks tras cambiar un archivo**: the same with the cache warm, right after editing the
  text of one step of one procedure;
* **construcción completa**: ``mkdocs build`` of the site with that manual
  (``MANUAL_PROCESOS_YAML``);
* **piso** (floor): the same pages, pre-rendered to plain Markdown, built with the same
  ``mkdocs.yml`` (theme, Markdown extensions, the ``abbr`` glossary, navigation) and the same
  page plugins (search, mermaid2) but without the project's hook and without mkdocs-macros.
  The Markdown is captured from one normal build by ``benchmarks/_captura.py`` (after the
  hook generated each page and macros rendered it), so the floor is exactly what MkDocs,
  Material and mermaid2 cost for these pages; what the full build spends beyond it
  (checks, model, rendering, macros, downloads, search-index folding) is ours;
* **peak memory**: the largest ``ru_maxrss`` of those processes (``os.wait4``);
* **mermaid2**: its share of the build time, two ways: (a) ``1 − t(build without the
  mermaid2 plugin) / t(full build)`` — same config minus the plugin (its fence function
  stays) — and (b) in a cProfile of the full build, the cumulative time of mermaid2's
  event handlers and fence over the total (the profiler inflates Python-heavy code);
* with ``--serve N`` (default 100): the time of a ``mkdocs serve`` rebuild after editing one
  YAML of a manual of N procedures, from the write to the log line "Documentation built".

Prints a Markdown table (Spanish) and the notes needed to read it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from queue import Empty, Queue
from pathlib import Path

import yaml

_RAIZ_REPO = Path(__file__).resolve().parents[1]
if str(_RAIZ_REPO) not in sys.path:
    sys.path.insert(0, str(_RAIZ_REPO))
from checks.commands.base import SpanishArgumentParser  # noqa: E402  (ayuda y errores en español)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generar  # noqa: E402
import peso  # noqa: E402  (índice de búsqueda y primera vista en Chromium)

PY = sys.executable
MKDOCS_YML = ROOT / "mkdocs.yml"


# --- processes -------------------------------------------------------------------------

CPU: dict[str, float] = {}        # label -> CPU seconds (user + system) of the last run


def run(cmd, *, env=None, cwd=None, timeout=1800, label: str = "") -> tuple[float, float, int, str]:
    """Run ``cmd``; return (wall seconds, peak RSS in MB, exit code, stderr tail).

    The child's own CPU time (user + system, from ``os.wait4``) is stored in ``CPU[label]``:
    on a shared machine it is much less sensitive than wall time to other processes."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=full_env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Read stderr in the parent while waiting; wait4 gives this child's own rusage.
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    CPU[label] = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024, proc.returncode, err.decode("utf-8", "replace")[-2000:]


def must(result, what: str):
    elapsed, rss, code, err = result
    if code not in (0,):
        raise SystemExit(f"falló {what} (código {code}):\n{err}")
    return elapsed, rss


# --- config helpers --------------------------------------------------------------------

class _AnyTagLoader(yaml.SafeLoader):
    pass


_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)     # !ENV, !relative


def project_config() -> dict:
    with open(MKDOCS_YML, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_AnyTagLoader)  # noqa: S506 - custom safe subclass


def _plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def plugins_without(*names: str) -> list:
    return [p for p in project_config().get("plugins", []) if _plugin_name(p) not in names]


def hooks_abs() -> list[str]:
    return [str((ROOT / h).resolve()) for h in project_config().get("hooks", [])]


def build_spec(work: Path, name: str, **spec) -> list[str]:
    path = work / f"{name}.json"
    path.write_text(json.dumps({"config": str(MKDOCS_YML), **spec}, ensure_ascii=False), encoding="utf-8")
    return [PY, str(HERE / "_construir.py"), str(path)]


# --- measurements ----------------------------------------------------------------------

def first_procedure(manual: Path) -> Path:
    return sorted((manual / "procedimientos").glob("*.yaml"))[0]


def edit_step(path: Path, n: int) -> None:
    """Change the text of the first step's action (a real edit: the data changes)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*(?:- )?accion: )(.*)$", line)
        if not m:
            continue
        value = m.group(2)
        if value in (">-", ">", "|", "|-") and i + 1 < len(lines):
            nxt = re.match(r"^(\s*)(.*)$", lines[i + 1])
            lines[i + 1] = f"{nxt.group(1)}Edición {n}. {nxt.group(2)}"
        elif value and value[0] not in "'\"":
            lines[i] = f"{m.group(1)}Edición {n}. {value}"
        else:
            continue
        break
    else:
        lines.append(f"# edición {n}")
    path.write_text("\n".join(lines), encoding="utf-8")


def measure_checks(manual: Path, work: Path, reps: int) -> dict:
    cwd = work / "cwd-checks"
    cwd.mkdir(exist_ok=True)
    copy = work / "manual-checks"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(manual, copy)
    cmd = [PY, "-m", "checks", str(copy)]
    cold, rss, cold_cpu, warm_cpu = [], [], [], []
    for _ in range(reps):
        shutil.rmtree(cwd / ".cache", ignore_errors=True)
        t, r, code, err = run(cmd, cwd=cwd, label="checks")
        if code not in (0, 1):
            raise SystemExit(f"python -m checks falló ({code}):\n{err}")
        cold.append(t)
        cold_cpu.append(CPU["checks"])
        rss.append(r)
    run(cmd, cwd=cwd)                                   # warm the cache
    target = first_procedure(copy)
    warm = []
    for i in range(reps):
        edit_step(target, i)
        t, r, code, _ = run(cmd, cwd=cwd, label="checks")
        warm.append(t)
        warm_cpu.append(CPU["checks"])
        rss.append(r)
    return {"checks_frio": statistics.median(cold), "checks_cambio": statistics.median(warm),
            "checks_frio_cpu": statistics.median(cold_cpu), "checks_cambio_cpu": statistics.median(warm_cpu),
            "rss_checks": max(rss)}


def measure_builds(manual: Path, work: Path, reps: int, profile: bool, without_mermaid2: bool = True) -> dict:
    env = {"MANUAL_PROCESOS_YAML": str(manual)}
    out: dict = {}

    # 1. Full build, exactly as a user runs it.
    full, rss, full_cpu = [], [], []
    for _ in range(reps):
        site = work / "site-completo"
        t, r = must(run([str(ROOT / ".venv/bin/mkdocs"), "build", "-q", "-f", str(MKDOCS_YML),
                         "-d", str(site)], env=env, cwd=ROOT, label="build"), "mkdocs build")
        full.append(t)
        full_cpu.append(CPU["build"])
        rss.append(r)
    out["completa"] = statistics.median(full)
    out["completa_cpu"] = statistics.median(full_cpu)

    # 2. Capture the final Markdown of every page (one extra build with the capture hook).
    capture = work / "captura"
    shutil.rmtree(capture, ignore_errors=True)
    cmd = build_spec(work, "captura", overrides={
        "site_dir": str(work / "site-captura"),
        "hooks": hooks_abs() + [str(HERE / "_captura.py")]})
    must(run(cmd, env={**env, "BENCH_CAPTURA": str(capture)}, cwd=ROOT), "construcción de captura")
    captured = json.loads((capture / "config.json").read_text(encoding="utf-8"))
    floor_docs = work / "piso-docs"
    shutil.rmtree(floor_docs, ignore_errors=True)
    shutil.copytree(ROOT / project_config().get("docs_dir", "docs"), floor_docs,
                    ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(capture / "docs", floor_docs, dirs_exist_ok=True)
    out["paginas"] = sum(1 for _ in (capture / "docs").rglob("*.md"))

    # 3. Floor: those pages, same theme/extensions/nav/glossary, search + mermaid2, no hook/macros.
    cmd = build_spec(work, "piso", overrides={
        "docs_dir": str(floor_docs), "site_dir": str(work / "site-piso"), "hooks": [],
        "plugins": plugins_without("macros"), "nav": captured["nav"]},
        abbr_glossary=captured["abbr_glossary"])
    floor, floor_cpu = [], []
    for _ in range(reps):
        t, r = must(run(cmd, cwd=ROOT, label="piso"), "construcción del piso")
        floor.append(t)
        floor_cpu.append(CPU["piso"])
        rss.append(r)
    out["piso"] = statistics.median(floor)
    out["piso_cpu"] = statistics.median(floor_cpu)

    # 4. mermaid2 share (a): the full build without the mermaid2 plugin.
    if without_mermaid2:
        cmd = build_spec(work, "sin-mermaid2", overrides={
            "site_dir": str(work / "site-sin-mermaid2"), "hooks": hooks_abs(),
            "plugins": plugins_without("mermaid2")})
        without, without_cpu = [], []
        for _ in range(reps):
            t, r = must(run(cmd, env=env, cwd=ROOT, label="sin"), "construcción sin mermaid2")
            without.append(t)
            without_cpu.append(CPU["sin"])
        out["sin_mermaid2"] = statistics.median(without)
        out["sin_mermaid2_cpu"] = statistics.median(without_cpu)
        # On CPU time: robust to other processes on the machine.
        out["mermaid2_resta"] = max(0.0, 1 - out["sin_mermaid2_cpu"] / out["completa_cpu"])

    # 5. mermaid2 share (b): cProfile of the full build.
    if profile:
        stats_file = work / "perfil.pstats"
        cmd = build_spec(work, "perfil", overrides={"site_dir": str(work / "site-perfil")},
                         perfil=str(stats_file))
        must(run(cmd, env=env, cwd=ROOT), "construcción perfilada")
        out.update(profile_shares(stats_file))
    out["rss_build"] = max(rss)
    return out


def profile_shares(stats_file: Path, top: int = 12) -> dict:
    """Shares of the profiled build: mermaid2 (its entry points), and the biggest parts."""
    stats = pstats.Stats(str(stats_file))
    entries = stats.stats  # (file, line, func) -> (cc, nc, tt, ct, callers)
    total = max(ct for (_, _, _, ct, _) in entries.values())
    mermaid = 0.0
    for (file, _, func), (_, _, _, ct, callers) in entries.items():
        norm = file.replace("\\", "/")
        if "/mermaid2/" in norm and not any("/mermaid2/" in c[0].replace("\\", "/") for c in callers):
            mermaid += ct          # outermost mermaid2 frames only: no double counting
    groups = {
        "mermaid2 (on_post_page y demás)": ["/mermaid2/"],
        "Python-Markdown (Markdown → HTML)": ["/markdown/", "/pymdownx/"],
        "plantillas del tema (Jinja2)": ["/jinja2/", "/material/templates/"],
        "plugin search": ["/material/plugins/search/", "/mkdocs/contrib/search/"],
        "mkdocs-macros (render)": ["/mkdocs_macros/"],
        "nuestro: checks (carga, esquemas, reglas)": ["/checks/"],
        "nuestro: macros/ (páginas, hook)": ["/work/main/macros/", f"{ROOT}/macros/"],
    }
    parts = {}
    for label, needles in groups.items():
        amount = 0.0
        for (file, _, _), (_, _, _, ct, callers) in entries.items():
            norm = file.replace("\\", "/")
            if any(n in norm for n in needles) and not any(
                    any(n in c[0].replace("\\", "/") for n in needles) for c in callers):
                amount += ct
        parts[label] = amount / total
    return {"mermaid2_perfil": mermaid / total, "perfil_total": total, "perfil_partes": parts}


def _proc_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a running process (Linux ``/proc``), else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def measure_serve(n: int, work: Path, dirty: bool, edits: int = 3, timeout: float = 600) -> dict:
    """A real ``mkdocs serve`` (``--dirty``: incremental) on 127.0.0.1; time from editing one
    YAML to its "Documentation built" log line."""
    manual = work / f"serve-m{n}{'-dirty' if dirty else ''}"
    generar.generate(n, manual)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT),
           "MANUAL_PROCESOS_YAML": str(manual), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([str(ROOT / ".venv/bin/mkdocs"), "serve", "-f", str(MKDOCS_YML),
                             "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    lines: list[str] = []
    results, reported, cpus = [], [], []
    queue: "Queue[tuple[float, str] | None]" = Queue()

    def reader():                       # a thread: select() + buffered readline loses lines
        for line in proc.stdout:
            queue.put((time.perf_counter(), line.rstrip()))
        queue.put(None)

    threading.Thread(target=reader, daemon=True).start()
    try:
        def wait_for(pattern: str, limit: float) -> tuple[float, str] | None:
            deadline = time.perf_counter() + limit
            while True:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    return None
                try:
                    item = queue.get(timeout=remaining)
                except Empty:
                    return None
                if item is None:
                    return None
                lines.append(item[1])
                if re.search(pattern, item[1]):
                    return item

        if wait_for(r"Serving on", timeout) is None:
            raise SystemExit("mkdocs serve no arrancó:\n" + "\n".join(lines[-30:]))
        time.sleep(2)
        target = generar.procedure_path(manual, n // 2)
        for i in range(edits):
            while not queue.empty():             # drop what earlier rebuilds printed
                item = queue.get()
                if item is not None:
                    lines.append(item[1])
            cpu_before = _proc_cpu(proc.pid)
            start = time.perf_counter()
            edit_step(target, i)
            got = wait_for(r"Documentation built in", 120)
            if got is None:
                results.append(None)
                break
            results.append(got[0] - start)
            cpu_after = _proc_cpu(proc.pid)
            if cpu_before is not None and cpu_after is not None:
                cpus.append(cpu_after - cpu_before)
            m = re.search(r"built in ([\d.]+) seconds", got[1])
            reported.append(float(m.group(1)) if m else None)
            time.sleep(2)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    ok = [r for r in results if r is not None]
    return {"serve_n": n, "dirty": dirty, "serve_rebuild": statistics.median(ok) if ok else None,
            "serve_reportado": statistics.median([r for r in reported if r]) if reported else None,
            "serve_cpu": statistics.median(cpus) if cpus else None,
            "serve_log": lines[-12:]}


# --- report ----------------------------------------------------------------------------

def fmt_s(value) -> str:
    return "—" if value is None else f"{value:.2f} s"


def fmt_pct(value) -> str:
    return "—" if value is None else f"{100 * value:.0f} %"


def fmt_t(row: dict, key: str) -> str:
    """Wall time, and the process' CPU time in parentheses."""
    wall, cpu = row.get(key), row.get(f"{key}_cpu")
    return fmt_s(wall) if cpu is None else f"{fmt_s(wall)} (CPU {fmt_s(cpu)})"


def table(rows: list[dict]) -> str:
    head = ("| Manual | Procedimientos | Páginas | Checks en frío | Checks tras cambiar 1 archivo | "
            "Construcción completa | Piso | Construcción / piso | Memoria pico | "
            "Parte de mermaid2: sin el plugin / cProfile |")
    out = [head, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        ratio = f"{r['completa'] / r['piso']:.2f}× (CPU {r['completa_cpu'] / r['piso_cpu']:.2f}×)"
        share = f"{fmt_pct(r.get('mermaid2_resta'))} / {fmt_pct(r.get('mermaid2_perfil'))}"
        out.append(f"| {r['nombre']} | {r['n']} | {r.get('paginas', '—')} | {fmt_t(r, 'checks_frio')} | "
                   f"{fmt_t(r, 'checks_cambio')} | {fmt_t(r, 'completa')} | {fmt_t(r, 'piso')} | "
                   f"{ratio} | {max(r['rss_checks'], r['rss_build']):.0f} MB | {share} |")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = SpanishArgumentParser(description="Mide checks y construcción a escala de instituto.")
    parser.add_argument("--tamanos", default="12,100,1000",
                        help="números de procedimientos de los manuales sintéticos (por omisión: 12,100,1000)")
    parser.add_argument("--sin-real", action="store_true", help="no medir el manual real (procesos_yaml/)")
    parser.add_argument("--realistas", action="store_true",
                        help="manuales sintéticos realistas (hallazgos, excepciones y catálogos en las "
                             "proporciones del real: generar.py --realista) en lugar de los limpios")
    parser.add_argument("--sin-parte-mermaid2", action="store_true",
                        help="no hacer la construcción sin mermaid2 (columna «parte de mermaid2»)")
    parser.add_argument("--repeticiones", type=int, default=3,
                        help="repeticiones de cada medición de checks (se informa la mediana)")
    parser.add_argument("--repeticiones-construccion", type=int, default=1,
                        help="repeticiones de cada construcción (mediana; por omisión 1)")
    parser.add_argument("--perfil-hasta", type=int, default=100_000,
                        help="perfilar con cProfile sólo los manuales de hasta N procedimientos "
                             "(0: ninguno; el perfil tarda unas tres veces la construcción)")
    parser.add_argument("--serve", type=int, default=100,
                        help="procedimientos del manual para medir la reconstrucción de mkdocs serve "
                             "(0: no medir; por omisión 100)")
    parser.add_argument("--peso", action="store_true",
                        help="medir además la primera vista de una página de procedimiento en Chromium "
                             "(bytes y flujograma con Fast 3G; benchmarks/peso.py)")
    parser.add_argument("--trabajo", type=Path, default=None,
                        help="directorio de trabajo (por omisión uno temporal que se borra)")
    parser.add_argument("--escala", action="store_true",
                        help="modo de escala (benchmarks/escala.py): sólo checks, en manuales realistas; "
                             "tabla por tamaño y exponente de crecimiento de cada dimensión (N y 4N)")
    parser.add_argument("--escala-base", type=int, default=250,
                        help="con --escala: procedimientos del manual base de los exponentes (por omisión 250)")
    parser.add_argument("--dimensiones", default="procedimientos,pasos,hallazgos,excepciones,roles,terminos,"
                                                  "normas,documentos,texto",
                        help="con --escala: dimensiones a medir (por omisión todas)")
    args = parser.parse_args(argv)
    if args.escala:
        import escala
        return escala.main(args)

    sizes = [int(s) for s in args.tamanos.split(",") if s.strip()]
    work_root = args.trabajo or Path(tempfile.mkdtemp(prefix="bench-manual-"))
    work_root.mkdir(parents=True, exist_ok=True)
    manuals = []
    if not args.sin_real:
        real = ROOT / "procesos_yaml"
        manuals.append(("real (procesos_yaml/)", real, len(list((real / "procedimientos").glob("*.yaml")))))
    for n in sizes:
        manuals.append((f"{'realista' if args.realistas else 'sintético'} {n}", None, n))

    rows = []
    started = time.perf_counter()
    load_before = os.getloadavg()
    try:
        for name, path, n in manuals:
            work = work_root / re.sub(r"\W+", "-", name).strip("-")
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            if path is None and args.realistas:
                import realista
                path = realista.generate(realista.Dimensions.for_size(n), work / "procesos_yaml")
            elif path is None:
                path = generar.generate(n, work / "procesos_yaml")
            print(f"· {name}: checks…", file=sys.stderr, flush=True)
            row = {"nombre": name, "n": n, **measure_checks(path, work, args.repeticiones)}
            print(f"· {name}: construcciones…", file=sys.stderr, flush=True)
            row.update(measure_builds(path, work, args.repeticiones_construccion, n <= args.perfil_hasta,
                                      not args.sin_parte_mermaid2))
            row.update(peso.measure_row(work, args.peso))
            rows.append(row)
            print(f"  {json.dumps({k: v for k, v in row.items() if k != 'perfil_partes'}, default=str)}",
                  file=sys.stderr, flush=True)
        serves = []
        if args.serve:
            for dirty in (False, True):
                print(f"· mkdocs serve{' --dirty' if dirty else ''} con {args.serve} procedimientos…",
                      file=sys.stderr, flush=True)
                serves.append(measure_serve(args.serve, work_root, dirty))
    finally:
        if args.trabajo is None:
            shutil.rmtree(work_root, ignore_errors=True)

    cpu = platform.processor() or platform.machine()
    load_after = os.getloadavg()
    print(f"Máquina: {os.cpu_count()} núcleos ({cpu}), Python {platform.python_version()}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; medición total "
          f"{time.perf_counter() - started:.0f} s; carga media (1 min) al empezar {load_before[0]:.1f}, "
          f"al terminar {load_after[0]:.1f}.\n")
    print(table(rows))
    print()
    print(peso.table(rows))
    print()
    for serve in serves:
        command = "mkdocs serve --dirty" if serve["dirty"] else "mkdocs serve"
        print(f"Reconstrucción de `{command}` tras editar un YAML ({serve['serve_n']} procedimientos): "
              f"{fmt_s(serve['serve_rebuild'])} desde la escritura hasta «Documentation built» "
              f"(MkDocs informa {fmt_s(serve['serve_reportado'])} de construcción; "
              f"CPU del proceso {fmt_s(serve['serve_cpu'])}).")
        if serve["serve_rebuild"] is None:
            print("  Últimas líneas de mkdocs serve:\n    " + "\n    ".join(serve["serve_log"]))
        print()
    for r in rows:
        if r.get("perfil_partes"):
            parts = ", ".join(f"{label} {fmt_pct(share)}" for label, share in r["perfil_partes"].items())
            print(f"Perfil ({r['nombre']}, {r['perfil_total']:.1f} s bajo cProfile): {parts}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
