"""The three languages pilotkit speaks; a module of its own so that knowing them is cheap."""

from __future__ import annotations

from typing import Literal, get_args

Lang = Literal["fi", "sv", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
