"""Todo procedimiento debería tener evaluación de riesgos.

Definición: un procedimiento tiene evaluación de riesgos si su lista `riesgos` tiene al
menos un riesgo, **o** si la coordinación a la que pertenece (`coordinaciones/<area>.yaml`)
declara riesgos generales: los riesgos de una coordinación se aplican a todos sus
procedimientos.

Correcto:

```yaml
# coordinaciones/CV-INE.yaml trae riesgos: [{id: R-CV-01, …}]
id: CV-01
area: CV-INE
riesgos: []
```

Incorrecto:

```yaml
# coordinaciones/CSPE.yaml no trae riesgos
id: SPE-01
area: CSPE
riesgos: []
```
"""
from checks.problem import Finding, Severity

ID = "PRC006"
NAME = "procedimiento-sin-riesgos"
SEVERITY = Severity.WARNING
CONF: dict = {}
DEFAULT: dict = {}


def has_risk_assessment(proc, manual) -> bool:
    """The definition in this rule's docstring (shared with checks.completeness)."""
    if proc.risks:
        return True
    coord = manual.coordinations.get(proc.area)
    return bool(coord and coord.risks)


def check(manual, conf):
    for proc in manual.procedures.values():
        if not has_risk_assessment(proc, manual):
            yield Finding(proc.loc("riesgos"), f"el procedimiento {proc.id} no tiene evaluación de riesgos "
                                               f"(ni propia ni de su coordinación {proc.area})",
                          subject=proc.id)
