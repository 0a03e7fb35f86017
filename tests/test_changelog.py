"""checks.reports.changelog: published versions compared step by step, and unpublished changes."""
from checks.reports.changelog import changelog
from tests.gitrepo import commit, set_control, three_versions


def _lines(diff):
    return [(section.title, str(line), line.procedure, line.step)
            for section in diff.sections for line in section.lines]


def test_three_versions_give_the_exact_change_log(tmp_path):
    repo, manual = three_versions(tmp_path)
    log = changelog(manual)
    assert log.available and not log.status.draft
    assert [(v.version, v.published.tag, v.date, v.state, v.problem) for v in log.versions] == [
        ("2023", "manual-2023", "2023-06-01", "aprobado", None),
        ("2024.1", "manual-2024.1", "2024-03-01", "aprobado", None),
        ("2024.2", "manual-2024.2", "2024-09-15", "aprobado", None)]
    assert log.versions[0].changes is None
    proc_title = ("Procedimiento CV-02 «Notificación al INE, de los acuerdos emitidos por el Consejo General "
                  "y de las…»")
    assert _lines(log.versions[1].changes) == [
        ("Procedimientos nuevos", "CV-05 «Procedimiento de prueba CV-05» (CV-INE, 1 pasos)", "CV-05", None),
        (proc_title, "Paso 2 «Redacción del oficio con el que se remite al INE a través el SIVOPLE…»: acción: "
                     "«Elaboración de oficio mediante el cual se remite al INE a través el…» → «Redacción del "
                     "oficio con el que se remite al INE a través el SIVOPLE…»", "CV-02", 2)]
    [(title, text, proc, step)] = _lines(log.versions[2].changes)
    assert (title, proc, step) == (proc_title, "CV-02", 3)
    assert text == ("Paso 3 «Elaboración de oficio para notificar al área correspondiente la…»: responsables: "
                    "se quita TV-INE (ahora: CV-INE)")
    assert log.unpublished is None and log.current.version == "2024.2"


def test_unpublished_changes_since_the_last_version(tmp_path):
    repo, manual = three_versions(tmp_path)
    set_control(manual, "2025", "borrador")
    path = manual / "procedimientos" / "CV-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[Acuse de recibido]", "[Acuse]"), encoding="utf-8")
    log = changelog(manual)
    assert log.status.draft and log.current is None
    [(title, text, proc, step)] = _lines(log.unpublished)
    assert (proc, step) == ("CV-02", 1) and "salidas: se agrega Acuse; se quita Acuse de recibido" in text
    assert "DIRECCION" in log.unpublished.roles
    commit(repo, "trabajo en curso")
    assert changelog(manual).unpublished is not None


def test_a_tag_whose_manual_is_not_approved_is_flagged(tmp_path):
    repo, manual = three_versions(tmp_path)
    set_control(manual, "2025", "borrador")
    commit(repo, "etiqueta por error", tag="manual-2025")
    log = changelog(manual)
    assert log.versions[-1].problem == "su manual.yaml no dice «control.estado: aprobado»"


def test_no_history_degrades(tmp_path):
    from tests.common import manual_copy
    log = changelog(manual_copy(tmp_path))
    assert not log.available and log.versions == [] and log.status.draft
    assert log.history.reason.startswith("historial no disponible en esta copia")


def test_versiones_command_lists_the_exact_change_log(tmp_path, capsys):
    from checks.cli import main
    repo, manual = three_versions(tmp_path)
    assert main(["versiones", "--ruta", str(manual)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:5] == ["Versiones publicadas del manual (etiquetas «manual-*»): 3", "",
                       "  2023       2023-06-01  aprobado     manual-2023",
                       "  2024.1     2024-03-01  aprobado     manual-2024.1",
                       "  2024.2     2024-09-15  aprobado     manual-2024.2"]
    assert "Cambios de la versión 2024.1 (desde manual-2023):" in out
    assert "    · CV-05 «Procedimiento de prueba CV-05» (CV-INE, 1 pasos)" in out
    assert out[-1] == "Esta copia es la versión publicada 2024.2 (manual-2024.2): vigente."
    # a draft with a hostile role name: one line per item, control characters escaped
    set_control(manual, "2025", "borrador")
    roles = manual / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        "id: DIRECCION\n    nombre: ", 'id: DIRECCION\n    nombre: "X\\n::error file=a::falso "\n    nombre_x: ', 1)
        .replace("nombre_x: ", "# ", 1), encoding="utf-8")
    path = manual / "procedimientos" / "CV-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[Acuse de recibido]", "[Acuse]"), encoding="utf-8")
    assert main(["versiones", "--ruta", str(manual)]) == 0
    out = capsys.readouterr().out
    assert "Esta copia es un BORRADOR — no vigente" in out
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "Avisar a: X\\n::error file=a::falso  (DIRECCION)" in out


