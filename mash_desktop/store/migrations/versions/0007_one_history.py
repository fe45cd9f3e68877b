"""One history: joins the four feature branches of the first build (queue, printing,
strategy, research). From here on every migration has exactly one parent.

Revision ID: 0007_one_history
Revises: 0003_queue, 0004_printing, 0005_strategy, 0006_research
"""

revision = "0007_one_history"
down_revision = ("0003_queue", "0004_printing", "0005_strategy", "0006_research")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
