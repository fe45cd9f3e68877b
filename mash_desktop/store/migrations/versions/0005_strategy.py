"""strategy discussions, attendees, actions, copies sent, escalations, outcome feedback

Revision ID: 0005_strategy
Revises: 0001_foundation
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_strategy'
down_revision = '0001_foundation'
branch_labels = ('strategy',)
depends_on = None


def upgrade() -> None:
    op.create_table('strategy_discussions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('la_agency_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('trigger', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('paediatrician_needed', sa.Boolean(), nullable=False),
    sa.Column('child_in_hospital', sa.Boolean(), nullable=False),
    sa.Column('hospital_note', sa.Text(), nullable=False),
    sa.Column('emergency_no_mash', sa.Boolean(), nullable=False),
    sa.Column('out_of_hours', sa.Boolean(), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=True),
    sa.Column('information_shared', sa.Text(), nullable=False),
    sa.Column('criminal_investigation', sa.Text(), nullable=False),
    sa.Column('s47_started', sa.Boolean(), nullable=True),
    sa.Column('further_information', sa.Text(), nullable=False),
    sa.Column('immediate_actions', sa.Text(), nullable=False),
    sa.Column('legal_action_needed', sa.Boolean(), nullable=True),
    sa.Column('legal_action', sa.Text(), nullable=False),
    sa.Column('shared_with_family', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('allocated_social_worker', sa.String(length=200), nullable=False),
    sa.Column('allocated_team', sa.String(length=200), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('completed_by_id', sa.Integer(), nullable=True),
    sa.Column('ooh_visible_from', sa.DateTime(), nullable=True),
    sa.Column('ooh_acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('ooh_acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['chair_id'], ['users.id'], name=op.f('fk_strategy_discussions_chair_id_users')),
    sa.ForeignKeyConstraint(['completed_by_id'], ['users.id'], name=op.f('fk_strategy_discussions_completed_by_id_users')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_strategy_discussions_contact_id_contacts')),
    sa.ForeignKeyConstraint(['la_agency_id'], ['agencies.id'], name=op.f('fk_strategy_discussions_la_agency_id_agencies')),
    sa.ForeignKeyConstraint(['ooh_acknowledged_by_id'], ['users.id'], name=op.f('fk_strategy_discussions_ooh_acknowledged_by_id_users')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_strategy_discussions_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_discussions')),
    sa.UniqueConstraint('reference', name=op.f('uq_strategy_discussions_reference'))
    )
    op.create_index('ix_strategy_contact', 'strategy_discussions', ['contact_id'], unique=False)
    op.create_index('ix_strategy_la_ooh', 'strategy_discussions', ['la_agency_id', 'out_of_hours', 'ooh_acknowledged_at'], unique=False)
    op.create_table('strategy_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('discussion_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_agency_id', sa.Integer(), nullable=False),
    sa.Column('owner_person', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_strategy_actions_created_by_id_users')),
    sa.ForeignKeyConstraint(['discussion_id'], ['strategy_discussions.id'], name=op.f('fk_strategy_actions_discussion_id_strategy_discussions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_agency_id'], ['agencies.id'], name=op.f('fk_strategy_actions_owner_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_actions'))
    )
    op.create_index('ix_strategy_actions_discussion', 'strategy_actions', ['discussion_id'], unique=False)
    op.create_index('ix_strategy_actions_status_due', 'strategy_actions', ['status', 'due_on'], unique=False)
    op.create_table('strategy_attendees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('discussion_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role_title', sa.String(length=200), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('minimum_role', sa.String(length=30), nullable=True),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_strategy_attendees_agency_id_agencies')),
    sa.ForeignKeyConstraint(['discussion_id'], ['strategy_discussions.id'], name=op.f('fk_strategy_attendees_discussion_id_strategy_discussions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_attendees'))
    )
    op.create_table('strategy_copies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('discussion_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('channel', sa.String(length=20), nullable=True),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_strategy_copies_agency_id_agencies')),
    sa.ForeignKeyConstraint(['discussion_id'], ['strategy_discussions.id'], name=op.f('fk_strategy_copies_discussion_id_strategy_discussions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_strategy_copies_sent_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_copies'))
    )
    op.create_index('ix_strategy_copies_due', 'strategy_copies', ['sent_at', 'due_at'], unique=False)
    op.create_table('strategy_escalations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('discussion_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=False),
    sa.Column('raised_at', sa.DateTime(), nullable=False),
    sa.Column('disagreement', sa.Text(), nullable=False),
    sa.Column('escalation_step', sa.Text(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_strategy_escalations_agency_id_agencies')),
    sa.ForeignKeyConstraint(['discussion_id'], ['strategy_discussions.id'], name=op.f('fk_strategy_escalations_discussion_id_strategy_discussions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['raised_by_id'], ['users.id'], name=op.f('fk_strategy_escalations_raised_by_id_users')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_strategy_escalations_resolved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_escalations'))
    )
    op.create_table('strategy_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('discussion_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_strategy_invitations_agency_id_agencies')),
    sa.ForeignKeyConstraint(['discussion_id'], ['strategy_discussions.id'], name=op.f('fk_strategy_invitations_discussion_id_strategy_discussions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_invitations'))
    )
    op.create_table('strategy_missing_reasons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('discussion_id', sa.Integer(), nullable=False),
    sa.Column('minimum_role', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['discussion_id'], ['strategy_discussions.id'], name=op.f('fk_strategy_missing_reasons_discussion_id_strategy_discussions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_missing_reasons'))
    )
    op.create_table('strategy_outcome_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('discussion_id', sa.Integer(), nullable=False),
    sa.Column('assessment_outcome', sa.String(length=30), nullable=False),
    sa.Column('conference_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['discussion_id'], ['strategy_discussions.id'], name=op.f('fk_strategy_outcome_feedback_discussion_id_strategy_discussions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_strategy_outcome_feedback_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_outcome_feedback'))
    )
    op.create_table('strategy_action_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status_after', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['strategy_actions.id'], name=op.f('fk_strategy_action_feedback_action_id_strategy_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_strategy_action_feedback_agency_id_agencies')),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_strategy_action_feedback_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_action_feedback'))
    )
    op.create_index('ix_strategy_feedback_action', 'strategy_action_feedback', ['action_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_strategy_feedback_action', table_name='strategy_action_feedback')
    op.drop_table('strategy_action_feedback')
    op.drop_table('strategy_outcome_feedback')
    op.drop_table('strategy_missing_reasons')
    op.drop_table('strategy_invitations')
    op.drop_table('strategy_escalations')
    op.drop_index('ix_strategy_copies_due', table_name='strategy_copies')
    op.drop_table('strategy_copies')
    op.drop_table('strategy_attendees')
    op.drop_index('ix_strategy_actions_status_due', table_name='strategy_actions')
    op.drop_index('ix_strategy_actions_discussion', table_name='strategy_actions')
    op.drop_table('strategy_actions')
    op.drop_index('ix_strategy_la_ooh', table_name='strategy_discussions')
    op.drop_index('ix_strategy_contact', table_name='strategy_discussions')
    op.drop_table('strategy_discussions')
