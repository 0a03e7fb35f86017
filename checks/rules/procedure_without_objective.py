"""Todo procedimiento debería declarar su objetivo (`objetivo`).

Cuenta como ausente la clave que falta o un texto en blanco. El objetivo de la
coordinación no sustituye al del procedimiento.

Correcto:

```yaml
id: SPE-01
objetivo: Ocupar las plazas vacantes del Servicio mediante el Concurso Público.
```

Incorrecto:

```yaml
id: SPE-01
objetivo: ""
```
"""
from checks.problem import Finding, Severity

ID = "PRC004"
NAME = "procedimiento-sin-objetivo"
SEVERITY = Severity.WARNING
CONF: dict = {}
DEFAULT: dict = {}


def check(manual, conf):
    for proc in manual.procedures.values():
        if not (proc.objective or "").strip():
            yield Finding(proc.loc("objetivo"), f"el procedimiento {proc.id} no declara su objetivo",
                          subject=proc.id)
