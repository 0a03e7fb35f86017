"""Todo rol que se nombre debe existir en `roles.yaml`.

Se revisan los `responsables` de cada paso, los carriles del `flujograma`, el `rol` y los
`roles_responsabilidades` de cada coordinación, el `rol` de los términos del glosario, los
firmantes y la estructura orgánica de `manual.yaml`, y el `resuelve` de cada excepción.
Un rol desconocido suele ser una errata: el mensaje sugiere el id más parecido.

Correcto:

```yaml
# roles.yaml define «TV-INE»
- cvo: 2
  accion: Elaboración de oficio para el INE.
  responsables: [CV-INE, TV-INE]
```

Incorrecto:

```yaml
- cvo: 2
  accion: Elaboración de oficio para el INE.
  responsables: [CV-INE, TVINE]     # ¿quiso decir «TV-INE»?
```
"""
from checks.problem import Finding, Severity

from ._common import Suggester, role_references

ID = "REF001"
NAME = "rol-desconocido"
SEVERITY = Severity.ERROR
CONF: dict = {}
DEFAULT: dict = {}


def check(manual, conf):
    hint = Suggester(manual.roles)      # one search per unknown id, however often it is named
    for ref in role_references(manual):
        if ref.role not in manual.roles:
            yield Finding(ref.location,
                          f"rol desconocido «{ref.role}» en {ref.where}{hint(ref.role)}: "
                          "agréguelo a roles.yaml o corrija el id",
                          subject=ref.subject, step=ref.step)
