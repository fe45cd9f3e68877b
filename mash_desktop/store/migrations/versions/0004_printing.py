"""printing: cabinets, print jobs, paper copies, copy events, security incidents

Revision ID: 0004_printing
Revises: 0001_foundation
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_printing'
down_revision = '0001_foundation'
branch_labels = ('printing',)
depends_on = None


def upgrade() -> None:
    op.create_table('cabinets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cabinets')),
    sa.UniqueConstraint('code', name=op.f('uq_cabinets_code'))
    )
    op.create_table('print_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=80), nullable=False),
    sa.Column('source_agencies', sa.Text(), nullable=False),
    sa.Column('copy_count', sa.Integer(), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_print_jobs_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_jobs'))
    )
    op.create_index('ix_print_jobs_object', 'print_jobs', ['object_type', 'object_id'], unique=False)
    op.create_table('paper_copies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('ref_year', sa.Integer(), nullable=False),
    sa.Column('ref_serial', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('copy_number', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=200), nullable=False),
    sa.Column('cabinet_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=True),
    sa.Column('checked_out_at', sa.DateTime(), nullable=True),
    sa.Column('due_back_at', sa.DateTime(), nullable=True),
    sa.Column('destroyed_at', sa.DateTime(), nullable=True),
    sa.Column('destroyed_by_id', sa.Integer(), nullable=True),
    sa.Column('witness_id', sa.Integer(), nullable=True),
    sa.Column('destruction_method', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cabinet_id'], ['cabinets.id'], name=op.f('fk_paper_copies_cabinet_id_cabinets')),
    sa.ForeignKeyConstraint(['destroyed_by_id'], ['users.id'], name=op.f('fk_paper_copies_destroyed_by_id_users')),
    sa.ForeignKeyConstraint(['job_id'], ['print_jobs.id'], name=op.f('fk_paper_copies_job_id_print_jobs')),
    sa.ForeignKeyConstraint(['witness_id'], ['users.id'], name=op.f('fk_paper_copies_witness_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_copies')),
    sa.UniqueConstraint('reference', name=op.f('uq_paper_copies_reference')),
    sa.UniqueConstraint('ref_year', 'ref_serial', name='uq_paper_copies_year_serial')
    )
    op.create_index('ix_paper_copies_cabinet', 'paper_copies', ['cabinet_id'], unique=False)
    op.create_index('ix_paper_copies_due', 'paper_copies', ['due_back_at'], unique=False)
    op.create_index('ix_paper_copies_job', 'paper_copies', ['job_id'], unique=False)
    op.create_index('ix_paper_copies_status', 'paper_copies', ['status'], unique=False)
    op.create_table('copy_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('copy_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=False),
    sa.Column('cabinet_id', sa.Integer(), nullable=True),
    sa.Column('from_cabinet_id', sa.Integer(), nullable=True),
    sa.Column('person', sa.String(length=200), nullable=True),
    sa.Column('witness_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=40), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_copy_events_by_user_id_users')),
    sa.ForeignKeyConstraint(['cabinet_id'], ['cabinets.id'], name=op.f('fk_copy_events_cabinet_id_cabinets')),
    sa.ForeignKeyConstraint(['copy_id'], ['paper_copies.id'], name=op.f('fk_copy_events_copy_id_paper_copies')),
    sa.ForeignKeyConstraint(['from_cabinet_id'], ['cabinets.id'], name=op.f('fk_copy_events_from_cabinet_id_cabinets')),
    sa.ForeignKeyConstraint(['witness_id'], ['users.id'], name=op.f('fk_copy_events_witness_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_copy_events'))
    )
    op.create_index('ix_copy_events_copy', 'copy_events', ['copy_id', 'at'], unique=False)
    op.create_table('security_incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=80), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reported_to_board_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_security_incidents_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_incidents'))
    )
    op.create_index('ix_security_incidents_at', 'security_incidents', ['occurred_at'], unique=False)
    op.create_index('ix_security_incidents_kind', 'security_incidents', ['kind'], unique=False)


def downgrade() -> None:
    op.drop_table('security_incidents')
    op.drop_table('copy_events')
    op.drop_table('paper_copies')
    op.drop_table('print_jobs')
    op.drop_table('cabinets')
