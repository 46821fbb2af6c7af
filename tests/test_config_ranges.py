"""crowdlens.toml values of the right type but out of range are refused, naming the key.

Before: network_window_days = 0 loaded and built no network snapshot; reuse_threshold = -1 or 1.5 made
every post match, or none (a score lies in [0, 1]).
"""

from __future__ import annotations

import pytest

from etl.config import load_config
from etl.errors import InputError


@pytest.mark.parametrize(("line", "key", "expected"), [
    ("network_window_days = 0", "network_window_days", "a whole number of days, at least 1"),
    ("reuse_threshold = -1", "reuse_threshold", "a number above 0 and at most 1, not -1.0"),
    ("reuse_threshold = 0", "reuse_threshold", "a number above 0 and at most 1, not 0.0"),
    ("reuse_threshold = 1.5", "reuse_threshold", "a number above 0 and at most 1, not 1.5"),
])
def test_out_of_range_values_are_refused(tmp_path, line, key, expected):
    path = tmp_path / "crowdlens.toml"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_config(path)
    assert str(info.value) == f"{path}: {key}: {expected}"


def test_the_edges_of_the_ranges_are_accepted(tmp_path):
    path = tmp_path / "crowdlens.toml"
    path.write_text("network_window_days = 1\nreuse_threshold = 1\n", encoding="utf-8")
    config = load_config(path)
    assert (config.network_window_days, config.reuse_threshold) == (1, 1.0)
