"""Todo procedimiento debería citar su fundamento normativo (`normativa`).

Basta un id de `normativa.yaml`; si el id no existe lo señala REF002.

Correcto:

```yaml
id: SPE-01
normativa: [ESTATUTO, LIN-CONCURSO]
```

Incorrecto:

```yaml
id: SPE-01
normativa: []
```
"""
from checks.problem import Finding, Severity

ID = "PRC005"
NAME = "procedimiento-sin-normativa"
SEVERITY = Severity.WARNING
CONF: dict = {}
DEFAULT: dict = {}


def check(manual, conf):
    for proc in manual.procedures.values():
        if not proc.norms:
            yield Finding(proc.loc("normativa"), f"el procedimiento {proc.id} no cita ninguna norma que lo "
                                                 "fundamente", subject=proc.id)
