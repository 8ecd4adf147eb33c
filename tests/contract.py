"""Compare a timeline with an expected one on the contract's fields (fields the product adds are allowed)."""

# maps keyed by identifiers: their key sets must match exactly (no missing or extra node, item, opinion)
ID_MAPS = {"nodes", "items", "opinions", "latest_start", "slack"}


def contract_diff(expected, actual, path: str = "") -> list[str]:
    """Every difference between expected and actual, as readable lines."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected a mapping, got {actual!r}"]
        out = []
        name = path.rsplit(".", 1)[-1]
        if name in ID_MAPS and set(actual) != set(expected):
            out.append(f"{path}: keys {sorted(actual)} != expected {sorted(expected)}")
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing")
            else:
                out += contract_diff(value, actual[key], f"{path}.{key}")
        return out
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [d for i, (e, a) in enumerate(zip(expected, actual)) for d in contract_diff(e, a, f"{path}[{i}]")]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def assert_contract(expected, actual) -> None:
    """Fail with every difference listed."""
    diffs = contract_diff(expected, actual)
    assert not diffs, "timeline differs from the expected one:\n  " + "\n  ".join(diffs)
