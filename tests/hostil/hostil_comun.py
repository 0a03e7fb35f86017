"""Shared pieces of the hostile-input tests: payload classes, a schema-driven generator of a
complete manual whose every free-text field carries a payload, and site scanning helpers.

The generator walks ``checks.schema.SCHEMAS``, so a text field added to the schema later is
covered without touching these tests.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.common import MINIMO, REPO, run_checks  # noqa: F401  (run_checks: used by the hostile tests)

PY = sys.executable

# --- payload classes ---------------------------------------------------------------------
# Each class is injected, alone, at the START of every text field of a generated manual
# (so that truncated labels and titles still carry it). Kept under ~90 characters.
PAYLOADS: dict[str, str] = {
    "script": "<script>alert('xss-script')</script>",
    "img_onerror": "<img src=x onerror=alert('xss-img')>",
    "svg_iframe": "<svg/onload=alert(1)><iframe src=\"data:text/html,x\"></iframe>",
    "cierre_etiquetas": "</code></pre></title></textarea><script>alert('xss-close')</script>",
    "enlace_js": "[clic](javascript:alert(1)) ![i](javascript:alert(2)) <javascript:alert(3)>",
    "enlace_data_vb": "[d](data:text/html;base64,PHNjcmlwdD4=) [v](vbscript:msgbox(1))",
    "atributo_dq": "x\" onmouseover=\"alert('xss-dq')\" data-x=\"",
    "atributo_sq": "x' onfocus='alert(1)' autofocus '",
    "attr_list_md": "texto {: onclick=\"alert(1)\" } {#id .clase onload=alert(1)}",
    "entidades": "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62; &amp;",
    "markdown_bloques": "# Título\n\n- lista\n\n    código\n\n> cita\n\n!!! note \"x\"",
    "mermaid_etiqueta": "\"] --> X[\"pwn\"] --> Y(\"",
    "mermaid_click": "A\"]\nclick s1 \"javascript:alert(1)\"\nZ[\"",
    "mermaid_directiva": "%%{init: {\"securityLevel\": \"loose\"}}%%",
    "jinja_expr": "{{ 7*7 }} y {{ 7*7 }}",
    "jinja_os": "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "jinja_stmt": "{% for x in range(3) %}R{% endfor %}{# c #}",
    "formula": "=HYPERLINK(\"http://x.invalid\",\"y\")",
    "formula_dde": "+cmd|' /C calc'!A0 @SUM(1+1) -2+3",
    "control_unicode": "\u202eRTL \u200bzw \u2028ls \x1b[31mANSI\x1b[0m",
}

# Payloads whose visible text must appear literally in the page text (modulo whitespace).
LITERAL_MARKERS = {
    "script": "<script>alert('xss-script')</script>",
    "img_onerror": "<img src=x onerror=alert('xss-img')>",
    "cierre_etiquetas": "</code></pre></title></textarea><script>",
    "enlace_js": "[clic](javascript:alert(1))",
    "atributo_dq": "onmouseover=\"alert('xss-dq')\"",
    "attr_list_md": "{: onclick=\"alert(1)\" }",
    "entidades": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "jinja_expr": "{{ 7*7 }} y {{ 7*7 }}",
    "jinja_os": "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "jinja_stmt": "{% for x in range(3) %}R{% endfor %}",
    "formula": "=HYPERLINK(",
}


# Payload classes grouped for the built-site test: one site per group, every text field
# carrying all the group's payloads (rotated per field, so that each one comes first, where
# truncation applies, in some field).
GROUPS: dict[str, list[str]] = {
    "html": ["script", "img_onerror", "svg_iframe", "cierre_etiquetas"],
    "enlaces_atributos": ["enlace_js", "enlace_data_vb", "atributo_dq", "atributo_sq", "attr_list_md"],
    "markdown_entidades": ["entidades", "markdown_bloques"],
    "mermaid": ["mermaid_etiqueta", "mermaid_click", "mermaid_directiva"],
    "plantillas": ["jinja_expr", "jinja_os", "jinja_stmt"],
    "formulas_control": ["formula", "formula_dde", "control_unicode"],
}


# Acronyms given to the glossary term and the role's «siglas» and repeated in every text, so
# that their (hostile) definitions become tooltips (<abbr title>) all over the site.
ACRONYM_TERM = "SIGLAX"
ACRONYM_ROLE = "RUNO"


def _acronym(path) -> str | None:
    if path and path[-1] == "termino":
        return ACRONYM_TERM
    if path and path[-1] == "siglas":
        return ACRONYM_ROLE
    return None


def group_text(names: list[str], extra: str = ""):
    """``text`` function: the group's payloads, rotated by field, then a field marker."""
    counter = [0]

    def text(path, kind):
        if _acronym(path):
            return _acronym(path)
        counter[0] += 1
        k = counter[0] % len(names)
        order = names[k:] + names[:k]
        where = ".".join(str(p) for p in path if isinstance(p, str))
        return (" ".join(PAYLOADS[n] for n in order) + extra
                + f" campo {kind}.{where} ({ACRONYM_TERM}, {ACRONYM_ROLE})")
    return text


