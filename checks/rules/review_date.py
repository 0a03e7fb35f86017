"""La fecha de revisión de un procedimiento (`vigencia`) o del manual (`control.proxima_revision`)
no debe haber pasado.

`vigencia` (en un procedimiento) y `control.proxima_revision` (en `manual.yaml`) son la fecha
(AAAA-MM-DD) en que el contenido debe revisarse. Cuando llega,
el procedimiento sigue publicándose, pero se avisa de que hay que revisarlo y actualizar
la fecha. La fecha de referencia es la de hoy (o la de `--hoy` en la línea de órdenes).

Opciones:

* `dias_aviso` (entero, por omisión 0): avisar también cuando falten esos días o menos.

Correcto:

```yaml
id: SPE-01
vigencia: "2027-12-31"
```

Incorrecto:

```yaml
id: SPE-01
vigencia: "2024-01-31"     # ya pasó: toca revisarlo
```
"""
import datetime as _dt

from checks.problem import Finding, Severity

from ._common import today_of

ID = "VIG001"
NAME = "vigencia-vencida"
SEVERITY = Severity.WARNING
CONF = {"dias_aviso": int}
DEFAULT = {"dias_aviso": 0}


def _message(what: str, date: str, today: _dt.date, notice: int) -> str | None:
    try:
        due = _dt.date.fromisoformat(date)
    except ValueError:
        return None      # the schema reports malformed dates (ESQ004)
    if due < today:
        return f"la vigencia de {what} venció el {date}: revíselo y actualice la fecha"
    if notice > 0 and (due - today).days <= notice:
        return f"la vigencia de {what} vence el {date} (en {(due - today).days} días)"
    return None


def check(manual, conf):
    today = today_of(conf)
    notice = conf.get("dias_aviso", 0)
    info = manual.info
    if info is not None and info.control is not None and info.control.next_review:
        message = _message("el manual", info.control.next_review, today, notice)
        if message:
            yield Finding(info.control.loc("proxima_revision"), message, subject="manual")
    for proc in manual.procedures.values():
        if proc.review_date:
            message = _message(f"el procedimiento {proc.id}", proc.review_date, today, notice)
            if message:
                yield Finding(proc.loc("vigencia"), message, subject=proc.id)
