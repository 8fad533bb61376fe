"""Signing an operator in from a command line (`kcp-pos batch`), as the window's sign-in does.

The name is given (`--operator NAME`); the PIN is read with `getpass` (not echoed) when standard
input is a terminal, else, for a scheduled job, from the first line of a file only its owner may
read (`--pin-file PATH`: refused on POSIX when group or others have any access to it, as ssh
refuses a private key). Never from a command-line argument: every user of the computer sees those
in the process list. Not from an environment variable either: a job's environment is inherited by
every program it starts, readable from `/proc/PID/environ`, and written out by schedulers, crash
reports and `env` in a debugging session; a private file is no harder to set up and its
permissions are checked here.

Then `services.operators.sign_in` checks the PIN (wrong PINs count towards the lock, and are
audited, exactly as at the window). The PIN is never printed, logged or stored. Messages are in
English, as the command line's are.
"""

from __future__ import annotations

import getpass
import os
import stat
import sys
from pathlib import Path
from typing import Final

from kcp_pos.domain.korea_time import minute_text
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator
from kcp_pos.services.operators import SignInRefused, sign_in

PIN_LINE_MAX: Final = 256
"""How much of the PIN file's first line is read (a PIN is 4 to 8 digits)."""


class CommandLineSignInRefused(Exception):
    """The operator could not be signed in; `str()` says why in plain English (never the PIN)."""


def read_pin(name: str, pin_file: Path | None) -> str:
    """`name`'s PIN: from `pin_file` when given, else typed at the terminal."""
    if pin_file is not None:
        return read_pin_file(pin_file)
    if not sys.stdin.isatty():
        raise CommandLineSignInRefused(
            "no PIN: standard input is not a terminal. For a scheduled job pass --pin-file "
            "PATH, a file only you can read (chmod 600) with the PIN on its first line."
        )
    try:
        return getpass.getpass(f"PIN of {name}: ")
    except (EOFError, KeyboardInterrupt):
        raise CommandLineSignInRefused("no PIN was typed") from None


def read_pin_file(path: Path) -> str:
    """The first line of `path`, which must be private to its owner on POSIX."""
    try:
        with path.open(encoding="utf-8") as file:
            _check_private(path, os.fstat(file.fileno()))
            line = file.readline(PIN_LINE_MAX)
    except OSError as error:
        raise CommandLineSignInRefused(
            f"cannot read the PIN file {path}: {error.strerror or type(error).__name__}"
        ) from None
    except UnicodeDecodeError:
        raise CommandLineSignInRefused(f"the PIN file {path} is not UTF-8 text") from None
    pin = line.strip()
    if not pin:
        raise CommandLineSignInRefused(f"the PIN file {path} has no PIN on its first line")
    return pin


def _check_private(path: Path, status: os.stat_result) -> None:
    if os.name != "posix":  # Windows: the folder's ACL decides; there are no mode bits to check
        return
    if not stat.S_ISREG(status.st_mode):
        raise CommandLineSignInRefused(f"the PIN file {path} is not a regular file")
    if status.st_mode & 0o077:
        mode = stat.S_IMODE(status.st_mode)
        raise CommandLineSignInRefused(
            f"the PIN file {path} is open to group or others (mode {mode:04o}); "
            f"make it private first: chmod 600 {path}"
        )


def sign_in_operator(services: AppServices, name: str, pin: str) -> Operator:
    """`name` signed in on the open store with `pin`; `CommandLineSignInRefused` otherwise."""
    if not services.operators.count():
        raise CommandLineSignInRefused(
            "this terminal has no operators yet: start the app (kcp-pos) once to set up the "
            "administrator, who can then add managers"
        )
    try:
        return sign_in(services, name, pin)
    except SignInRefused as refused:
        raise CommandLineSignInRefused(_refusal_text(name, refused)) from None


def _refusal_text(name: str, refused: SignInRefused) -> str:
    if refused.locked_until is not None:
        return (
            f"{name} is locked after repeated wrong PINs until "
            f"{minute_text(refused.locked_until)} KST"
        )
    if refused.tries_left is not None:
        return f"wrong PIN for {name} ({refused.tries_left} tries left before the lock)"
    return f"no operator {name} may sign in on this terminal (unknown name, or disabled)"


def os_user() -> str:
    """The computer's login name of whoever ran the command, for the audit trail."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account without one)
        return "unknown"