def file_payload(target: Path) -> str:
    """A template payload that would create ``target`` if it were ever evaluated."""
    return ("{{ cycler.__init__.__globals__.os.system('touch " + str(target) + "') }}"
            "{% set _ = lipsum.__globals__['os'].popen('touch " + str(target) + "x').read() %}")


# --- schema-driven generator -------------------------------------------------------------

ROLE = "R-UNO"
ROLE2 = "R-DOS"
COORD = "C-UNO"
PROC = "P-UNO"
NORM = "N-UNO"
FUTURE = "2099-12-31"


def _id_for(path: tuple, kind: str) -> str:
    field = path[-1] if path else ""
    keys = [p for p in path if isinstance(p, str)]
    if field == "id":
        if "riesgos" in keys:
            return f"RK-{kind[:3].upper()}-{len(path)}"
        return {"procedimiento": PROC, "coordinacion": COORD, "normativa": NORM}.get(kind, ROLE)
    if field == "area":
        return COORD
    if field in ("objeto",):
        return PROC
    if "normativa" in keys:
        return NORM
    return ROLE


def _value(rule: dict, path: tuple, kind: str, text):
    rtype = rule.get("type")
    if isinstance(rtype, list):
        rtype = rtype[0]
    field = path[-1] if path else ""
    if rule.get("check_with") == "identifier":
        return _id_for(path, kind)
    if rule.get("check_with") == "iso_date":
        return FUTURE
    if rtype == "string":
        if "allowed" in rule:
            return rule["allowed"][0]
        if field == "regla":
            return "PRC002"
        if field == "version":
            return "2023"
        if field == "fecha_inicio":
            return "2025"
        return text(path, kind)
    if rtype == "integer":
        if field == "anio":
            return 2023
        if field in ("cvo", "ir_a", "paso"):
            return 1
        return 1
    if rtype == "boolean":
        return True
    if rtype == "dict":
        return _mapping(rule.get("schema", {}), path, kind, text)
    if rtype == "list":
        item = rule.get("schema", {})
        itype = item.get("type")
        if field in ("responsables",):
            return [ROLE]
        if field == "normativa":
            return [NORM]
        if field == "tratamiento":
            return list(item.get("allowed", []))[:2]
        out = []
        types = itype if isinstance(itype, list) else [itype]
        for n, t in enumerate(types):
            out.append(_value({**item, "type": t}, path + (n,), kind, text))
        return out
    return text(path, kind)


