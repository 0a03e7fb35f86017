"""Inyección de comandos en el registro de CI (issue 17, clase 3).

El flujo de trabajo imprime la salida de ``python -m checks`` (todos los formatos),
``checks diff`` y ``export``; un valor del YAML con un salto seguido de ``::error file=…::``,
o con ``##[error]`` en cualquier punto de la línea (forma antigua que el ejecutor de GitHub
todavía acepta), se convertía en un comando real en el registro del pull request. Todo
texto no confiable pasa ahora por un solo ayudante, :func:`checks.problem.printable`
(:func:`checks.problem.printable_json` para JSON, sin cambiar los datos)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from checks.cli import main as cli_main
from checks.problem import printable, printable_json
from tests.common import MINIMO, REPO, procedure
from tests.hostil.hostil_comun import build_site, generate_manual, payload_text
from tests.hostil.salidas import log_commands, terminal_sequences

CARGAS = {
    "salto": "x\n::error file=forjado.yaml,line=1::forjado-salto",
    "retorno": "x\r::warning::forjado-cr",
    "crlf": "x\r\n::notice::forjado-crlf",
    "nel": "x\x85::error::forjado-nel",
    "separador": "x\u2028::error::forjado-ls\u2029::error::forjado-ps",
    "espacios": "x\n \u3000\t::error::forjado-espacios",
    "antiguo": "##[error]forjado-antiguo y ###[warning]otro",
    "inicio": "::add-mask::forjado-inicio",
    "detener": "x\n::stop-commands::pausa\n::error::tras-pausa",
    "ansi": "\x1b[31mrojo\x1b[0m \x9b31m csi8",
}
TODAS = " ".join(CARGAS.values())


def _texto(carga: str):
    """Las cargas en cada campo de texto; las siglas (término del glosario, siglas de rol)
    quedan válidas para que el manual llegue a las reglas y a todas las salidas."""
    base = payload_text(carga)

    def text(path, kind):
        if path and path[-1] in ("termino", "siglas"):
            return "SIGLAX" if path[-1] == "termino" else "RUNO"
        return base(path, kind)
    return text


@pytest.mark.parametrize("nombre", list(CARGAS))
def test_printable_neutraliza(nombre):
    texto = printable(CARGAS[nombre])
    assert "\n" not in texto and "\r" not in texto
    assert not log_commands("línea\n" + texto) and not log_commands(texto)
    assert not terminal_sequences(texto)


def test_printable_json_no_cambia_los_datos():
    datos = {"a": TODAS, "##[b]": ["\u2028", "\x9b"]}
    texto = printable_json(json.dumps(datos, ensure_ascii=False, indent=2))
    assert json.loads(texto) == datos
    assert not log_commands(texto) and not terminal_sequences(texto)


# --- python -m checks, todos los formatos, sobre un manual con cargas en todos los campos ---

@pytest.fixture(scope="module")
def manual_hostil(tmp_path_factory):
    root = generate_manual(tmp_path_factory.mktemp("ci") / "procesos_yaml", _texto(TODAS))
    # Un id no válido con las cargas: el mensaje ESQ004 cita su valor.
    procedure(root, "P-DOS", f"""
        - {{cvo: 1, accion: Paso, responsables: [{json.dumps(CARGAS["salto"] + CARGAS["antiguo"])}], salidas: [x]}}
    """)
    return root


@pytest.mark.parametrize("formato", ["humano", "json", "junit", "github", "markdown"])
def test_checks_en_todos_los_formatos(manual_hostil, capsys, formato, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    codigo = cli_main([str(manual_hostil), "--formato", formato, "--sin-cache"])
    salida = capsys.readouterr()
    assert codigo in (0, 1)
    texto = salida.out + salida.err
    assert "forjado-salto" in texto and "forjado-antiguo" in texto          # el texto sí se muestra
    assert not log_commands(texto, own=formato == "github"), log_commands(texto, own=True)[:3]
    assert not terminal_sequences(texto)
    if formato == "json":
        json.loads(salida.out)
    if formato == "github":
        propias = [l for l in salida.out.splitlines() if l.startswith("::")]
        assert len(propias) == len(json.loads(_json(manual_hostil, capsys))["hallazgos"])


def _json(root, capsys):
    cli_main([str(root), "--formato", "json", "--sin-cache"])
    return capsys.readouterr().out


def test_mensajes_con_excepcion_hostil(tmp_path, capsys, monkeypatch):
    """El motivo de una excepción (texto libre) aparece en humano, junit, github y markdown."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = tmp_path / "procesos_yaml"
    shutil.copytree(MINIMO, root)
    procedure(root, "CV-09", """
        - {cvo: 1, accion: Paso sin salida, responsables: [CV-INE], insumos: [Oficio]}
    """)
    (root / "excepciones.yaml").write_text(
        "excepciones:\n  - regla: PRC002\n    objeto: CV-09\n    paso: 1\n    motivo: " + json.dumps(TODAS)
        + "\n    resuelve: CV-INE\n    acto: " + json.dumps(CARGAS["salto"]) + "\n    vence: \"2999-12-31\"\n",
        encoding="utf-8")
    for formato in ("humano", "junit", "github", "markdown", "json"):
        cli_main([str(root), "--formato", formato, "--sin-cache"])
        texto = capsys.readouterr().out
        assert "exceptuado" in texto, formato
        assert not log_commands(texto, own=formato == "github"), (formato, log_commands(texto, own=True))
        assert not terminal_sequences(texto), formato


