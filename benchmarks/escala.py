"""Scaling mode of the benchmark: ``.venv/bin/python benchmarks/medir.py --escala``.

Two tables, on realistic manuals (``benchmarks/realista.py``: findings and reviewed
exceptions in the real manual's proportions, large catalogues):

1. **Checks by size** — the real manual and realistic manuals of 12, 100 and 1,000
   procedures (``--tamanos``): ``python -m checks`` cold (empty ``.cache/``) and right after
   editing one file (cache warm), peak memory.
2. **Growth exponents** — for each dimension a manual grows in (procedures, steps per
   procedure, findings, exceptions, roles, glossary terms, norms, documents, text length),
   the checks are timed on a manual of base size N and on the same manual with only that
   dimension ×4; the exponent is ``log(t(4N) / t(N)) / log 4`` (1 = linear, 2 = quadratic).

Each time is the minimum of ``--repeticiones`` runs, each in a fresh process (min, not
median: on a shared machine other processes only ever add time). Every figure is given as
CPU time of the process (user + system, ``os.wait4``), which other processes barely
disturb, and wall time. The exponents are computed on the CPU time spent inside
``checks.cli.main`` (the interpreter start and imports, ~0.1 s whatever the size, would
otherwise flatten them); the whole process' CPU is shown next to it.
"""
from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
import realista  # noqa: E402

PY = sys.executable
FACTOR = 4

# Child process: ``python -m checks`` as checks/__main__.py runs it (collector off, os._exit),
# with the CPU and wall time spent inside checks.cli.main printed as JSON. The CPU includes the
# forked child that loads half of a large manual on the other core: the exponents compare work.
_CHILD = """
import gc, json, os, resource, sys, time
w0, c0 = time.perf_counter(), time.process_time()
from checks import cli
w1, c1 = time.perf_counter(), time.process_time()
gc.disable()
with open(os.devnull, "w") as out:
    real, sys.stdout = sys.stdout, out
    try:
        code = cli.main(sys.argv[1:])
    finally:
        sys.stdout = real
w2, c2 = time.perf_counter(), time.process_time()
helper = resource.getrusage(resource.RUSAGE_CHILDREN)     # the forked loader (checks/fork_split.py)
helper_cpu = helper.ru_utime + helper.ru_stime
print(json.dumps({"code": code, "main_cpu": c2 - c1 + helper_cpu, "main_wall": w2 - w1,
                  "import_cpu": c1 - c0, "helper_cpu": helper_cpu}))
sys.stdout.flush()
os._exit(0)
"""


