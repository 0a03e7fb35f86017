"""Todo documento normativo citado en `normativa:` debe existir en `normativa.yaml`.

El id se compara exactamente (mayúsculas incluidas); el mensaje sugiere el más parecido.

Correcto:

```yaml
# normativa.yaml define «ESTATUTO»
id: SPE-01
normativa: [ESTATUTO, LIN-CONCURSO]
```

Incorrecto:

```yaml
id: SPE-01
normativa: [ESTATUTOS]     # ¿quiso decir «ESTATUTO»?
```
"""
from checks.problem import Finding, Severity

from ._common import Suggester

ID = "REF002"
NAME = "norma-desconocida"
SEVERITY = Severity.ERROR
CONF: dict = {}
DEFAULT: dict = {}


def check(manual, conf):
    hint = Suggester(manual.norms)     # once per distinct unknown id
    for proc in manual.procedures.values():
        for j, norm in enumerate(proc.norms):
            if norm not in manual.norms:
                yield Finding(proc.loc("normativa", j),
                              f"{proc.id} cita una norma desconocida «{norm}»{hint(norm)}: "
                              "agréguela a normativa.yaml o corrija el id",
                              subject=proc.id)