def test_errores_de_configuracion_y_fecha(tmp_path, capsys):
    root = tmp_path / "procesos_yaml"
    shutil.copytree(MINIMO, root)
    (tmp_path / "reglas.yaml").write_text("reglas:\n  " + json.dumps("R\n::error::forjado-regla") + ": error\n",
                                          encoding="utf-8")
    assert cli_main([str(root), "--sin-cache"]) == 2
    err = capsys.readouterr().err
    assert "forjado-regla" in err and not log_commands(err), err
    with pytest.raises(SystemExit):
        cli_main([str(root), "--hoy", "x\n::error::forjado-fecha"])
    err = capsys.readouterr().err
    assert "forjado-fecha" in err and not log_commands(err), err


# --- diff y export -------------------------------------------------------------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


@pytest.fixture(scope="module")
def repo_diff(tmp_path_factory):
    """Base: un manual neutro; copia de trabajo: el mismo con las cargas en todos los campos
    (y un paso nuevo, un rol nuevo, insumos y responsables cambiados)."""
    repo = tmp_path_factory.mktemp("diff")
    generate_manual(repo / "procesos_yaml", payload_text("Texto neutro"))
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    generate_manual(repo / "procesos_yaml", _texto(TODAS))
    return repo


def _correr(repo, *args):
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(REPO)}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "checks", *args], cwd=repo, capture_output=True, text=True,
                          env=env, timeout=180)


@pytest.mark.parametrize("formato", ["humano", "markdown"])
def test_diff(repo_diff, formato):
    r = _correr(repo_diff, "diff", "main", "--ruta", "procesos_yaml", "--formato", formato)
    assert r.returncode == 0, r.stderr
    assert "forjado-salto" in r.stdout                 # el texto sí se muestra…
    texto = r.stdout + r.stderr
    assert not log_commands(texto), log_commands(texto)[:5]        # …pero no como comando
    assert not terminal_sequences(texto)


def test_diff_con_revision_hostil(repo_diff):
    r = _correr(repo_diff, "diff", "main\n::error::forjado-rev", "--ruta", "procesos_yaml")
    assert r.returncode == 2
    assert not log_commands(r.stderr) and "Traceback" not in r.stderr, r.stderr


def test_export_y_sus_mensajes(repo_diff, tmp_path):
    r = _correr(repo_diff, "export", "procesos_yaml")
    # con SEC001 bloqueante no se exporta: el mensaje lista los hallazgos
    texto = r.stdout + r.stderr
    assert not log_commands(texto) and not terminal_sequences(texto), texto[:500]
    r = _correr(repo_diff, "export", "procesos_yaml", "-o", str(repo_diff / "procesos_yaml" / "x\n::error::o.json"))
    assert not log_commands(r.stderr), r.stderr


def test_export_json_seguro_y_exacto(tmp_path, monkeypatch):
    """Sin reglas bloqueantes (todas como advertencia), el JSON exportado conserva cada
    carga exactamente y no contiene comandos ni secuencias de terminal."""
    import dataclasses

    import checks.engine as engine
    from checks.reports import export
    from checks.problem import Severity

    original = engine.run_rules
    monkeypatch.setattr(engine, "run_rules", lambda *a, **k: [dataclasses.replace(p, severity=Severity.WARNING)
                                                              for p in original(*a, **k)])
    root = generate_manual(tmp_path / "procesos_yaml", _texto(TODAS))
    texto = export.export_text(root)
    assert not log_commands(texto) and not terminal_sequences(texto)
    assert json.loads(texto)["manual"]["titulo"].startswith(TODAS)


# --- el hook de MkDocs ---------------------------------------------------------------------

def test_error_del_hook_de_mkdocs(tmp_path):
    root = tmp_path / "procesos_yaml"
    shutil.copytree(MINIMO, root)
    procedure(root, "CV-09", """
        - {cvo: 1, accion: Paso, responsables: ["R\\n::error file=x::forjado-hook", "S##[error]forjado-hook2"], salidas: [x]}
    """)
    r = build_site(root, tmp_path / "sitio", gate=True)
    assert r.returncode != 0
    assert "forjado-hook" in r.stderr and "forjado-hook2" in r.stderr, r.stderr[-2000:]
    assert not log_commands(r.stdout + r.stderr), log_commands(r.stderr)
