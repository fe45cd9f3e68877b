"""The Qt toolkit of this app: one way to do each UI thing (qt shim, session, worker, messages, table model, field errors, dialogs)."""
