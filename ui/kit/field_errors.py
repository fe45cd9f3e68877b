"""Plain messages beside the fields a ValidationError names; the rest in one summary line.

Forms call services through ``FieldErrors.call``: a validation error is shown beside its
fields and nothing typed is lost; any other user error goes through ``UiSession.run``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from mash_desktop.domain.errors import ValidationError
from ui.kit.qt import QtWidgets
from ui.kit.session import ActionFailed, UiSession

T = TypeVar("T")


def error_label() -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class FieldErrors:
    def __init__(self, summary: QtWidgets.QLabel | None = None) -> None:
        self.summary = summary or error_label()
        self._labels: dict[str, QtWidgets.QLabel] = {}

    def label_for(self, key: str) -> QtWidgets.QLabel:
        """The error label shown beside one field (made on first use)."""
        if key not in self._labels:
            self._labels[key] = error_label()
            self._labels[key].setObjectName("errorLabel")
            self._labels[key].setAccessibleName(f"Problem with {key}")
        return self._labels[key]

    def clear(self) -> None:
        for label in (self.summary, *self._labels.values()):
            label.clear()
            label.setVisible(False)

    def show(self, exc: ValidationError) -> None:
        self.clear()
        for key, text in exc.fields.items():
            label = self._labels.get(key)
            if label is not None:
                label.setText(f"Problem: {text}")
                label.setVisible(True)
        self.summary.setText(f"Not done: {exc}")
        self.summary.setVisible(True)

    def visible_messages(self) -> dict[str, str]:
        """For tests: the messages now on screen, by field."""
        return {k: v.text() for k, v in self._labels.items() if v.text()}

    def call(
        self,
        session: UiSession,
        parent: QtWidgets.QWidget,
        fn: Callable[..., T],
        *args: Any,
    ) -> T:
        self.clear()

        def guarded(*inner: Any) -> T:
            try:
                return fn(*inner)
            except ValidationError as exc:
                self.show(exc)
                raise ActionFailed(str(exc)) from exc

        return session.run(parent, guarded, *args)
