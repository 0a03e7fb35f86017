"""The «Simbología» page: every symbol the flowcharts use, what it means, and a drawn example,
plus a complete small flowchart by columns. Procedure manuals of Mexican public bodies
include this section (INE, *Lineamientos…*, 2016); every flowchart links to it.

The examples are drawn with the same node syntax and colours as :mod:`macros.swimlanes`
(``CLASS_DEFS``), and the complete example with its very generator, so the legend cannot
drift from the diagrams. No YAML text appears here: the page is the same for every manual.
"""
from __future__ import annotations

from types import SimpleNamespace

from ..components import mermaid_block
from ..links import MANUAL_SECTION, PRINT_SYMBOLOGY, SYMBOLOGY
from ..swimlanes import CLASS_DEFS, flowchart, flowchart_parts

PAGE = SYMBOLOGY
TITLE = "Simbología"
PRINT_ANCHOR = PRINT_SYMBOLOGY

# (anchor, name, meaning, Mermaid lines of the drawn example, classes used)
SYMBOLS = (
    ("simbolo-columna", "Columna (responsable)",
     "Cada columna es un responsable: una unidad, un órgano o una persona. Su título es la sigla o "
     "el nombre corto con que se le conoce; el nombre completo está bajo el flujograma. Lo que hace "
     "ese responsable se lee de arriba abajo en su columna. Un paso con varios responsables va en la "
     "columna del primero y nombra a los demás («con …»); quien sólo comparte pasos conserva su "
     "columna, con la lista de los pasos en que participa.",
     ["swimlane-beta TB",
      '  subgraph c0[" "]', '    h0["CSPE<br>#160;"]', '    a["1. Elaborar el plan<br><i>con DEVySPE</i>"]', "  end",
      '  subgraph c1[" "]', '    h1["DEVySPE<br><i>participa en el paso 1</i>"]', "  end",
      "  h0 ~~~ a", "  h1 ~~~ a",
      "  class h0,h1 encabezado", "  class a paso"]),
    ("simbolo-terminal", "Inicio y fin (terminal)",
     "Dónde empieza y dónde termina el procedimiento. Hay un solo inicio; puede haber más de un fin "
     "cuando una decisión termina el procedimiento antes.",
     ["flowchart LR", '  i@{ shape: stadium, label: "Inicio" }', '  f@{ shape: stadium, label: "Fin" }',
      "  class i,f extremo"]),
    ("simbolo-actividad", "Actividad (rectángulo)",
     "Un paso del procedimiento: su número y la acción, abreviada si es larga (sin cortar palabras). "
     "En el sitio, la caja lleva a la fila del paso en la tabla de actividades, con el texto completo, "
     "que también aparece al pasar el puntero.",
     ["flowchart LR", '  a["3. Aprobar las plazas de los cargos…<br><i>con DEVySPE, Comisión</i>"]',
      "  class a paso"]),
    ("simbolo-decision", "Decisión (rombo)",
     "Una pregunta con dos o más respuestas; cada flecha que sale del rombo lleva escrita su "
     "respuesta y va al paso que sigue en ese caso.",
     ["flowchart TB", '  d{"¿Cumple los requisitos?"}', '  s["5. Registrar"]', '  n["2. Corregir"]',
      '  d -->|"Sí"| s', '  d -->|"No"| n', "  class d decision", "  class s,n paso"]),
    ("simbolo-documento", "Documento",
     "El documento que produce un paso y entrega a otro responsable: se dibuja en la flecha que va "
     "de una columna a otra. Si el paso produce varios, se nombra el primero y cuántos más hay "
     "(«(+2)»); la tabla de actividades los lista todos.",
     ["flowchart LR", '  o["Oficio de solicitud"]', "  o@{ shape: doc }", "  class o documento"]),
    ("simbolo-conector", "Conector fuera de página",
     "En la versión impresa, un flujograma largo se divide en partes, una por página, en lugar de "
     "reducirse hasta no poder leerse. Un triángulo con una letra al final de una parte y otro con la "
     "misma letra al principio de la siguiente marcan dónde continúa. (Mermaid 11 no tiene el "
     "pentágono tradicional; se usa su figura más parecida que apunta hacia abajo.)",
     ["flowchart LR", '  s["6. Verificar"]', '  k1@{ shape: flip-tri, label: "A" }',
      '  k2@{ shape: flip-tri, label: "A" }', '  t["7. Valorar"]', "  s --> k1", "  k2 --> t",
      "  class s,t paso", "  class k1,k2 conector"]),
    ("simbolo-flecha", "Dirección del flujo (flecha)",
     "El orden de los pasos. Una flecha que cruza a otra columna es un cambio de responsable.",
     ["flowchart LR", '  a["1. Solicitar"]', '  b["2. Elaborar"]', "  a --> b", "  class a,b paso"]),
)


