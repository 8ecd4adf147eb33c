"""投资项目代码 format YYYY-NNNNNN-NN-NN-NNNNNN."""
import pytest

from coordinator.domain.project_code import normalise, project_code_problem


@pytest.mark.parametrize("code, problem", [
    ("2018-331023-29-03-012345", None),
    ("2026-110105-65-01-000001", None),
    ("2018-331023-29-03-01234", "format"),
    ("2018-331023-29-3-012345", "format"),
    ("2018331023-29-03-012345", "format"),
    ("2018-33102a-29-03-012345", "format"),
    (" 2018-331023-29-03-012345", "format"),
    ("2013-331023-29-03-012345", "year"),
    ("2027-331023-29-03-012345", "year"),
    ("2018-991023-29-03-012345", "division"),
])
def test_project_code_table(code, problem):
    assert project_code_problem(code, this_year=2026) == problem


def test_normalise_full_width_hyphens():
    assert normalise(" 2018－331023－29－03－012345 ") == "2018-331023-29-03-012345"