def test_versiones_without_history(tmp_path, capsys):
    from checks.cli import main
    from tests.common import manual_copy
    assert main(["versiones", "--ruta", str(manual_copy(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "historial no disponible en esta copia" in out and "BORRADOR" in out


def test_pull_request_summary_names_the_version_and_the_lines_the_merge_adds(tmp_path):
    from tests.common import run_checks
    repo, manual = three_versions(tmp_path)
    args = ("procesos_yaml", "--formato", "markdown", "--base", "manual-2024.1", "--sin-cache")
    out = run_checks(*args, cwd=repo).stdout
    assert ("### Versión del manual\n\nEste cambio modifica la versión **2024.2** del manual (estado «aprobado» en "
            "manual.yaml).\n\nÚltima versión publicada: **2024.2** (`manual-2024.2`, 2024-09-15).\n\nEsta copia es "
            "exactamente la versión publicada 2024.2: la fusión no agrega líneas al control de cambios.") in out
    # a draft: the unpublished lines, escaped (YAML text never becomes Markdown or HTML)
    set_control(manual, "2025", "borrador")
    path = manual / "procedimientos" / "CV-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[Acuse de recibido]", "[Acuse]"), encoding="utf-8")
    path = manual / "procedimientos" / "CV-05.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "nombre: Procedimiento de prueba CV-05", "nombre: 'Archivo [x](http://mal.invalid) <b>|'"), encoding="utf-8")
    result = run_checks(*args, cwd=repo)
    section = result.stdout.split("### Versión del manual\n\n", 1)[1].split("\n### ", 1)[0]
    assert section.splitlines() == [
        "Este cambio modifica la versión **2025** del manual (estado «borrador» en manual.yaml).", "",
        "Última versión publicada: **2024.2** (`manual-2024.2`, 2024-09-15).", "",
        "Líneas que la fusión deja en «Cambios no publicados» del control de cambios (desde `manual-2024.2`):", "",
        "- **Procedimiento CV-02 «Notificación al INE, de los acuerdos emitidos por el Consejo General y de las…»**",
        "  - Paso 1 «Recepción de solicitud de apoyo de las áreas del Instituto, dirigida…»: salidas: se agrega "
        "Acuse; se quita Acuse de recibido \\(ahora: Acuse\\)",
        "- **Procedimiento CV-05 «Archivo \\[x\\]\\(http://mal.invalid\\) &lt;b&gt;\\|»**",
        "  - Cambia nombre: «Procedimiento de prueba CV-05» → «Archivo \\[x\\]\\(http://mal.invalid\\) &lt;b&gt;\\|»",
        "",
        "**Avisar a:** Coordinación de Vinculación con el Instituto Nacional Electoral \\(CV-INE\\), Dirección "
        "Ejecutiva de Vinculación y Servicio Profesional Electoral \\(DIRECCION\\)"]


def test_pull_request_summary_without_history(tmp_path):
    from checks.project import load_manual
    from checks.reports.changelog_text import pull_request_markdown
    from tests.common import manual_copy
    root = manual_copy(tmp_path)
    manual = load_manual(root).manual
    text = pull_request_markdown(changelog(root, manual), manual)
    assert text.splitlines()[-1] == ("Versiones publicadas: historial no disponible en esta copia: no es un "
                                     "repositorio git; no se puede decir qué líneas agrega al control de cambios.")