def _example_procedure():
    """A small procedure (duck-typed like checks.model) for the complete example."""
    def step(cvo, action, owners, outputs=(), decision=None):
        return SimpleNamespace(cvo=cvo, action=action, real_responsibles=tuple(owners),
                               real_outputs=tuple(outputs), decision=decision)

    decision = SimpleNamespace(question="¿La solicitud cumple los requisitos?",
                               options=(SimpleNamespace(label="Sí", target=3),
                                        SimpleNamespace(label="No", target=5)))
    steps = (step(1, "Presentar la solicitud con sus anexos.", ["PERSONA"], ["Solicitud"]),
             step(2, "Revisar que la solicitud cumpla los requisitos del Estatuto.", ["CSPE", "DEVySPE"],
                  decision=decision),
             step(3, "Elaborar el proyecto de dictamen de procedencia.", ["CSPE"], ["Proyecto de dictamen"]),
             step(4, "Aprobar el dictamen y ordenar su notificación.", ["COMISION"], ["Acuerdo"]),
             step(5, "Notificar el resultado a la persona interesada.", ["CSPE"]))
    roles = tuple(dict.fromkeys(r for s in steps for r in s.real_responsibles))
    return SimpleNamespace(id="EJEMPLO", name="Ejemplo de flujograma por columnas", steps=steps, roles=roles)


def _example_manual():
    def role(acronym, name):
        return SimpleNamespace(acronym=acronym, name=name, synonyms=())
    return SimpleNamespace(roles={
        "PERSONA": role(None, "Persona interesada"),
        "CSPE": role("CSPE", "Coordinación del Servicio Profesional Electoral"),
        "DEVySPE": role("DEVySPE", "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral"),
        "COMISION": role(None, "Comisión"),
    })


def example_flowchart() -> str:
    return flowchart(_example_procedure(), _example_manual(), links=False)


def _diagram(lines: list[str]) -> str:
    header, body = lines[0], lines[1:]
    source = [header, *body, *("  " + d for d in CLASS_DEFS.values())]
    return mermaid_block("\n".join(source))


def body(heading: str = "##", printed: bool = False) -> str:
    """The page's Markdown below its title (``heading``: level of the symbol titles)."""
    parts = ["Los flujogramas de este manual se dibujan **por columnas**, una por responsable, como "
             "piden las guías para elaborar manuales de procedimientos (INE, 2016; Gobierno de Michoacán, "
             "2018), con estos símbolos:",
             '<div class="simbologia" markdown>']
    for anchor, name, meaning, lines in SYMBOLS:
        parts.append(f'<div class="simbologia__simbolo" markdown>\n\n{heading} {name} {{ #{anchor} }}\n\n'
                     f"{meaning}\n\n{_diagram(lines)}\n\n</div>")
    parts.append("</div>")
    parts.append(f"{heading} Ejemplo completo {{ #simbologia-ejemplo }}\n\n"
                 "Un procedimiento inventado de cinco pasos y cuatro columnas: la persona interesada "
                 "presenta una solicitud (documento que pasa a la CSPE), la CSPE la revisa con la DEVySPE "
                 "(decisión; la DEVySPE no tiene pasos propios y su columna lo dice), y la Comisión aprueba "
                 "el dictamen.\n\n"
                 + _mermaid_example(printed))
    return "\n\n".join(parts)


def _mermaid_example(printed: bool = False) -> str:
    """The complete example: on paper, split like any long procedure (it shows the connector)."""
    if not printed:
        return mermaid_block(example_flowchart())
    parts = flowchart_parts(_example_procedure(), _example_manual())
    return "\n\n".join(f'<div class="imp-flujo" markdown>\n\n{mermaid_block(p)}\n\n</div>' for p in parts)


def page() -> str:
    return f"# {TITLE}\n\n" + body() + "\n"


def print_section() -> str:
    """The same content for the printed manual (its own page, anchor ``#simbologia``)."""
    # A part of the printed manual: h2 under the cover's h1, like the others (print_version._h).
    return f"## {TITLE} {{ #{PRINT_ANCHOR} .imp-salto }}\n\n" + body("###", printed=True)


def register(site) -> None:
    """Add the Simbología page to the site, in «El manual»."""
    site.add(PAGE, TITLE, page, section=MANUAL_SECTION)
