"""Language and colour resolution (SPEC §3)."""

from __future__ import annotations

import pytest

from ntm_cli.cli.options import message_lang, resolve_lang, use_color
from ntm_cli.errors import NtmError


def test_option_wins() -> None:
    assert resolve_lang("en", {"NTM_LANG": "vi", "LANG": "vi_VN"}, "vi") == "en"


def test_env_then_program_then_locale() -> None:
    assert resolve_lang(None, {"NTM_LANG": "en", "LANG": "vi_VN"}, "vi") == "en"
    assert resolve_lang(None, {"LANG": "en_US.UTF-8"}, "vi") == "vi"
    assert resolve_lang(None, {"LANG": "vi_VN.UTF-8"}, None) == "vi"
    assert resolve_lang(None, {"LC_MESSAGES": "vi"}, None) == "vi"
    assert resolve_lang(None, {"LC_ALL": "vi_VN"}, None) == "vi"
    assert resolve_lang(None, {"LANG": "C.UTF-8"}, None) == "en"
    assert resolve_lang(None, {}, None) == "en"


def test_ntm_lang_accepts_locale_style_values() -> None:
    assert resolve_lang(None, {"NTM_LANG": "vi_VN.UTF-8"}, "en") == "vi"
    assert resolve_lang(None, {"NTM_LANG": "EN"}, "vi") == "en"


def test_unusable_ntm_lang_is_an_error() -> None:
    with pytest.raises(NtmError):
        resolve_lang(None, {"NTM_LANG": "fr"}, None)
    # ... but messages about it still need a language
    assert message_lang(None, {"NTM_LANG": "fr", "LANG": "vi_VN"}) == "vi"


def test_colour() -> None:
    assert use_color(False, {}, True) is True
    assert use_color(True, {}, True) is False
    assert use_color(False, {"NO_COLOR": "1"}, True) is False
    assert use_color(False, {"NO_COLOR": ""}, True) is True  # no-color.org: set and non-empty
    assert use_color(False, {}, False) is False
