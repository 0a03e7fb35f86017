"""Todo procedimiento debe pertenecer a una coordinación que exista en `coordinaciones/`.

El campo `area` del procedimiento es el id de la coordinación (el nombre de su archivo).

Correcto:

```yaml
# existe coordinaciones/CSPE.yaml
id: SPE-01
area: CSPE
```

Incorrecto:

```yaml
id: SPE-01
area: SPE        # ¿quiso decir «CSPE»?
```
"""
from checks.problem import Finding, Severity

from ._common import Suggester

ID = "REF004"
NAME = "coordinacion-desconocida"
SEVERITY = Severity.ERROR
CONF: dict = {}
DEFAULT: dict = {}


def check(manual, conf):
    hint = Suggester(manual.coordinations)     # once per distinct unknown id
    for proc in manual.procedures.values():
        if proc.area not in manual.coordinations:
            yield Finding(proc.loc("area"),
                          f"{proc.id} pertenece a una coordinación desconocida «{proc.area}»"
                          f"{hint(proc.area)}: cree coordinaciones/{proc.area}.yaml o corrija "
                          "el id", subject=proc.id)
