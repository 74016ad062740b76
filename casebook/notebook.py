"""Write a case's notebook: thin cells only (load, then per section: show, picture, quiz), a progress
cell and the self-test. `casebook notebook <slug>` writes ``notebooks/<NN>-<slug>.ipynb``, NN being the
case's teaching order; then `make notebooks` executes it."""

from __future__ import annotations

from pathlib import Path

import nbformat

from .catalog import NOTEBOOKS_DIR
from .model import SECTIONS, Case

GUIDE = (
    "Read each section, then answer its questions. **Check** gives feedback at once, with the law it "
    "rests on; **Try again** clears your answer; **Show answer** reveals it. Everything works with the "
    "keyboard: <kbd>Tab</kbd> moves between controls, <kbd>Space</kbd> or <kbd>Enter</kbd> presses a button. "
    "Your answers are saved on this computer and come back when you reopen the notebook.\n\n"
    "*Training material, not legal advice.*"
)
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def case_notebook(case: Case) -> nbformat.NotebookNode:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md(GUIDE),
        code("import casebook\nimport widgets\n\nwidgets.page()"),
        code(f'case = casebook.load("{case.id}", widgets.language())\nwidgets.case_header(case)'),
    ]
    for key, _heading in SECTIONS:
        cells.append(code(f'widgets.show(case, "{key}")'))
        if key == "facts" and case.figures is not None:
            cells.append(code("widgets.chart(case)"))
        if key == "timeline":
            cells.append(code("widgets.timeline(case)"))
        if key == "what-went-wrong":
            cells.append(code("widgets.data_flow(case)"))
        if case.sections[key].quizzes:
            cells.append(code(f'widgets.quizzes(case, "{key}")'))
    cells += [
        md("## Your progress"),
        code("widgets.progress(case)"),
        code("# Self-test: drives hidden copies of this notebook's quizzes; prints nothing.\nwidgets.selftest(case)"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = {"name": "python", "version": "3.11"}
    nb.metadata["casebook"] = {"order": case.order, "case": case.id}
    return nb


def write_case_notebook(case: Case, folder: Path = NOTEBOOKS_DIR) -> Path:
    path = folder / f"{case.order:02d}-{case.id}.ipynb"
    nbformat.write(case_notebook(case), path)
    return path
