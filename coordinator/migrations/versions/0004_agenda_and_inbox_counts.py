"""Kept counts: agenda suggestions per reason (agenda_counts) and open clocks per department, stage and light
(cockpit_open), filled from the stored rows; the inbox's three indexes made partial (open clocks only), so
PostgreSQL reads a page in index order and neither database's statistics mistake the open rows for few.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agenda_counts',
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('suggestions', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('reason', name=op.f('pk_agenda_counts'))
    )
    op.execute("INSERT INTO agenda_counts (reason, suggestions) "
               "SELECT reason, count(*) FROM agenda_suggestions GROUP BY reason")
    op.create_table('cockpit_open',
    sa.Column('dept', sa.String(length=64), nullable=False),
    sa.Column('node', sa.String(length=64), nullable=False),
    sa.Column('light', sa.String(length=16), nullable=False),
    sa.Column('clocks', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('dept', 'node', 'light', name=op.f('pk_cockpit_open'))
    )
    op.execute("INSERT INTO cockpit_open (dept, node, light, clocks) SELECT dept, node, light, count(*) "
               "FROM cockpit_clocks WHERE finished IS NULL GROUP BY dept, node, light")
    # autogenerate compares neither expression indexes nor partial ones: written by hand
    for name in ('ix_cockpit_clocks_dept_open', 'ix_cockpit_clocks_dept_count', 'ix_cockpit_clocks_open_items'):
        op.drop_index(name, table_name='cockpit_clocks')
    open_only = {'sqlite_where': sa.text('finished IS NULL'), 'postgresql_where': sa.text('finished IS NULL')}
    op.create_index('ix_cockpit_clocks_dept_open', 'cockpit_clocks', ['dept', sa.text('("limit" + extended - used)')],
                    unique=False, **open_only)
    op.create_index('ix_cockpit_clocks_dept_count', 'cockpit_clocks', ['dept', 'node', 'light', 'project_id'],
                    unique=False, **open_only)
    op.create_index('ix_cockpit_clocks_open_items', 'cockpit_clocks', ['kind', 'project_id', 'node'],
                    unique=False, **open_only)


def downgrade():
    for name in ('ix_cockpit_clocks_dept_open', 'ix_cockpit_clocks_dept_count', 'ix_cockpit_clocks_open_items'):
        op.drop_index(name, table_name='cockpit_clocks')
    op.create_index('ix_cockpit_clocks_dept_open', 'cockpit_clocks',
                    ['dept', 'finished', sa.text('("limit" + extended - used)')], unique=False)
    op.create_index('ix_cockpit_clocks_dept_count', 'cockpit_clocks', ['dept', 'finished', 'node', 'light', 'project_id'],
                    unique=False)
    op.create_index('ix_cockpit_clocks_open_items', 'cockpit_clocks', ['kind', 'finished', 'project_id', 'node'],
                    unique=False)
    op.drop_table('cockpit_open')
    op.drop_table('agenda_counts')
