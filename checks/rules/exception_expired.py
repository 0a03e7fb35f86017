"""Una excepción de `excepciones.yaml` no puede estar vencida.

Cada excepción tiene fecha de vencimiento (`vence`). Al pasar esa fecha deja de cubrir
su hallazgo, que vuelve a contar como error, y además se señala la excepción misma:
hay que resolver el problema o renovarla con un nuevo acto que la apruebe.

Correcto:

```yaml
excepciones:
  - regla: PRC002
    objeto: CV-01
    paso: 1
    motivo: El manual 2023 registra "N/A" como salida de este paso.
    resuelve: CV-INE
    acto: null
    vence: "2027-06-30"
```

Incorrecto:

```yaml
excepciones:
  - regla: PRC002
    objeto: CV-01
    paso: 1
    motivo: El manual 2023 registra "N/A" como salida de este paso.
    resuelve: CV-INE
    vence: "2024-06-30"      # ya pasó
```
"""
import datetime as _dt

from checks.problem import Finding, Severity

from ._common import today_of

ID = "EXC001"
NAME = "excepcion-vencida"
SEVERITY = Severity.ERROR
CONF: dict = {}
DEFAULT: dict = {}
PHASE = "excepciones"     # runs after the exceptions are applied


def is_expired(exc, today: _dt.date) -> bool:
    return _dt.date.fromisoformat(exc.expires) < today


def check(manual, conf):
    today = today_of(conf)
    for exc in manual.exceptions:
        if is_expired(exc, today):
            yield Finding(exc.loc("vence"), f"la excepción a {exc.rule} para {exc.target} venció el "
                                            f"{exc.expires}", subject=exc.subject, step=exc.step, risk=exc.risk)
