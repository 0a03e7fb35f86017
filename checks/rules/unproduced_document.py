"""Todo documento que un paso consume (`insumos`) debería salir de un paso anterior del
mismo procedimiento (`salidas`) o estar declarado como externo (`documentos_externos`).

Así se detectan insumos que aparecen de la nada: documentos que llegan de otra área (y
entonces hay que declararlos) o erratas entre la salida de un paso y el insumo del
siguiente. Los nombres se comparan sin distinguir mayúsculas, acentos ni espacios
repetidos. Los marcadores como `N/A` no cuentan (los señala PRC003).

Correcto:

```yaml
documentos_externos: [Oficio]
pasos:
  - cvo: 1
    insumos: [Oficio]
    salidas: [Tarjeta informativa]
  - cvo: 2
    insumos: [Tarjeta Informativa]     # la produjo el paso 1
    salidas: [Acuse]
```

Incorrecto:

```yaml
pasos:
  - cvo: 1
    insumos: [Oficio]                  # nadie lo produce ni es externo
    salidas: [Tarjeta informativa]
  - cvo: 2
    insumos: [Tarjeta de seguimiento]  # ningún paso anterior la produce
```
"""
from checks.model import fold, is_placeholder
from checks.problem import Finding, Severity

ID = "DOC001"
NAME = "documento-sin-origen"
SEVERITY = Severity.WARNING
CONF: dict = {}
DEFAULT: dict = {}
COST = 7          # hundredths of a second at 1,000 realistic procedures (see checks.rules)


def check(manual, conf):
    for proc in manual.procedures.values():
        available = {fold(d) for d in proc.external_documents}
        for step in proc.steps:
            for j, item in enumerate(step.inputs or ()):
                if is_placeholder(item):
                    continue
                if fold(item) not in available:
                    yield Finding(step.loc("insumos", j),
                                  f"el paso {step.cvo} de {proc.id} consume «{item}», que ningún paso "
                                  "anterior produce ni está en documentos_externos",
                                  subject=proc.id, step=step.cvo)
            available.update(fold(o) for o in step.real_outputs)
