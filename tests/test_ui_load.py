"""eval/load_ui.py: concurrent askers against the running app, loopback only, bounded."""

from __future__ import annotations

import pytest

from eval.load_ui import MAX_ASKERS, check_loopback, run
from tests.browser import running_app, sample_data_dir


@pytest.mark.parametrize("url", ["http://10.1.2.3:7860/", "http://example.org/", "http://[::2]/"])
def test_load_script_refuses_anything_but_loopback(url):
    with pytest.raises(SystemExit, match="refusing to load-test"):
        check_loopback(url)


@pytest.mark.slow
def test_concurrent_askers_all_get_answers(tmp_path_factory, embed_model):
    with running_app(sample_data_dir(tmp_path_factory, embed_model), embed_model) as url:
        figures = run(url, askers=3, seconds=3, timeout=60)
    assert figures["errors"] == 0, figures["first_error"]
    assert figures["answered"] >= 3
    assert 0 < figures["p50"] <= figures["p95"] <= figures["max"]
    assert figures["askers"] == 3 and MAX_ASKERS == 64
