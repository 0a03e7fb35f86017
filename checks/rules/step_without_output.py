"""Todo paso debe producir al menos una salida (`salidas`).

Un paso sin salida no deja evidencia de que se realizó. Cuenta como vacío: la clave
ausente, `null`, una lista vacía o sólo marcadores que significan «ninguna»: `N/A`, `NA`,
`n/a`, `-`, `—`, `Ninguno`, `Ninguna`, `No aplica` o un texto en blanco.

Correcto:

```yaml
- cvo: 2
  accion: Elaborar un plan de trabajo para la realización del Certamen Interno.
  salidas: [Plan de trabajo]
```

Incorrecto:

```yaml
- cvo: 4
  accion: Publicar y difundir la Convocatoria al Certamen Interno.
  salidas: ["N/A"]
```
"""
from checks.problem import Finding, Severity

ID = "PRC002"
NAME = "paso-sin-salida"
SEVERITY = Severity.ERROR
CONF: dict = {}
DEFAULT: dict = {}


def check(manual, conf):
    for proc in manual.procedures.values():
        for step in proc.steps:
            if not step.real_outputs:
                where = step.loc("salidas")  # the step itself when the key is absent
                shown = ", ".join(step.outputs) if step.outputs else "nada"
                yield Finding(where, f"el paso {step.cvo} de {proc.id} no tiene salida (registra: {shown})",
                              subject=proc.id, step=step.cvo)
