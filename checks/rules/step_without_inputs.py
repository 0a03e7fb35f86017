"""Todo paso debería recibir al menos un insumo (`insumos`).

Un paso sin insumos no dice con qué se trabaja. Cuenta como vacío lo mismo que en
PRC002: la clave ausente, `null`, una lista vacía o sólo marcadores como `N/A` o `-`.
Es una advertencia: hay pasos que de verdad arrancan de la nada (un primer paso que
inicia de oficio), pero conviene decirlo.

Correcto:

```yaml
- cvo: 2
  accion: Lectura y análisis de la notificación.
  insumos: [Oficio, Circular]
```

Incorrecto:

```yaml
- cvo: 2
  accion: Lectura y análisis de la notificación.
  insumos: ["N/A"]
```
"""
from checks.problem import Finding, Severity

ID = "PRC003"
NAME = "paso-sin-insumos"
SEVERITY = Severity.WARNING
CONF: dict = {}
DEFAULT: dict = {}


def check(manual, conf):
    for proc in manual.procedures.values():
        for step in proc.steps:
            if not step.real_inputs:
                where = step.loc("insumos")      # the step itself when the key is absent
                shown = ", ".join(step.inputs) if step.inputs else "nada"
                yield Finding(where, f"el paso {step.cvo} de {proc.id} no tiene insumos (registra: {shown})",
                              subject=proc.id, step=step.cvo)
