"""Both stores hand every refusal to ``on_refusal`` once the outermost transaction it ended
has rolled back, so it is written to the audit trail in a transaction of its own (SEC-3)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from mash_desktop.domain.errors import MashError, NotAuthorised

_depth = threading.local()  # open store transactions in this thread


class RefusalHook:
    """Mixed into a store, whose ``on_refusal`` (set by the app context) records refusals."""

    on_refusal: Callable[[MashError], None] | None

    @contextmanager
    def reporting_refusals(self) -> Iterator[None]:
        """Around one transaction: a refusal leaving the outermost one is reported."""
        _depth.open = getattr(_depth, "open", 0) + 1
        try:
            yield
        except MashError as error:
            _depth.open -= 1
            if _depth.open == 0:
                self._report_refusal(error)
            raise
        except BaseException:
            _depth.open -= 1
            raise
        _depth.open -= 1

    def _report_refusal(self, error: MashError) -> None:
        if self.on_refusal is None or getattr(error, "_on_record", False):
            return
        if error.refusal is None and not isinstance(error, NotAuthorised):
            return
        error._on_record = True  # type: ignore[attr-defined]
        try:
            self.on_refusal(error)
        except MashError:
            logging.getLogger(__name__).warning("A refusal could not be audited.", exc_info=True)
