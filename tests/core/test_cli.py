"""The headless CLI: every subcommand works without a screen and fails with a clear message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.personas import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(tmp_path: Path):
    env = {
        "MASH_PASSPHRASE": "synthetic pass phrase",
        "MASH_ADMIN_PASSWORD": TEST_PASSWORD,
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }

    def run(
        *args: str, extra_env: dict[str, str] | None = None, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ui.app", *args],
            cwd=ROOT,
            env={**env, **(extra_env or {})},
            capture_output=True,
            input=stdin,
            text=True,
            timeout=180,
            check=False,
        )

    return run


def test_version(cli):
    done = cli("--version")
    assert done.returncode == 0 and done.stdout.startswith("mash-desktop ")


def test_init_demo_verify_backup_check(cli, tmp_path: Path):
    # REQ: SEC-1, SEC-3
    db = tmp_path / "hub.db"
    assert cli("--db", str(db), "init").returncode == 0
    again = cli("--db", str(db), "init")
    assert again.returncode == 1 and "already exists" in again.stderr
    demo = cli("--db", str(db), "demo", "--contacts", "25")
    assert demo.returncode == 0, demo.stderr
    assert "25 contacts" in demo.stdout
    verify = cli("--db", str(db), "audit", "verify")
    assert verify.returncode == 0 and "verified" in verify.stdout
    backup = tmp_path / "hub-backup.db"
    # REQ: SEC-10 (a backup needs an administrator's login)
    anonymous = cli("--db", str(db), "backup", str(backup))
    assert anonymous.returncode == 1 and "--password-stdin" in anonymous.stderr
    wrong = cli("--db", str(db), "backup", str(backup), "--password-stdin", stdin="nope\n")
    assert wrong.returncode == 1 and "Wrong user name or password" in wrong.stderr
    assert not backup.exists()
    done = cli("--db", str(db), "backup", str(backup), "--password-stdin", stdin=TEST_PASSWORD)
    assert done.returncode == 0, done.stderr
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    assert cli("--db", str(backup), "check").returncode == 0
    restored = cli("--db", str(backup), "audit", "verify")  # the backup carries its checkpoint
    assert restored.returncode == 0, restored.stderr
    refused = cli("--db", str(db), "backup", str(backup), "--password-stdin", stdin=TEST_PASSWORD)
    assert refused.returncode == 1 and "exists" in refused.stderr


def test_default_database_lives_in_the_user_data_folder(cli, tmp_path: Path):
    assert cli("init").returncode == 0
    assert (tmp_path / "data" / "mash-desktop" / "mash.db").exists()


def test_wrong_passphrase_exits_non_zero_with_message(cli, tmp_path: Path):
    # REQ: SEC-1
    db = tmp_path / "hub.db"
    assert cli("--db", str(db), "init").returncode == 0
    before = db.read_bytes()
    bad = cli(
        "--db", str(db), "audit", "verify", extra_env={"MASH_PASSPHRASE": "not the passphrase"}
    )
    assert (
        bad.returncode == 1
        and "the key is wrong, or the start of the file is damaged" in bad.stderr
    )
    assert "Traceback" not in bad.stderr
    assert db.read_bytes() == before


def test_missing_database_is_a_clear_error(cli, tmp_path: Path):
    done = cli("--db", str(tmp_path / "absent.db"), "audit", "verify")
    assert done.returncode == 1 and "mash-desktop init" in done.stderr


def test_init_splits_the_key_into_recovery_shares_at_once(cli, tmp_path: Path):
    # REQ: SEC-10 (the key is split 2 of 3 the moment the store is made)
    from tests.core.services.governance.test_backups_and_keys import _share_words

    db = tmp_path / "new.db"
    holders = ["--holder", "Kim Holder", "--holder", "Lee Holder", "--holder", "Mo Holder"]
    missing = cli("--db", str(db), "init", "--split-key", str(tmp_path / "absent"), *holders)
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    assert not db.exists()  # refused before anything was made
    plain = cli("--db", str(tmp_path / "plain.db"), "init")
    assert plain.returncode == 0 and "mash-desktop key split" in plain.stdout
    out = tmp_path / "shares"
    out.mkdir()
    done = cli("--db", str(db), "init", "--split-key", str(out), *holders)
    assert done.returncode == 0, done.stderr
    assert "Created encrypted database" in done.stdout and "Share 3 for Mo Holder" in done.stdout
    pdfs = sorted(out.glob("key-share-*.pdf"))
    assert len(pdfs) == 3
    typed = "\n".join(_share_words(p.read_bytes()) for p in (pdfs[1], pdfs[2])) + "\n"
    recovered = cli("--db", str(db), "key", "recover", stdin=typed)
    assert recovered.returncode == 0, recovered.stderr
    assert "Passphrase: synthetic pass phrase" in recovered.stdout


def test_key_split_and_recover_from_the_command_line(cli, tmp_path: Path):
    # REQ: SEC-10
    from tests.core.services.governance.test_backups_and_keys import _share_words

    db = tmp_path / "hub.db"
    assert cli("--db", str(db), "init").returncode == 0
    out = tmp_path / "shares"
    out.mkdir()
    holders = ["--holder", "Kim Holder", "--holder", "Lee Holder", "--holder", "Mo Holder"]
    args = ("--db", str(db), "key", "split", *holders, "--out", str(out), "--password-stdin")
    done = cli(*args, stdin=TEST_PASSWORD)
    assert done.returncode == 0, done.stderr
    pdfs = sorted(out.glob("key-share-*.pdf"))
    assert len(pdfs) == 3 and "Share 2 for Lee Holder" in done.stdout
    typed = "\n".join(_share_words(p.read_bytes()) for p in (pdfs[2], pdfs[0])) + "\n"
    recovered = cli("--db", str(db), "key", "recover", stdin=typed)
    assert recovered.returncode == 0, recovered.stderr
    assert "Passphrase: synthetic pass phrase" in recovered.stdout
    alone = cli("--db", str(db), "key", "recover", stdin=_share_words(pdfs[1].read_bytes()))
    assert alone.returncode == 1 and "missing" in alone.stderr
