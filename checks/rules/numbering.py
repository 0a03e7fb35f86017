"""Los números consecutivos (`cvo`) de los pasos deben ir 1, 2, 3… sin huecos, sin
repetirse y en orden.

Un hueco suele delatar un paso perdido al transcribir el manual; un número repetido hace
ambigua cualquier referencia (`ir_a`) y el orden del flujograma. Se señala cada paso
cuyo número no es el que le corresponde, con el número esperado.

Opciones:

* `inicio` (entero, por omisión 1): número del primer paso.

Correcto:

```yaml
pasos:
  - {cvo: 1, accion: Recibir la solicitud.}
  - {cvo: 2, accion: Revisar la solicitud.}
  - {cvo: 3, accion: Responder la solicitud.}
```

Incorrecto:

```yaml
pasos:
  - {cvo: 1, accion: Recibir la solicitud.}
  - {cvo: 3, accion: Revisar la solicitud.}     # falta el 2
  - {cvo: 3, accion: Responder la solicitud.}   # repetido
```
"""
from checks.problem import Finding, Severity

ID = "NUM001"
NAME = "numeracion-de-pasos"
SEVERITY = Severity.ERROR
CONF = {"inicio": int}
DEFAULT = {"inicio": 1}


def check(manual, conf):
    start = conf.get("inicio", 1)
    for proc in manual.procedures.values():
        seen: dict[int, int] = {}
        previous = None
        for index, step in enumerate(proc.steps):
            cvo = step.cvo
            problem = None
            if cvo in seen:
                problem = f"repite el número {cvo} (ya usado en la posición {seen[cvo] + 1})"
            elif previous is None:
                if cvo != start:
                    problem = f"es el primero y debería ser {start}"
            elif cvo < previous:
                problem = f"está fuera de orden: {cvo} va después de {previous}"
            elif cvo > previous + 1:
                missing = ", ".join(str(n) for n in range(previous + 1, min(cvo, previous + 6)))
                more = "…" if cvo - previous - 1 > 5 else ""
                problem = f"salta de {previous} a {cvo} (falta {missing}{more})"
            if problem:
                yield Finding(step.loc("cvo"),
                              f"el paso en la posición {index + 1} de {proc.id} (cvo {cvo}) {problem}",
                              subject=proc.id, step=cvo)
            seen.setdefault(cvo, index)
            previous = cvo if previous is None else max(previous, cvo)
