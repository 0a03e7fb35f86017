"""Todo rol de `roles.yaml` debería usarse en algún lugar del manual.

Cuenta como uso cualquier referencia por id: responsables de un paso, carriles de un
flujograma, coordinaciones (rol titular y responsabilidades), firmantes y estructura
orgánica de `manual.yaml`. No cuentan el `rol` de un término del glosario ni el
`resuelve` de una excepción: nombrarlo ahí no lo pone a trabajar. Un rol que nadie usa
sobra o delata una referencia mal escrita.

Correcto:

```yaml
# roles.yaml
roles:
  - {id: TV-INE, nombre: Técnico de Vinculación, tipo: persona, definido_en_manual: true}
# procedimientos/CV-01.yaml
pasos:
  - {cvo: 1, accion: Recepción, responsables: [TV-INE]}
```

Incorrecto:

```yaml
# roles.yaml: nadie nombra a «ARCHIVO»
roles:
  - {id: ARCHIVO, nombre: Archivo de trámite, tipo: unidad, definido_en_manual: false}
```
"""
from checks.problem import Finding, Severity

from ._common import role_references

ID = "CAT001"
NAME = "rol-sin-uso"
SEVERITY = Severity.WARNING
CONF: dict = {}
DEFAULT: dict = {}


def check(manual, conf):
    used = {ref.role for ref in role_references(manual) if ref.subject not in ("glosario", "excepciones")}
    for role in manual.roles.values():
        if role.id not in used:
            yield Finding(role.loc("id"), f"el rol «{role.id}» ({role.name}) no se usa en ningún lugar del manual",
                          subject="roles")
