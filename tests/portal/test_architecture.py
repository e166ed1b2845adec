"""The layers are a contract (pyproject.toml [tool.importlinter]): an upward import fails the suite too,
not only scripts/lint. import-linter is in the test extra, so it is always there with the README's set-up."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