def _timed(manual: Path, cwd: Path) -> dict:
    """``run_checks`` plus the process' own CPU and peak memory (os.wait4)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen([PY, "-c", _CHILD, str(manual)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"python -m checks falló ({code}) en {manual}:\n{err.decode()[-2000:]}")
    data = json.loads(out.decode().strip().splitlines()[-1])
    if data["code"] not in (0, 1):
        raise SystemExit(f"python -m checks devolvió {data['code']} en {manual}:\n{err.decode()[-2000:]}")
    data.update(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss=usage.ru_maxrss / 1024)
    return data


def edit_one_file(manual: Path, n: int) -> None:
    import medir
    medir.edit_step(sorted((manual / "procedimientos").glob("*.yaml"))[0], n)


def measure(manual: Path, work: Path, reps: int, warm: bool = True) -> dict:
    """Cold and (optionally) after-one-edit checks of ``manual``: minimum of ``reps`` runs."""
    cwd = work / "cwd"
    cwd.mkdir(parents=True, exist_ok=True)
    cold = []
    for _ in range(reps):
        shutil.rmtree(cwd / ".cache", ignore_errors=True)
        cold.append(_timed(manual, cwd))
    out = {"frio": _best(cold), "rss": max(r["rss"] for r in cold)}
    if warm:
        _timed(manual, cwd)                          # fill the cache
        after = []
        for i in range(reps):
            edit_one_file(manual, i)
            after.append(_timed(manual, cwd))
        out["cambio"] = _best(after)
        out["rss"] = max(out["rss"], *(r["rss"] for r in after))
    return out


def _best(runs: list[dict]) -> dict:
    return {key: min(r[key] for r in runs) for key in ("wall", "cpu", "main_cpu", "main_wall")}


def exponent(small: float, large: float) -> float:
    return math.log(large / small) / math.log(FACTOR)


# --- report -----------------------------------------------------------------------------

def _s(value: float) -> str:
    return f"{value:.2f} s"


def _t(run: dict) -> str:
    return f"CPU {_s(run['cpu'])} (reloj {_s(run['wall'])})"


DIMENSION_LABELS = {
    "procedimientos": "procedimientos",
    "pasos": "pasos por procedimiento",
    "hallazgos": "hallazgos (advertencias por procedimiento)",
    "excepciones": "excepciones revisadas (y los errores que cubren)",
    "roles": "roles",
    "terminos": "términos del glosario",
    "normas": "normas",
    "documentos": "documentos por procedimiento",
    "texto": "largo del texto",
}


def _describe(dims: realista.Dimensions, name: str) -> str:
    value = getattr(dims, name)
    if name == "hallazgos":
        return f"≈{13 * value:.0f}/proc."
    if name == "excepciones":
        return f"≈{2.7 * value:.1f}/proc."
    if name == "texto":
        return f"×{value:g}"
    return f"{value:,}".replace(",", ".")


def sizes_table(sizes: list[int], work: Path, reps: int, real: bool) -> str:
    rows = []
    manuals = []
    if real:
        manuals.append(("real (procesos_yaml/)", ROOT / "procesos_yaml", None))
    for n in sizes:
        manuals.append((f"realista {n}", None, n))
    for name, path, n in manuals:
        sub = work / f"tam-{n or 'real'}"
        sub.mkdir(parents=True, exist_ok=True)
        if path is None:
            path = realista.generate(realista.Dimensions.for_size(n), sub / "procesos_yaml")
        else:
            copy = sub / "procesos_yaml"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(path, copy)
            if (path.parent / "reglas.yaml").is_file():      # its rule configuration, as in the repo
                shutil.copy(path.parent / "reglas.yaml", sub / "reglas.yaml")
            path = copy
        print(f"· checks, {name}…", file=sys.stderr, flush=True)
        files = sum(1 for _ in path.rglob("*.yaml"))
        excs = _exceptions(path)
        result = measure(path, sub, reps)
        rows.append(f"| {name} | {files} | {excs} | {_t(result['frio'])} | {_t(result['cambio'])} | "
                    f"{result['rss']:.0f} MB |")
    head = ("| Manual | Archivos | Excepciones | Checks en frío | Checks tras cambiar 1 archivo | Memoria pico |\n"
            "| --- | ---: | ---: | ---: | ---: | ---: |")
    return head + "\n" + "\n".join(rows)


def _exceptions(manual: Path) -> int:
    import yaml
    path = manual / "excepciones.yaml"
    if not path.exists():
        return 0
    return len((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("excepciones") or [])


def exponents_table(base_n: int, work: Path, reps: int, names: list[str]) -> tuple[str, list[float]]:
    base = realista.Dimensions.for_size(base_n)
    rows, exps = [], []
    cache: dict = {}
    for name in names:
        results = []
        for factor in (1, FACTOR):
            dims = base if factor == 1 else base.grown(name, FACTOR)
            key = dims
            if key not in cache:
                sub = work / f"dim-{name}-{factor}"
                manual = realista.generate(dims, sub / "procesos_yaml")
                print(f"· exponente de {name}: ×{factor}…", file=sys.stderr, flush=True)
                cache[key] = measure(manual, sub, reps, warm=False)
                shutil.rmtree(manual, ignore_errors=True)
            results.append(cache[key]["frio"])
        small, large = results
        e = exponent(small["main_cpu"], large["main_cpu"])
        e_proc = exponent(small["cpu"], large["cpu"])
        exps.append(e)
        rows.append(f"| {DIMENSION_LABELS[name]} | {_describe(base, name)} → {_describe(base.grown(name, FACTOR), name)} | "
                    f"{_s(small['main_cpu'])} → {_s(large['main_cpu'])} | **{e:.2f}** | "
                    f"{_s(small['cpu'])} → {_s(large['cpu'])} ({e_proc:.2f}) | "
                    f"{_s(small['wall'])} → {_s(large['wall'])} |")
    head = ("| Dimensión (×4, el resto fijo) | Valor | CPU de los checks | Exponente | CPU del proceso (exp.) | Reloj |\n"
            "| --- | --- | ---: | ---: | ---: | ---: |")
    return head + "\n" + "\n".join(rows), exps


def main(args) -> int:
    work_root = args.trabajo or Path(tempfile.mkdtemp(prefix="bench-escala-"))
    work_root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_before = os.getloadavg()
    try:
        sizes = [int(s) for s in args.tamanos.split(",") if s.strip()]
        names = [n.strip() for n in args.dimensiones.split(",") if n.strip()]
        unknown = [n for n in names if n not in DIMENSION_LABELS]
        if unknown:
            raise SystemExit(f"dimensión desconocida: {', '.join(unknown)} (válidas: {', '.join(DIMENSION_LABELS)})")
        table1 = sizes_table(sizes, work_root, args.repeticiones, not args.sin_real) if sizes else ""
        table2, exps = exponents_table(args.escala_base, work_root, args.repeticiones, names) if names else ("", [])
    finally:
        if args.trabajo is None:
            shutil.rmtree(work_root, ignore_errors=True)
    load_after = os.getloadavg()
    print(f"Máquina: {os.cpu_count()} núcleos, Python {sys.version.split()[0]}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; medición total "
          f"{time.perf_counter() - started:.0f} s; carga media (1 min) al empezar {load_before[0]:.1f}, "
          f"al terminar {load_after[0]:.1f}. Mínimo de {args.repeticiones} procesos por cifra.\n")
    if table1:
        print(table1 + "\n")
    if table2:
        print(f"Exponentes de crecimiento (base: manual realista de {args.escala_base} procedimientos; "
              f"exponente = log(t(×4) / t(×1)) / log 4 sobre la CPU dentro de `checks.cli.main`):\n")
        print(table2)
        print(f"\nExponente máximo: {max(exps):.2f} (objetivo ≤ 1,15).")
    return 0
