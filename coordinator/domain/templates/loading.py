"""Reading template files: the safe YAML loader, refusing keys written twice, then the validation."""
from __future__ import annotations

from pathlib import Path

import yaml

from coordinator.domain.templates.checker import Problem, TemplateInvalid
from coordinator.domain.templates.parsing import parse_template
from coordinator.domain.templates.specs import StageTemplate


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, noting keys written twice in one mapping (plain YAML silently keeps the last one)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[Problem] = []

    def construct_mapping(self, node, deep=False):
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicates.append(Problem(f"line {key_node.start_mark.line + 1}",
                                                   f"duplicate key {key_node.value!r}"))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)


def load_template_file(path, departments=None, services=None) -> StageTemplate:
    """Read a YAML template file with the safe loader (refusing duplicate keys) and parse it."""
    loader = _StrictLoader(Path(path).read_text(encoding="utf-8"))
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise TemplateInvalid([Problem("", f"not valid YAML: {exc}")], str(path)) from exc
    finally:
        loader.dispose()
    try:
        template = parse_template(data, departments, services, source=str(path))
    except TemplateInvalid as exc:
        raise TemplateInvalid(loader.duplicates + exc.problems, str(path)) from None
    if loader.duplicates:
        raise TemplateInvalid(loader.duplicates, str(path))
    return template
