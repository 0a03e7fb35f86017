"""Toda opción de una decisión (`ir_a`) debe llevar a un paso que exista en el mismo
procedimiento.

Correcto:

```yaml
- cvo: 3
  accion: Revisar la procedencia de la solicitud.
  decision:
    pregunta: ¿Es procedente?
    opciones:
      - {etiqueta: "Sí", ir_a: 4}
      - {etiqueta: "No", ir_a: 6}
- cvo: 4
  # …
- cvo: 6
  # …
```

Incorrecto:

```yaml
- cvo: 3
  accion: Revisar la procedencia de la solicitud.
  decision:
    pregunta: ¿Es procedente?
    opciones:
      - {etiqueta: "No", ir_a: 60}    # no existe el paso 60
```
"""
from checks.problem import Finding, Severity

from ._common import suggest

ID = "REF003"
NAME = "paso-destino-desconocido"
SEVERITY = Severity.ERROR
CONF: dict = {}
DEFAULT: dict = {}


def check(manual, conf):
    for proc in manual.procedures.values():
        known = [step.cvo for step in proc.steps]
        numbers = set(known)             # a set: linear in the steps, not steps × options
        for step in proc.steps:
            if step.decision is None:
                continue
            for option in step.decision.options:
                if option.target not in numbers:
                    yield Finding(option.loc("ir_a"),
                                  f"la opción «{option.label}» del paso {step.cvo} de {proc.id} lleva al "
                                  f"paso {option.target}, que no existe{suggest(option.target, known)}",
                                  subject=proc.id, step=step.cvo)
