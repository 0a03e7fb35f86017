"""Toda excepción vigente de `excepciones.yaml` debe corresponder a algún hallazgo.

Si el problema ya se corrigió (o la excepción apunta a una regla, procedimiento, paso o
riesgo equivocados), la excepción sobra y debe borrarse: si se dejara, ocultaría en
silencio un problema futuro. Una excepción coincide con un hallazgo cuando tienen la
misma `regla` y el mismo `objeto`, y, si la excepción los indica, el mismo `paso` y
el mismo `riesgo`.

Correcto:

```yaml
# el paso 1 de CV-01 todavía registra "N/A" como salida (hallazgo PRC002)
excepciones:
  - {regla: PRC002, objeto: CV-01, paso: 1, motivo: …, resuelve: CV-INE, vence: "2027-06-30"}
```

Incorrecto:

```yaml
# el paso 2 de CV-01 sí tiene salida: no hay hallazgo que exceptuar
excepciones:
  - {regla: PRC002, objeto: CV-01, paso: 2, motivo: …, resuelve: CV-INE, vence: "2027-06-30"}
```
"""
from checks import rules as _registry
from checks.exception_index import ProblemKeys
from checks.problem import Finding, Severity

from ._common import suggest, today_of
from .exception_expired import is_expired

ID = "EXC002"
NAME = "excepcion-sin-uso"
SEVERITY = Severity.WARNING
CONF: dict = {}
DEFAULT: dict = {}
PHASE = "excepciones"     # runs after the exceptions are applied; reads conf.problems


def check(manual, conf):
    today = today_of(conf)
    problems = getattr(conf, "problems", ())
    disabled = getattr(conf, "disabled", frozenset())
    known = [r.ID for r in _registry.all_rules()]
    matched = ProblemKeys(problems)         # indexed: linear in problems + exceptions
    for exc in manual.exceptions:
        if is_expired(exc, today):
            continue        # EXC001 already reports it
        if matched.matched(exc):
            continue
        if exc.rule not in known:
            why = f"la regla {exc.rule} no existe{suggest(exc.rule, known)}"
        elif exc.rule in disabled:
            why = f"la regla {exc.rule} está desactivada en la configuración"
        else:
            why = "ya no corresponde a ningún hallazgo"
        yield Finding(exc.loc(), f"la excepción a {exc.rule} para {exc.target} sobra: {why}; bórrela",
                      subject=exc.subject, step=exc.step, risk=exc.risk)
