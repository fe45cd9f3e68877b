"""This workstation's hub setting: address and CA file, kept once by
``mash-desktop hub connect`` (never a user name or password)."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mash_desktop.store.errors import StoreError

if TYPE_CHECKING:
    from mash_desktop.store.hub_connection import HubLocation

SETTINGS_FILE = "hub.json"
CA_FILE = "hub-ca.crt"


@dataclass(frozen=True)
class HubSetting:
    address: str
    ca_file: Path | None

    def location(self) -> HubLocation:
        from mash_desktop.store.hub_connection import HubLocation

        return HubLocation.parse(self.address, self.ca_file)


def save_hub_setting(config_dir: Path, address: str, ca_source: Path | None) -> HubSetting:
    """Check the address and keep it with a copy of the CA file (no credentials, ever)."""
    config_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    ca_target: Path | None = None
    if ca_source is not None:
        ca_source = Path(ca_source).expanduser()
        if not ca_source.is_file():
            raise StoreError(f"The CA file {ca_source} does not exist.")
        if b"BEGIN CERTIFICATE" not in ca_source.read_bytes():
            raise StoreError(f"{ca_source} is not a PEM certificate file.")
        ca_target = config_dir / CA_FILE
        shutil.copyfile(ca_source, ca_target)
    setting = HubSetting(address, ca_target)
    location = setting.location()  # refuses credentials in the address, TCP without a CA
    payload = {"address": location.address(), "ca_file": str(ca_target) if ca_target else None}
    target = config_dir / SETTINGS_FILE
    tmp = target.with_name(target.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh)
    tmp.replace(target)
    return HubSetting(location.address(), ca_target)


def load_hub_setting(config_dir: Path) -> HubSetting | None:
    path = config_dir / SETTINGS_FILE
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ca = data.get("ca_file")
        return HubSetting(str(data["address"]), Path(ca) if ca else None)
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise StoreError(f"The hub setting {path} is unreadable; run 'hub connect' again.") from exc