def _mapping(schema: dict, path: tuple, kind: str, text) -> dict:
    return {key: _value(rule, path + (key,), kind, text) for key, rule in schema.items()}


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def generate_manual(root: Path, text) -> Path:
    """Write a complete, structurally valid manual under ``root`` in which every free-text
    field of every file kind holds ``text(path, kind)``; returns ``root``."""
    from checks.schema import SCHEMAS

    root.mkdir(parents=True, exist_ok=True)
    (root / "procedimientos").mkdir(exist_ok=True)
    (root / "coordinaciones").mkdir(exist_ok=True)
    docs = {kind: _mapping(schema, (), kind, text) for kind, schema in SCHEMAS.items()}

    roles = docs["roles"]
    second = json.loads(json.dumps(roles["roles"][0]))
    second["id"] = ROLE2
    roles["roles"].append(second)

    proc = docs["procedimiento"]
    step = proc["pasos"][0]
    step2 = json.loads(json.dumps(step))
    step2["cvo"] = 2
    step2["responsables"] = [ROLE2]
    step2.pop("decision", None)
    if isinstance(step.get("decision"), dict):
        for option in step["decision"].get("opciones", []):
            option["ir_a"] = 2
    proc["pasos"].append(step2)
    if isinstance(proc.get("flujograma"), dict):
        proc["flujograma"]["carriles"][0]["rol"] = ROLE

    for kind, rel in (("manual", "manual.yaml"), ("roles", "roles.yaml"), ("glosario", "glosario.yaml"),
                      ("normativa", "normativa.yaml"), ("excepciones", "excepciones.yaml"),
                      ("coordinacion", f"coordinaciones/{COORD}.yaml"),
                      ("procedimiento", f"procedimientos/{PROC}.yaml")):
        (root / rel).write_text(yaml.dump(docs[kind], Dumper=_NoAliasDumper, allow_unicode=True,
                                          sort_keys=False, width=1000), encoding="utf-8")
    return root


def payload_text(payload: str):
    """``text`` function for :func:`generate_manual`: payload first, then a field marker."""
    def text(path, kind):
        where = ".".join(str(p) for p in path if isinstance(p, str))
        return f"{payload} campo {kind}.{where}"
    return text


def benign_text(path, kind):
    if _acronym(path):
        return _acronym(path)
    where = ".".join(str(p) for p in path if isinstance(p, str))
    return f"Texto neutro campo {kind}.{where} ({ACRONYM_TERM}, {ACRONYM_ROLE})"


# --- running the tools -------------------------------------------------------------------

# Runs mkdocs with every compliance rule downgraded to a warning: the leak tests need the
# site built from text that rule SEC001 (rightly) blocks, to prove the renderer is safe on
# its own. Structural errors (YAML, ESQ, ARCH) still fail the build.
_BUILD_WRAPPER = r"""
import sys, dataclasses
import checks.engine as engine
from checks.problem import Severity
_orig = engine.run_rules
def run_rules(*args, **kwargs):
    return [dataclasses.replace(p, severity=Severity.WARNING) for p in _orig(*args, **kwargs)]
engine.run_rules = run_rules
from mkdocs.__main__ import cli
sys.argv = ["mkdocs"] + sys.argv[1:]
cli()
"""


def env_for(procesos: Path) -> dict:
    env = dict(os.environ)
    env["MANUAL_PROCESOS_YAML"] = str(procesos)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = str(REPO)
    env.pop("GITHUB_ACTIONS", None)
    return env


def build_site(procesos: Path, site_dir: Path, *, gate: bool = True, strict: bool = False,
               timeout: int = 240) -> subprocess.CompletedProcess:
    """``mkdocs build`` of the repository's mkdocs.yml against ``procesos`` into ``site_dir``.
    ``gate=False`` downgrades compliance findings to warnings (see ``_BUILD_WRAPPER``)."""
    args = ["build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        args.append("--strict")
    else:
        args.append("--no-strict")
    cmd = [PY, "-c", _BUILD_WRAPPER, *args] if not gate else [PY, "-m", "mkdocs", *args]
    return subprocess.run(cmd, cwd=REPO, env=env_for(procesos), capture_output=True, text=True,
                          timeout=timeout)


def tree_hashes(root: Path) -> dict[str, tuple]:
    """Relative path -> (kind, sha256 or link target, mode) of everything under ``root``."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            st = path.lstat()
            if path.is_symlink():
                out[rel] = ("link", os.readlink(path), st.st_mode)
            elif path.is_dir():
                out[rel] = ("dir", None, st.st_mode)
            else:
                out[rel] = ("file", hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mode, st.st_mtime_ns)
    return out


def copy_minimo(dest: Path) -> Path:
    shutil.copytree(MINIMO, dest)
    return dest


TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s+File \".*\", line \d+", re.M)
# Control characters, bidi overrides and zero-width characters (what must never reach a
# terminal or a CI log unescaped).
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
