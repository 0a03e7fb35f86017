"""Una versión aprobada del manual tiene registradas todas sus firmas y su fecha de aprobación.

Cuando `control.estado` es `aprobado`, cada persona de cada hoja de identificación de firmas
y rúbricas (`firmas[].firmantes[]`) debe tener `firmado: true` y la `fecha` en que firmó, y
`control.fecha_aprobacion` debe estar registrada. Una versión en `borrador` o `en_revision`
puede tener firmas pendientes. Si la fuente no conserva las firmas (como el manual 2023, cuyas
hojas llegaron en blanco), regístrelas como `firmado: false` y documente la laguna con una
excepción revisable: nunca invente fechas ni actos.

Correcto:

```yaml
version: "2024.1"
control:
  estado: aprobado
  fecha_aprobacion: "2024-05-10"
firmas:
  - tipo: validacion
    titulo: VALIDACIÓN DEL MANUAL
    firmantes:
      - nombre: Lic. Nombre Apellido
        puesto: Director Ejecutivo
        rol: DEVySPE
        firmado: true
        fecha: "2024-05-09"
```

Incorrecto:

```yaml
control:
  estado: aprobado              # aprobado sin fecha de aprobación…
firmas:
  - tipo: validacion
    titulo: VALIDACIÓN DEL MANUAL
    firmantes:
      - nombre: Lic. Nombre Apellido
        puesto: Director Ejecutivo
        firmado: false          # …y con una firma pendiente
```
"""
from checks.problem import Finding, Severity

ID = "VER001"
NAME = "aprobado-sin-firmas"
SEVERITY = Severity.ERROR
CONF = {}
DEFAULT = {}

_SHEETS = {"revision": "revisión", "validacion": "validación"}


def check(manual, conf):
    info = manual.info
    control = info.control if info is not None else None
    if control is None or not control.approved:
        return
    if not control.approval_date:
        yield Finding(control.loc("estado"), f"la versión {info.version} está aprobada pero no registra "
                      "«fecha_aprobacion»", subject="manual")
    for signature in info.signature_records:
        sheet = _SHEETS.get(signature.sheet, signature.sheet)
        if not signature.signed:
            yield Finding(signature.loc("firmado"), f"la versión {info.version} está aprobada pero falta la "
                          f"firma de {signature.name} en la hoja de {sheet}", subject="manual")
        elif not signature.date:
            yield Finding(signature.loc("firmado"), f"la firma de {signature.name} en la hoja de {sheet} no "
                          "registra su «fecha»", subject="manual")
