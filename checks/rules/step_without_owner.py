"""Todo paso debe nombrar al menos un responsable (`responsables`).

Un paso sin responsable no se puede ejecutar ni auditar: nadie sabe a quién le toca.
Cuenta como vacío: la clave ausente, `null`, una lista vacía o sólo marcadores que
significan «ninguno» (`N/A`, `-`, `Ninguno`…).

Correcto:

```yaml
- cvo: 4
  accion: Análisis, revisión y firma de la Tarjeta Informativa.
  responsables: [DEVySPE]
```

Incorrecto:

```yaml
- cvo: 4
  accion: Análisis, revisión y firma de la Tarjeta Informativa.
  responsables: []
```
"""
from checks.problem import Finding, Severity

ID = "PRC001"
NAME = "paso-sin-responsable"
SEVERITY = Severity.ERROR
CONF: dict = {}
DEFAULT: dict = {}


def check(manual, conf):
    for proc in manual.procedures.values():
        for step in proc.steps:
            if not step.real_responsibles:
                where = step.loc("responsables")  # the step itself when the key is absent
                yield Finding(where, f"el paso {step.cvo} de {proc.id} no tiene responsable",
                              subject=proc.id, step=step.cvo)
