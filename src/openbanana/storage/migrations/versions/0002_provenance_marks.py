"""provenance marks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 16:20:36.045607
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "marks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("mark_id", sa.Integer(), nullable=True),
        sa.Column("usage_id", sa.String(length=64), nullable=True),
        sa.Column("model", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime_type", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("marks", schema=None) as batch_op:
        batch_op.create_index("ix_marks_mark_id", ["mark_id"], unique=False)
        batch_op.create_index("ix_marks_sha256", ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("marks", schema=None) as batch_op:
        batch_op.drop_index("ix_marks_sha256")
        batch_op.drop_index("ix_marks_mark_id")

    op.drop_table("marks")
