"""Stage templates (formats/stage-template.md): parse YAML data into frozen specs, reporting every problem.

Validation never stops at the first problem: it collects them all, each with its path
(`nodes[land-planning].items[permit].legal_days: ...`), and raises TemplateInvalid once.
The specs live in `specs`, the problems and their checker in `checker`, the validation of each part in
`parsing`, `nodes`, `references` and `fast_paths`, reading files in `loading`; callers import from here.
"""
from coordinator.domain.templates.checker import Problem, TemplateInvalid
from coordinator.domain.templates.loading import load_template_file
from coordinator.domain.templates.parsing import parse_template
from coordinator.domain.templates.specs import (
    DEFAULT_EXTENSION,
    DEFAULT_WARNING_RATIO,
    Change,
    FastPathSpec,
    FieldSpec,
    ItemSpec,
    MaterialSpec,
    NodeSpec,
    OpinionSpec,
    ReformTarget,
    StageTemplate,
)

__all__ = [
    "DEFAULT_EXTENSION", "DEFAULT_WARNING_RATIO", "Change", "FastPathSpec", "FieldSpec", "ItemSpec",
    "MaterialSpec", "NodeSpec", "OpinionSpec", "Problem", "ReformTarget", "StageTemplate", "TemplateInvalid",
    "load_template_file", "parse_template",
]
