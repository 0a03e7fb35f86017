"""El número de versión del manual no retrocede ni se repite tras publicarse.

Una versión publicada es una etiqueta de git `manual-<versión>` (por ejemplo `manual-2023`,
`manual-2024.1`; véase `procesos_yaml/LEEME.md`). Las versiones se ordenan como números:
`2023 < 2023.1 < 2024 < 2024.1`. La regla compara `version` de `manual.yaml` con la última
etiqueta publicada:

* menor que la última publicada → error: la versión retrocede;
* igual a la última publicada, pero el árbol no es esa etiqueta → error si el estado dice
  `aprobado` (el texto cambió y sigue presentándose como la versión aprobada); suba `version`
  y ponga `control.estado: borrador` al empezar los cambios.

Sin git, sin etiquetas o en una copia superficial no hay historial que comparar: la regla no
dice nada (el sitio lo indica con «historial no disponible en esta copia»).

Con la última etiqueta `manual-2023`:

Correcto:

```yaml
version: "2024.1"
control:
  estado: borrador
```

Incorrecto:

```yaml
version: "2022"        # menor que la versión publicada 2023
```
"""
import os

from checks.problem import Finding, Severity
from checks.versions import history, status, version_key

ID = "VER002"
NAME = "version-no-creciente"
SEVERITY = Severity.ERROR
CONF = {}
DEFAULT = {}


def check(manual, conf):
    info = manual.info
    root = getattr(conf, "root", None)
    if info is None or root is None:
        return
    hist = history(os.fspath(root))
    last = hist.last
    if last is None:
        return
    try:
        current = version_key(info.version)
    except ValueError:
        return           # the schema reports malformed versions (ESQ004)
    where = info.loc("version")
    if current < last.key:
        yield Finding(where, f"la versión «{info.version}» es menor que la última publicada "
                      f"«{last.version}» (etiqueta {last.tag})", subject="manual")
    elif (current == last.key and info.control is not None and info.control.approved
          and status(os.fspath(root), hist).draft):
        yield Finding(where, f"el manual cambió desde la versión publicada «{last.version}» (etiqueta "
                      f"{last.tag}) y sigue diciendo «aprobado» con el mismo número: suba «version» y "
                      "ponga «control.estado: borrador»", subject="manual")
