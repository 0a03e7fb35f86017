"""Todo riesgo debe traer probabilidad e impacto dentro de la escala, y su nivel debe ser
probabilidad × impacto.

Vale para la valoración inicial y para la `revaloracion`, en procedimientos y en
coordinaciones. Se señala: probabilidad o impacto ausentes (`null`), valores fuera de la
escala, y un nivel ausente o distinto del producto. Si el manual original no deja leer
un valor, se registra `null` y se aprueba una excepción para ese riesgo.

Opciones:

* `minimo` (entero, por omisión 1) y `maximo` (entero, por omisión 3): escala de
  probabilidad e impacto (1 bajo, 2 medio, 3 alto).

Correcto:

```yaml
- id: R-CV-02
  probabilidad: 2
  impacto: 3
  nivel: 6
```

Incorrecto:

```yaml
- id: R-CV-02
  probabilidad: 2
  impacto: 4      # fuera de la escala 1–3
  nivel: 6        # 2 × 4 = 8
```
"""
from checks.problem import Finding, Severity

ID = "RSK001"
NAME = "nivel-de-riesgo"
SEVERITY = Severity.ERROR
CONF = {"minimo": int, "maximo": int}
DEFAULT = {"minimo": 1, "maximo": 3}


def _assessment(node, risk, what, low, high):
    """Yield (location, message) for one valuation (initial or reassessment)."""
    values = {}
    for key, name in (("probabilidad", "probabilidad"), ("impacto", "impacto")):
        value = getattr(node, "probability" if key == "probabilidad" else "impact")
        if value is None:
            yield node.loc(key), f"el riesgo {risk.id} ({what}) no tiene {name}"
        elif not low <= value <= high:
            yield node.loc(key), (f"el riesgo {risk.id} ({what}) tiene {name} {value}, fuera de la "
                                  f"escala {low}–{high}")
        else:
            values[key] = value
    level = node.level
    if len(values) == 2:
        product = values["probabilidad"] * values["impacto"]
        if level is None:
            yield node.loc("nivel"), (f"el riesgo {risk.id} ({what}) no tiene nivel: debería ser "
                                      f"{values['probabilidad']} × {values['impacto']} = {product}")
        elif level != product:
            yield node.loc("nivel"), (f"el riesgo {risk.id} ({what}) tiene nivel {level}, pero "
                                      f"{values['probabilidad']} × {values['impacto']} = {product}")
    elif level is not None and not low * low <= level <= high * high:
        yield node.loc("nivel"), (f"el riesgo {risk.id} ({what}) tiene nivel {level}, fuera de "
                                  f"{low * low}–{high * high}")


def check(manual, conf):
    low, high = conf.get("minimo", 1), conf.get("maximo", 3)
    for risk in manual.all_risks():
        for location, message in _assessment(risk, risk, "valoración", low, high):
            yield Finding(location, message, subject=risk.owner, risk=risk.id)
        if risk.reassessment is not None:
            for location, message in _assessment(risk.reassessment, risk, "revaloración", low, high):
                yield Finding(location, message, subject=risk.owner, risk=risk.id)
